"""Benchmark: parse + analyse throughput on one core, and the import time of the analysis.

    .venv/bin/python bench/bench_analysis.py [--dir /work/shared/samples] [--letters 5000]

The sample letters are repeated until at least --letters are processed, in one process pinned
to one core. Throughput is letters per second of CPU time of that process (so other load on the
machine does not distort it much); wall-clock time is printed too. Two cases: the steady state
(dateparser's per-fragment cache warm, as in a running function) and the worst case with that
cache cleared before every letter. Not a test: it only prints numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared_lib.analysis import dates  # noqa: E402
from shared_lib.analysis.analyze import analyze  # noqa: E402
from shared_lib.analysis.model import AnalysisContext  # noqa: E402
from shared_lib.mail.parse import parse_message  # noqa: E402

IMPORT_PROBE = (
    "import sys, time; t, c = time.perf_counter(), time.process_time(); "
    "import {module}; "
    "print(time.perf_counter() - t, time.process_time() - c, 'dateparser' in sys.modules)"
)


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def load(folder: Path) -> tuple[list[bytes], list[AnalysisContext]]:
    import json

    labels = json.loads((folder / "labels.json").read_text("utf-8"))
    raws, contexts = [], []
    for path in sorted(folder.glob("*.eml")):
        raws.append(path.read_bytes())
        tz = labels.get(path.name, {}).get("timezone", "UTC")
        contexts.append(
            AnalysisContext(
                timezone=tz,
                user_emails=["alex.dubrovin@gmail.com"],
                sender_lists={"VIP": ["boss@example.com"], "colleagues": ["hse.ru"]},
                hashtags={"project": ["проект", "project"], "report": ["отчёт", "report"]},
            )
        )
    return raws, contexts


def throughput(
    raws: list[bytes], contexts: list[AnalysisContext], total: int, cold: bool
) -> tuple[int, float, float, float]:
    """Parse + analyse: (letters, CPU seconds, wall seconds, wall seconds of the fastest pass
    over the samples — the least disturbed by other load on the machine)."""
    rounds = -(-total // len(raws))
    wall, cpu, best = time.perf_counter(), time.process_time(), float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for raw, ctx in zip(raws, contexts, strict=True):
            if cold:
                dates.parse_calendar_date.cache_clear()
            analyze(parse_message(raw), ctx)
        best = min(best, time.perf_counter() - start)
    return rounds * len(raws), time.process_time() - cpu, time.perf_counter() - wall, best


def parse_only(raws: list[bytes], total: int) -> tuple[float, float]:
    """Letters per CPU second of parsing alone, and per wall second in the fastest pass."""
    rounds = -(-total // len(raws))
    cpu, best = time.process_time(), float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for raw in raws:
            parse_message(raw)
        best = min(best, time.perf_counter() - start)
    return rounds * len(raws) / (time.process_time() - cpu), len(raws) / best


def analyse_only(raws: list[bytes], contexts: list[AnalysisContext], total: int) -> float:
    """Letters per CPU second of the analysis alone, on letters parsed beforehand."""
    mails = [parse_message(raw) for raw in raws]
    rounds = -(-total // len(raws))
    cpu = time.process_time()
    for _ in range(rounds):
        for mail, ctx in zip(mails, contexts, strict=True):
            analyze(mail, ctx)
    return rounds * len(raws) / (time.process_time() - cpu)


def import_time(runs: int, module: str) -> tuple[float, float, bool]:
    """Median wall and CPU seconds of the import, and whether it imported dateparser."""
    walls, cpus, loaded = [], [], False
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE.format(module=module)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
        loaded = loaded or out[2] == "True"
    return statistics.median(walls), statistics.median(cpus), loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/work/shared/samples"))
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--import-runs", type=int, default=7)
    args = parser.parse_args()

    wall, cpu, dateparser_loaded = import_time(args.import_runs, "shared_lib.analysis.analyze")
    base_wall, base_cpu, _ = import_time(args.import_runs, "shared_lib.mail.model")
    print(
        f"import shared_lib.analysis.analyze in a fresh interpreter, median of "
        f"{args.import_runs}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU "
        f"(dateparser imported: {dateparser_loaded}); of which pydantic and "
        f"shared_lib.mail.model alone: {base_wall * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms CPU"
    )

    print(pin_to_one_core())
    raws, contexts = load(args.dir)
    size = sum(map(len, raws)) / len(raws)
    print(f"{len(raws)} sample letters, average size {size / 1024:.1f} KB ({size:.0f} bytes)")
    throughput(raws, contexts, len(raws), cold=False)  # warm-up: dateparser loads its locales

    print(f"load average before: {os.getloadavg()[0]:.1f}")
    per_cpu, best = parse_only(raws, args.letters)
    print(f"parse only: {per_cpu:.0f} letters/s of CPU time, {best:.0f} letters/s in the best pass")
    rate = analyse_only(raws, contexts, args.letters)
    print(f"analyse only: {rate:.0f} letters/s of CPU time ({1e6 / rate:.0f} µs each)")
    for cold, label in ((False, "steady state"), (True, "dateparser cache cleared per letter")):
        count, cpu, wall, best = throughput(raws, contexts, args.letters, cold)
        print(
            f"parse + analyse, {label}: {count / cpu:.0f} letters/s of CPU time "
            f"({cpu * 1e6 / count:.0f} µs each), {count / wall:.0f} letters/s wall clock, "
            f"{len(raws) / best:.0f} letters/s in the best pass ({count} letters)"
        )


if __name__ == "__main__":
    main()
