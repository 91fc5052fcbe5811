"""Benchmark of `parse_message`: letters per second and per-letter times on one core.

Runs two sets, each repeated to at least 5,000 letters:
- the sample letters (`*.eml` in the folder given, default the demo set,
  telemail_local/demo_letters);
- "real-size" letters built here: a few KB each, multipart/alternative plain + HTML with a
  Gmail-like header block (Received, DKIM, ARC...), some with an attachment;
then one 20 MB letter (a 15 MB base64 attachment): its time and its peak memory (tracemalloc).

Usage: python bench/bench_parse.py [SAMPLES_DIR] [--min-letters N] [--passes N]
It prints numbers (the best of a few passes); it is not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from shared_lib.mail.parse import parse_message
from telemail_local import DEMO_LETTERS

_WORDS_RU = ("проект", "отчёт", "встреча", "завтра", "пожалуйста", "срочно", "договор", "оплата")
_WORDS_EN = ("project", "report", "meeting", "tomorrow", "please", "urgent", "contract", "invoice")


def real_size_letters(count: int = 40, seed: int = 7) -> list[bytes]:
    """Few-KB multipart/alternative letters with realistic headers (built, not copied)."""
    rng = random.Random(seed)
    letters = []
    for i in range(count):
        words = _WORDS_RU if i % 2 else _WORDS_EN
        paragraphs = [
            " ".join(rng.choice(words) for _ in range(rng.randint(25, 60))).capitalize() + "."
            for _ in range(rng.randint(3, 7))
        ]
        link = f"https://docs.example.com/d/{rng.randint(1000, 9999)}"
        msg = EmailMessage()
        for hop in range(4):
            msg["Received"] = (
                f"from mx{hop}.example.net (mx{hop}.example.net. [203.0.113.{hop}]) by "
                f"mx.google.com with ESMTPS id abc{hop}.{i} for <alex@gmail.com>; "
                f"Tue, 24 Nov 2026 10:0{hop}:00 -0800 (PST)"
            )
        msg["ARC-Seal"] = "i=1; a=rsa-sha256; t=1795565958; cv=none; d=google.com; b=" + "A" * 340
        msg["DKIM-Signature"] = (
            "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; b=" + "B" * 340
        )
        msg["From"] = f"{'Иван Петров' if i % 2 else 'John Smith'} <sender{i}@example.com>"
        msg["To"] = "Alex Dubrovin <alex.dubrovin@gmail.com>, team@example.com"
        if i % 3 == 0:
            msg["Cc"] = "Dana <dana@example.com>"
        msg["Subject"] = " ".join(rng.choice(words) for _ in range(6))
        msg["Date"] = format_datetime(datetime(2026, 11, 24, 10, 0, tzinfo=UTC) + timedelta(i))
        msg["Message-ID"] = f"<{i}.{rng.getrandbits(48)}@example.com>"
        if i % 4 == 0:
            msg["List-Unsubscribe"] = "<https://example.com/unsub?u=1>"
            msg["Precedence"] = "bulk"
        msg.set_content("\n\n".join(paragraphs) + f"\n\n{link}\n")
        html = "".join(f"<p style='margin:0 0 12px'>{p}</p>" for p in paragraphs)
        msg.add_alternative(
            f"<html><head><style>p{{color:#333}}</style></head><body><table><tr><td>{html}"
            f"<a href='{link}'>Open</a></td></tr></table></body></html>",
            subtype="html",
        )
        if i % 5 == 0:
            msg.add_attachment(rng.randbytes(3000), "application", "pdf", filename="report.pdf")
        letters.append(msg.as_bytes())
    return letters


def run(name: str, letters: list[bytes], min_letters: int, passes: int) -> None:
    """Parse the letters round-robin until `min_letters` are done, `passes` times; print the
    best pass (the machine may be shared: the best pass is the least disturbed one)."""
    rounds = -(-min_letters // len(letters))
    for raw in letters:  # warm-up: imports, regex caches, lxml parser
        parse_message(raw)
    best: tuple[float, float, list[int]] | None = None
    for _ in range(passes):
        times = []
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            for raw in letters:
                t0 = time.perf_counter_ns()
                parse_message(raw)
                times.append(time.perf_counter_ns() - t0)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu, sorted(times))
    wall, cpu, times = best
    sizes = sorted(len(raw) for raw in letters)
    print(f"== {name}: {len(letters)} distinct letters x {rounds} = {len(times)} parses")
    print(
        f"   sizes (bytes): min {sizes[0]}, median {int(statistics.median(sizes))}, max {sizes[-1]}"
    )
    print(
        f"   letters/s: {len(times) / wall:,.0f} (wall clock), {len(times) / cpu:,.0f} (CPU time)"
    )
    print(
        f"   per letter: median {times[len(times) // 2] / 1e6:.3f} ms, "
        f"p95 {times[int(len(times) * 0.95)] / 1e6:.3f} ms, max {times[-1] / 1e6:.3f} ms"
    )


def big_letter() -> bytes:
    """A 20 MB letter: a short text and a 15 MB attachment in base64 (76-character lines)."""
    msg = EmailMessage()
    msg["From"] = "Backup <backup@example.com>"
    msg["Subject"] = "Nightly backup"
    msg.set_content("Archive attached.\n")
    msg.add_attachment(bytes(15 * 1024 * 1024), "application", "zip", filename="backup.zip")
    return msg.as_bytes()  # bytes attachments are written in base64


def run_big(raw: bytes, passes: int) -> None:
    """Time (best pass) and peak traced memory of parsing one big letter."""
    times = []
    for _ in range(passes):
        t0 = time.perf_counter()
        parse_message(raw)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    try:
        mail = parse_message(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"== one {len(raw) / 1e6:.1f} MB letter ({mail.attachments[0].size:,} byte attachment)")
    print(f"   time: best {min(times):.3f} s of {passes}")
    print(f"   peak memory while parsing (tracemalloc, letter excluded): {peak / 1e6:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", default=str(DEMO_LETTERS))
    parser.add_argument("--min-letters", type=int, default=5000)
    parser.add_argument("--passes", type=int, default=3, help="the best pass is reported")
    args = parser.parse_args()
    samples = [p.read_bytes() for p in sorted(Path(args.samples).glob("*.eml"))]
    if samples:
        run(f"samples in {args.samples}", samples, args.min_letters, args.passes)
    else:
        print(f"no .eml files in {args.samples}")
    run(
        "real-size letters (multipart plain+html, Gmail-like headers)",
        real_size_letters(),
        args.min_letters,
        args.passes,
    )
    run_big(big_letter(), args.passes)


if __name__ == "__main__":
    main()
