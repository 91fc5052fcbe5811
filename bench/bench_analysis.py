"""Benchmark: parse + analyse throughput on one core, and the import time of the analysis.

    .venv/bin/python bench/bench_analysis.py [--dir FOLDER] [--letters 5000]

Two sets: the letters of --dir as they are (default: the demo set, telemail_local/demo_letters),
and their real-size versions (`telemail_local/real_size.py`: Gmail's trace fields, an HTML
alternative, a quoted earlier letter). Each kind of work runs over a set repeated to at least
--letters letters, in one process pinned to one core, measured in CPU time of that process: parse
only, analyse only, parse + analyse in the steady state (dateparser's per-fragment cache warm, as
in a running function), and parse + analyse with that cache cleared before every letter (the
worst case). The kinds take turns, --runs times; the median and the best run of each are printed.
Not a test: it only prints numbers.
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
from shared_lib.mail.model import ParsedMail  # noqa: E402
from shared_lib.mail.parse import parse_message  # noqa: E402
from telemail_local import DEMO_LETTERS  # noqa: E402
from telemail_local.real_size import real_size  # noqa: E402

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


def one_run(
    raws: list[bytes],
    mails: list[ParsedMail],
    contexts: list[AnalysisContext],
    kind: str,
    total: int,
) -> tuple[float, int]:
    """CPU seconds and letters of one run: the letters, repeated until at least `total` are
    done, by one kind of work: "parse", "analyse" (letters parsed beforehand), "both", or
    "both-cold" (dateparser's fragment cache cleared before every letter)."""
    rounds = -(-total // len(raws))
    start = time.process_time()
    for _ in range(rounds):
        if kind == "parse":
            for raw in raws:
                parse_message(raw)
        elif kind == "analyse":
            for mail, ctx in zip(mails, contexts, strict=True):
                analyze(mail, ctx)
        else:
            for raw, ctx in zip(raws, contexts, strict=True):
                if kind == "both-cold":
                    dates.parse_calendar_date.cache_clear()
                analyze(parse_message(raw), ctx)
    return time.process_time() - start, rounds * len(raws)


_REFERENCE_LETTER = (
    b"From: Anna <anna@example.com>\r\nTo: alex@example.com\r\nSubject: Reference\r\n"
    b"Date: Mon, 23 Nov 2026 10:15:00 +0300\r\n\r\n" + b"A line of the reference text.\r\n" * 20
)


def reference_rate() -> float:
    """Runs per CPU second of a fixed stdlib workload (the email package reading one letter):
    the machine's speed at the moment, to tell a slower program from a slower machine (this
    shared machine's speed drifts by up to 2x)."""
    from email import message_from_bytes

    start = time.process_time()
    for _ in range(2000):
        message_from_bytes(_REFERENCE_LETTER).get_payload()
    return 2000 / (time.process_time() - start)


def throughputs(
    raws: list[bytes], contexts: list[AnalysisContext], total: int, runs: int
) -> tuple[dict[str, tuple[float, float, int]], list[float]]:
    """Per kind of work: (median, best) letters per CPU second over `runs` runs of at least
    `total` letters each, and the letters of one run; and the reference rate measured before
    each round. The kinds take turns run by run, so that a spell of other load on the machine
    hits them alike."""
    mails = [parse_message(raw) for raw in raws]
    kinds = ("parse", "analyse", "both", "both-cold")
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    references = []
    count = 0
    for _ in range(runs):
        references.append(reference_rate())
        for kind in kinds:
            spent, count = one_run(raws, mails, contexts, kind, total)
            rates[kind].append(count / spent)
    result = {kind: (statistics.median(r), max(r), count) for kind, r in rates.items()}
    return result, references


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
    parser.add_argument("--dir", type=Path, default=DEMO_LETTERS)
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind of work")
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
    samples, contexts = load(args.dir)
    for name, raws in (
        ("sample letters as given", samples),
        ("real-size versions of the samples", [real_size(raw) for raw in samples]),
    ):
        size = sum(map(len, raws)) / len(raws)
        print(f"\n== {len(raws)} {name}, average size {size / 1024:.1f} KB ({size:.0f} bytes)")
        report(raws, contexts, args.letters, args.runs)


def report(raws: list[bytes], contexts: list[AnalysisContext], letters: int, runs: int) -> None:
    """Print the throughputs of each kind of pass over one set of letters."""
    mails = [parse_message(raw) for raw in raws]
    one_run(raws, mails, contexts, "both", 1)  # warm-up: dateparser loads its locales
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    labels = {
        "parse": "parse only",
        "analyse": "analyse only",
        "both": "parse + analyse",
        "both-cold": "parse + analyse, dateparser cache cleared per letter",
    }
    result, references = throughputs(raws, contexts, letters, runs)
    print(
        f"machine speed (reference workload, runs/s before each round): "
        f"{', '.join(f'{r:.0f}' for r in references)}"
    )
    for kind, (median, best, count) in result.items():
        print(
            f"{labels[kind]}: {median:.0f} letters/s (median of {runs} runs of {count} letters; "
            f"{1e6 / median:.0f} µs each), best run {best:.0f} letters/s; CPU time of one core"
        )


if __name__ == "__main__":
    main()
