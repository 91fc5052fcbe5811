"""Benchmark: hashtag matching with the largest hashtag setup the settings accept.

    .venv/bin/python bench/bench_hashtags.py

In a fresh process (nothing cached): the CPU time of the first `match_hashtags` call with
50 hashtags × 30 phrases of 100 characters on a 10 000-character body holding every first word
(the cold start of an instance), then the median of later calls (warm), and the median on a
normal demo letter with a few hashtags. Not a test: it only prints numbers.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared_lib.analysis.body import MAX_TEXT  # noqa: E402
from shared_lib.analysis.hashtags import match_hashtags  # noqa: E402
from shared_lib.analysis.letter import prepare  # noqa: E402
from shared_lib.mail.model import ParsedMail  # noqa: E402
from shared_lib.mail.parse import parse_message  # noqa: E402
from telemail_local import DEMO_LETTERS  # noqa: E402

WORDS = ("отчёт", "проект", "договор", "встреча", "report", "status", "project")
MAX_TAGS = {
    f"tag{i}": [
        " ".join(f"{word}{'а' * (n % 4)}" for n, word in enumerate(WORDS[j % 4 :] * 3))[:100]
        + f" x{i}y{j}"
        for j in range(30)
    ]
    for i in range(50)
}
FEW_TAGS = {"reports": ["отчёт", "report"], "project-x": ["проект икс"], "bills": ["invoice"]}


def cpu(call: object, runs: int = 1) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.process_time()
        call()  # type: ignore[operator]
        out.append(time.process_time() - started)
    return out


def main() -> None:
    unit = "отчёт проекта договор встреча "
    text = (unit * (MAX_TEXT // len(unit) + 1))[:MAX_TEXT]
    letter = prepare(ParsedMail(subject="Hello", text=text), "UTC")
    cold = cpu(lambda: match_hashtags(letter, MAX_TAGS))[0]
    warm = statistics.median(cpu(lambda: match_hashtags(letter, MAX_TAGS), 10))
    print(f"largest setup, first call (cold): {cold * 1000:8.1f} ms CPU")
    print(f"largest setup, later calls (warm): {warm * 1000:8.1f} ms CPU (median of 10)")
    demo = sorted(Path(DEMO_LETTERS).glob("*.eml"))
    letters = [prepare(parse_message(p.read_bytes()), "UTC") for p in demo]
    per = cpu(lambda: [match_hashtags(x, FEW_TAGS) for x in letters], 50)
    each = statistics.median(per) / len(letters) * 1e6
    print(f"demo letters ({len(letters)}), 3 hashtags: {each:8.1f} µs per letter")
    per = cpu(lambda: [match_hashtags(x, MAX_TAGS) for x in letters], 5)
    each = statistics.median(per) / len(letters) * 1e6
    print(f"demo letters, largest setup (warm): {each:8.1f} µs per letter")


if __name__ == "__main__":
    main()
