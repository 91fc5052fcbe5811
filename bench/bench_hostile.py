"""Benchmark of hostile letters: worst-case time and peak memory per class, parse and parse+analyse.

    .venv/bin/python bench/bench_hostile.py [--sizes 100000,1000000,5000000,20000000]
                                            [--only CLASS,...] [--timeout 60] [--no-analyse]

Each class of `tests/hostile_letters.py` (deep and unclosed HTML, encoded-word floods, huge
header counts, many and deep parts, giant lines, delivery-status floods, long address lists,
damaged base64/QP, and analysis-side texts: "ДОМ-" runs, Zoom links, dates, URLs, addresses)
is built at each size (up to 20 MB, the size letters are tested at: see docs and
tests/integration/test_bad_input.py). Each (class, size) runs in a child process, so that its
peak memory (growth of the child's max RSS over its state before the letter) is its own and a
runaway case can be stopped at --timeout. Times are CPU seconds (time.process_time) of
`parse_message`, and of `parse_message` + `analyze` (as bench_analysis.py calls them).
Prints the worst case per class. Not a test: it only prints numbers.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_letters import CLASSES  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(name: str, size: int, analyse: bool, out: mp.Queue) -> None:
    from shared_lib.analysis.analyze import analyze
    from shared_lib.analysis.model import AnalysisContext
    from shared_lib.mail.parse import parse_message

    ctx = AnalysisContext(timezone="Europe/Moscow", user_emails=["alex@example.com"])
    warm = CLASSES["giant_single_line"](2000)
    analyze(parse_message(warm), ctx)  # imports, caches, lxml and dateparser loaded
    raw = CLASSES[name](size)
    base = _rss_mb()
    start = time.process_time()
    mail = parse_message(raw)
    parse_s = time.process_time() - start
    parse_mb = _rss_mb() - base
    both_s = both_mb = float("nan")
    if analyse:
        start = time.process_time()
        analyze(mail, ctx)
        both_s = parse_s + time.process_time() - start
        both_mb = _rss_mb() - base
    out.put((len(raw), parse_s, parse_mb, both_s, both_mb, len(mail.text), len(mail.defects)))


def measure(name: str, size: int, analyse: bool, timeout: float) -> tuple | None:
    """(bytes, parse s, parse MB, parse+analyse s, MB, text chars, notes); None on timeout."""
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, size, analyse, out))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return out.get() if not out.empty() else ("crashed",)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000,5000000,20000000")
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--no-analyse", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = args.only.split(",") if args.only else list(CLASSES)
    print(f"{'class':34} {'worst parse':>18} {'peak MB':>8} {'worst parse+analyse':>20} {'MB':>6}")
    for name in names:
        worst: dict[str, tuple[float, int]] = {"parse": (0.0, 0), "both": (0.0, 0)}
        mem = [0.0, 0.0]
        notes = []
        for size in sizes:
            result = measure(name, size, not args.no_analyse, args.timeout)
            if result is None:
                notes.append(f">{args.timeout:.0f}s at {size // 1000} KB")
                worst["parse"] = max(worst["parse"], (float("inf"), size))
                break
            if result[0] == "crashed":
                notes.append(f"crashed at {size // 1000} KB")
                break
            raw_len, parse_s, parse_mb, both_s, both_mb, _, _ = result
            worst["parse"] = max(worst["parse"], (parse_s, raw_len))
            if both_s == both_s:  # not NaN
                worst["both"] = max(worst["both"], (both_s, raw_len))
            mem = [max(mem[0], parse_mb), max(mem[1], both_mb if both_mb == both_mb else 0)]
        p, b = worst["parse"], worst["both"]
        print(
            f"{name:34} {p[0]:8.3f}s @{p[1] // 1000:>6} KB {mem[0]:8.0f} "
            f"{b[0]:10.3f}s @{b[1] // 1000:>6} KB {mem[1]:6.0f}  {'; '.join(notes)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
