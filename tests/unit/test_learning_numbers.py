"""The README's learning headline states what bench/RESULTS.md measured (one source of numbers)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readmes_learning_accuracy_is_the_one_bench_results_records():
    readme = " ".join((ROOT / "README.md").read_text().split())
    results = (ROOT / "bench/RESULTS.md").read_text()
    headline = re.search(
        r"(\d+\.\d) % accuracy on importance after warm-up, against (\d+\.\d) % for the generic",
        readme,
    )
    row = re.search(
        r"\| accuracy, second half of each user's stream \| (\d+\.\d) % \| (\d+\.\d) % \|", results
    )
    assert headline is not None and row is not None
    learned, generic = headline.groups()
    assert (generic, learned) == row.groups()
