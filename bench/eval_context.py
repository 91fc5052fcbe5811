"""The analysis scored with more of the user's context: their addresses, and Gmail's labels.

    .venv/bin/python bench/eval_context.py [DIR...] [--user ADDRESS ...]

Prints, per folder (default: the project's own labelled sets, PROJECT_SETS), the scores of
four runs: the plain evaluation (no addresses, no labels, as
`python -m shared_lib.analysis.evaluate`), with the user's addresses (`--user`), with the labels
the Gmail stand-in would give each letter (telemail_local/gmail_tabs.py), and with both. The
corpora carry no Gmail labels; the stand-in's are a stand-in's, so the last two runs show that
labels, where present, do not hurt, not what real Gmail's would do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_lib.analysis.evaluate import evaluate_dir
from shared_lib.analysis.model import AnalysisContext
from telemail_local import DEMO_LETTERS
from telemail_local.gmail_tabs import gmail_labels_for

# The project's own labelled letters: the demo mailbox's, and three sets written independently of
# the analysis code (tests/letters/): the default folders.
PROJECT_SETS = [
    DEMO_LETTERS,
    *(
        Path(__file__).resolve().parents[1] / "tests" / "letters" / n
        for n in ("office-ru", "work-intl", "life-mix")
    ),
]

FIELDS = (
    ("category", "accuracy"),
    ("sender_kind", "accuracy"),
    ("urgency", "accuracy"),
    ("urgency", "urgent_f1"),
    ("reply_expected", "accuracy"),
    ("reply_expected", "f1"),
)


def _context(users: list[str], labels: bool) -> Any:
    def make(label: dict[str, Any], raw: bytes) -> AnalysisContext:
        return AnalysisContext(
            timezone=label.get("timezone", "UTC"),
            user_emails=users,
            gmail_labels=gmail_labels_for(raw) if labels else [],
        )

    return make


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "dirs", nargs="*", type=Path, default=[d for d in PROJECT_SETS if d.is_dir()]
    )
    parser.add_argument("--user", action="append", default=[], help="an address of the user")
    args = parser.parse_args()
    runs = {
        "plain": None,
        "addresses": _context(args.user, False),
        "labels": _context([], True),
        "both": _context(args.user, True),
    }
    header = "  ".join(f"{f[:8]}.{m[:6]:6}" for f, m in FIELDS)
    for folder in args.dirs:
        print(f"{folder} ({'users: ' + ', '.join(args.user) if args.user else 'no --user'})")
        print(f"  {'run':10} {header}")
        for name, context in runs.items():
            report = evaluate_dir(folder, context=context)
            values = "  ".join(f"{report.metrics[f][m]:15.3f}" for f, m in FIELDS)
            print(f"  {name:10} {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
