"""Benchmark of 📖 Read on the local stack: from the button press to the letter in the chat.

Starts its own LocalStack (emulators, the four functions, stand-ins; loopback only), connects
one scripted user, delivers a reply letter with a quote (about 1 KB) and a newsletter (HTML,
~2 KB), then presses Read ``--presses`` times on each (one at a time) and measures, per press,
the time from the press (the Telegram stand-in posting the callback update to the webhook) to
the moment the Telegram stand-in has the answer message: the webhook's Gmail fetch, the outbox
publish, the Pub/Sub push and the send. Also the viewer's ``GET /api/letter`` (initData check,
Gmail fetch, sanitizing). Prints p50/p90/max; the goal is p50 under 1.5 s. It is not a test.

``--local-only`` skips the stack and times, in this process, what a press and a view cost
beyond the network: ``read_letter`` (the one parse, and the walk for HTML, pictures and
attachments) and ``sanitize``, on the same letters, a long one and one with a 1 MB attachment.

``--uploads 5,20,35,50`` times instead the 📎 document upload on the stack for attachments of
those sizes in MB: from ``POST /api/letter/attachment`` to the document in the Telegram
stand-in (the outbox drain's ``messages.get``, ``attachments.get`` and ``sendDocument``), and
the peak memory of ``telegram_webhook``'s processes.

Usage: python bench/bench_read.py [--presses 50] [--local-only] [--uploads MB,MB...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telemail_local.scripted_user import connect  # noqa: E402
from telemail_local.stack import LocalStack  # noqa: E402
from tests import reader_letters  # noqa: E402

USER = 880_001


def _percentiles(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(
        f"{name:<50} n={len(ms):<3} p50 {statistics.median(ms):7.0f} ms   "
        f"p90 {p90:7.0f} ms   max {ms[-1]:7.0f} ms"
    )


def _wait_new(stack: LocalStack, before: set[int], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(m.message_id not in before for m in stack.telegram.bot_messages(USER)):
            return
        time.sleep(0.005)
    raise TimeoutError("no answer to Read")


def _in_process(rounds: int) -> None:
    """read_letter and sanitize per letter, in this process (no stack, no network)."""
    from shared_lib.reader.letter import read_letter
    from shared_lib.reader.sanitize import sanitize

    address = "me@x.example"
    shapes = {
        "reply with a quote (plain)": reader_letters.reply_with_quote("Bench reply", address),
        "newsletter (HTML)": reader_letters.newsletter("Bench newsletter", address),
        "long letter (12 paragraphs)": reader_letters.long_letter("Bench long", address, 12),
        "hostile HTML": reader_letters.hostile("Bench hostile", address),
        "newsletter + 1 MB attachment": _with_attachment(
            reader_letters.newsletter("Bench big", address)
        ),
    }
    read_letter(shapes["newsletter (HTML)"])  # imports, lxml, caches
    for name, raw in shapes.items():
        reads, cleans = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            content = read_letter(raw)
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            if content.html:
                sanitize(content.html, content.inline)
            cleans.append(time.perf_counter() - start)
        label = f"{name} ({len(raw) / 1024:.1f} KB)"
        print(
            f"{label:<44} read_letter p50 {statistics.median(reads) * 1000:6.2f} ms   "
            f"sanitize p50 {statistics.median(cleans) * 1000:6.2f} ms"
        )


def _with_attachment(raw: bytes, size: int = 1 << 20) -> bytes:
    from email import message_from_bytes, policy

    msg = message_from_bytes(raw, policy=policy.default)
    msg.make_mixed()
    msg.add_attachment(os.urandom(size), maintype="application", subtype="pdf",
                       filename="report.pdf")  # fmt: skip
    return msg.as_bytes()


def _uploads(stack: LocalStack, address: str, sizes: list[float]) -> None:
    """Time one 📎 upload per size, and telegram_webhook's peak memory."""
    from telemail_local.procs import group_status_kb

    pgid = os.getpgid(stack._functions["telegram_webhook"].proc.pid)
    url = stack.function_url("telegram_webhook") + "/api/letter/attachment"
    for mb in sizes:
        subject = f"Bench upload {mb} MB"
        raw = _with_attachment(
            reader_letters.reply_with_quote(subject, address), int(mb * (1 << 20))
        )
        gmail_id = stack.gmail.deliver(address, raw).id
        deadline = time.monotonic() + 300
        while not any(subject in m.plain for m in stack.telegram.bot_messages(USER)):
            if time.monotonic() > deadline:
                raise TimeoutError("no notification")
            time.sleep(0.2)
        headers = {"Authorization": "tma " + stack.telegram.webapp_init_data(USER)}
        before = {m.message_id for m in stack.telegram.bot_messages(USER)}
        start = time.perf_counter()
        response = requests.post(
            url, params={"m": gmail_id, "part": "1"}, headers=headers, timeout=30
        )
        assert response.status_code == 202, response.text[:200]
        _wait_new(stack, before, timeout=600)
        seconds = time.perf_counter() - start
        (sent,) = [m for m in stack.telegram.bot_messages(USER) if m.message_id not in before]
        what = f"{sent.document['size'] / (1 << 20):.1f} MB sent" if sent.document else sent.plain
        peak = sum(group_status_kb(pgid, "VmHWM").values()) // 1024
        print(
            f"upload {mb:>5} MB attachment ({len(raw) / (1 << 20):.1f} MB letter): "
            f"{seconds:6.1f} s   {what[:60]}   telegram_webhook peak RSS (group) {peak} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--local-only", action="store_true", help="no stack: parse and sanitize")
    parser.add_argument("--uploads", default="", help="attachment sizes in MB, e.g. 5,20,50")
    args = parser.parse_args()
    if args.local_only:
        _in_process(args.presses)
        return
    log_dir = Path(tempfile.mkdtemp(prefix="telemail-bench-read-"))
    print(f"starting the local stack (logs: {log_dir})…")
    stack = LocalStack(log_dir).start()
    try:
        address = f"reader{USER}@gmail.example"
        stack.google.add_account(address, "Reader")
        connect(stack, USER, address)
        if args.uploads:
            _uploads(stack, address, [float(mb) for mb in args.uploads.split(",")])
            return
        shapes = {
            "reply with a quote (plain)": reader_letters.reply_with_quote("Bench reply", address),
            "newsletter (HTML)": reader_letters.newsletter("Bench newsletter", address),
        }
        ids = {}
        for name, raw in shapes.items():
            ids[name] = stack.gmail.deliver(address, raw).id
        deadline = time.monotonic() + 60
        while len([m for m in stack.telegram.bot_messages(USER) if "Bench" in m.plain]) < 2:
            if time.monotonic() > deadline:
                raise TimeoutError("no notifications")
            time.sleep(0.1)
        note = stack.telegram.bot_messages(USER)[-1]
        gets_before = sum(1 for p in stack.gmail.requests if "/messages/" in p)
        for name, gmail_id in ids.items():
            times = []
            for _ in range(args.presses):
                before = {m.message_id for m in stack.telegram.bot_messages(USER)}
                start = time.perf_counter()
                stack.telegram.user_clicks(USER, note.message_id, f"read:{gmail_id}")
                _wait_new(stack, before)
                times.append(time.perf_counter() - start)
            _percentiles(f"Read: {name}", times)
        url = stack.function_url("telegram_webhook") + "/api/letter?m="
        for name, gmail_id in ids.items():
            times = []
            for _ in range(args.presses):
                headers = {"Authorization": "tma " + stack.telegram.webapp_init_data(USER)}
                start = time.perf_counter()
                response = requests.get(url + gmail_id, headers=headers, timeout=30)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text[:200]
            _percentiles(f"viewer GET /api/letter: {name}", times)
        gets = sum(1 for p in stack.gmail.requests if "/messages/" in p) - gets_before
        print(f"Gmail messages.get calls: {gets} for {4 * args.presses} reads and views")
        print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
