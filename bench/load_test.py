"""Load benchmark of the whole pipeline on the local stack: Gmail push → notification.

Starts its own LocalStack (emulators, the four functions, stand-ins; loopback only), connects
``--users`` scripted users, delivers ``--per-user`` letters to each (round robin over the users;
shapes from the demo letters, or ``--letters DIR``, and ``tests/letters.py``, each subject
carrying a unique tag), and reports:
- throughput: letters / (first publish → last notification), and the delivery rate offered;
- latency per letter: from just before the Gmail stand-in publishes its push to the first time
  the Telegram stand-in's chat shows the notification (polled every ``--poll-ms``);
- errors: letters never notified, duplicates, non-2xx answers to Pub/Sub pushes (by
  subscription), tracebacks and redeliveries in the function logs;
- the work it took: Gmail API requests per letter, gmail_push's peak memory.

Usage: python bench/load_test.py [--users 50] [--per-user 20] [--rate 0] [--timeout 300]
       [--letters DIR]
(--rate: letters per second offered, 0 = as fast as they can be delivered). It prints numbers
and stops by itself (the stack is stopped on exit); it is not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telemail_local import DEMO_LETTERS, push_relay  # noqa: E402
from telemail_local.procs import group_status_kb  # noqa: E402
from telemail_local.scripted_user import connect  # noqa: E402
from telemail_local.stack import LocalStack  # noqa: E402
from tests import letters  # noqa: E402

TAG = re.compile(r"\[L(\d+)-(\d+)\]")
FIRST_UID = 880_001


def _count_push_answers(counts: Counter[tuple[str, int]]) -> None:
    """Make the push relay (Pub/Sub's side of every push) count the answers it relays."""
    original = push_relay.create_app

    def counting_app(*args: Any, **kwargs: Any) -> Any:
        app = original(*args, **kwargs)

        @app.after_request
        def count(response: Any) -> Any:
            from flask import request

            counts[(request.path.rpartition("/")[2], response.status_code)] += 1
            return response

        return app

    push_relay.create_app = counting_app


def _shapes(folder: Path) -> list[tuple[str, Any]]:
    """(name, build(tagged subject, address) → raw letter): the letters of ``folder``, then
    built shapes."""
    shapes: list[tuple[str, Any]] = []
    for path in sorted(folder.glob("*.eml")):
        original = path.read_bytes()

        def build(tag: str, to: str, original: bytes = original) -> bytes:
            head, sep, body = original.partition(b"\n\n")
            if not sep:
                head, sep, body = original.partition(b"\r\n\r\n")
            tagged = b"Subject: " + tag.encode() + b" "
            lines = re.sub(rb"(?im)^subject:[ \t]*", tagged, head, count=1)
            return lines + sep + body

        shapes.append((path.name, build))
    for shape in letters.SHAPES:
        shapes.append((shape.__name__, lambda tag, to, shape=shape: shape(f"{tag} built", to)))
    return shapes


def _group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of the live processes of a process group."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(fields[2]) == pgid:
                ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def _cpu(stack: LocalStack) -> dict[str, float]:
    """CPU seconds used so far by each part of the stack (this process: stand-ins, relay)."""
    groups = {name: process.proc.pid for name, process in stack._functions.items()}
    if stack.emulators is not None:
        groups["firestore emulator"] = stack.emulators._firestore.proc.pid
        groups["pubsub emulator"] = stack.emulators._pubsub.proc.pid
    used = {name: _group_cpu_seconds(os.getpgid(pid)) for name, pid in groups.items()}
    times = os.times()
    used["stand-ins + relay + this script"] = times.user + times.system
    return used


def _group_peak_mb(pgid: int) -> float:
    return sum(group_status_kb(pgid, "VmHWM").values()) / 1024


class Watcher(threading.Thread):
    """Polls the Telegram stand-in's messages and timestamps the first sight of each tag."""

    def __init__(self, stack: LocalStack, poll_seconds: float) -> None:
        super().__init__(daemon=True)
        self.stack, self.poll = stack, poll_seconds
        self.seen: dict[tuple[int, int], float] = {}
        self.copies: Counter[tuple[int, int]] = Counter()
        self.stopped = threading.Event()

    def run(self) -> None:
        index = 0
        while not self.stopped.is_set():
            messages = self.stack.telegram.messages
            now = time.monotonic()
            for message in messages[index:]:
                found = TAG.search(message.plain) if message.from_bot else None
                if found:
                    key = (int(found[1]), int(found[2]))
                    self.seen.setdefault(key, now)
                    self.copies[key] += 1
            index = len(messages)
            self.stopped.wait(self.poll)


def _answered(counts: Counter[tuple[str, int]], subscription: str) -> int:
    return sum(n for (name, _), n in counts.items() if name == subscription)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0, help="letters/s offered; 0 = max")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for all")
    parser.add_argument("--poll-ms", type=float, default=10)
    parser.add_argument(
        "--letters",
        type=Path,
        default=DEMO_LETTERS,
        help="a folder of *.eml (default: the demo set)",
    )
    args = parser.parse_args()

    push_answers: Counter[tuple[str, int]] = Counter()
    _count_push_answers(push_answers)
    log_dir = Path(tempfile.mkdtemp(prefix="telemail-load-"))
    started = time.monotonic()
    stack = LocalStack(log_dir).start()
    try:
        print(f"stack up in {time.monotonic() - started:.1f}s (logs: {log_dir})")
        users = [FIRST_UID + i for i in range(args.users)]
        addresses = {uid: f"load{uid}@gmail.example" for uid in users}
        for uid in users:
            stack.google.add_account(addresses[uid], f"Load {uid}")
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda uid: connect(stack, uid, addresses[uid]), users))
        print(f"{len(users)} users connected in {time.monotonic() - started:.1f}s")

        warm = users[0]
        started = time.monotonic()
        stack.gmail.deliver(addresses[warm], letters.plain("[W0-00] warm-up", addresses[warm]))
        stack.telegram.wait_for_bot_messages(warm, 3, timeout=60)  # welcome, connected, this
        print(f"warm-up letter (cold instance) notified in {time.monotonic() - started:.1f}s")

        shapes = _shapes(args.letters)
        plan = [
            (uid, k, shapes[(i * args.per_user + k) % len(shapes)][1])
            for k in range(args.per_user)
            for i, uid in enumerate(users)
        ]
        letters_raw = [
            (uid, k, build(f"[L{uid}-{k:02d}]", addresses[uid])) for uid, k, build in plan
        ]
        total = len(letters_raw)
        gmail_pgid = os.getpgid(stack._functions["gmail_push"].proc.pid)
        gmail_requests_before = len(stack.gmail.requests)
        watcher = Watcher(stack, args.poll_ms / 1000)
        watcher.start()

        cpu_before = _cpu(stack)
        published: dict[tuple[int, int], float] = {}
        first = time.monotonic()
        for n, (uid, k, raw) in enumerate(letters_raw):
            if args.rate > 0:
                time.sleep(max(0.0, first + n / args.rate - time.monotonic()))
            published[(uid, k)] = time.monotonic()
            stack.gmail.deliver(addresses[uid], raw)
        offered_for = time.monotonic() - first
        print(f"{total} letters delivered in {offered_for:.1f}s ({total / offered_for:.1f}/s)")

        deadline = time.monotonic() + args.timeout
        while len(watcher.seen) < total and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # late duplicates
        watcher.stopped.set()
        watcher.join()
        pushes = total + 1  # one Gmail push per letter, and the warm-up letter's
        while (
            _answered(push_answers, "gmail-push-trigger") < pushes and time.monotonic() < deadline
        ):
            time.sleep(0.2)  # the rest of the pushes find nothing new; let them finish
        drained = time.monotonic() - first
        cpu_used = {name: t - cpu_before[name] for name, t in _cpu(stack).items()}

        seen = watcher.seen
        latencies = [seen[key] - published[key] for key in published if key in seen]
        missing = total - len(latencies)
        duplicates = sum(c - 1 for c in watcher.copies.values() if c > 1)
        span = max(seen.values()) - first if seen else float("nan")
        gmail_calls = Counter(
            "messages.get" if "/messages/" in path else path.rpartition("/")[2]
            for path in stack.gmail.requests[gmail_requests_before:]
        )
        logs = {name: stack.function_log(name) for name in stack._functions}
        non_2xx = {key: n for key, n in push_answers.items() if not 200 <= key[1] < 300}

        print(
            f"\nthroughput: {len(latencies)} letters notified in {span:.1f}s = "
            f"{len(latencies) / span:.1f} letters/s"
        )
        if latencies:
            print(
                "latency publish→notification: "
                f"p50 {_percentile(latencies, 50) * 1000:.0f} ms, "
                f"p90 {_percentile(latencies, 90) * 1000:.0f} ms, "
                f"p99 {_percentile(latencies, 99) * 1000:.0f} ms, "
                f"max {max(latencies) * 1000:.0f} ms, "
                f"mean {statistics.mean(latencies) * 1000:.0f} ms"
            )
        print(f"errors: {missing} missing, {duplicates} duplicated notifications")
        answered = _answered(push_answers, "gmail-push-trigger")
        print(f"gmail pushes: {answered} of {pushes} answered, backlog drained at {drained:.1f}s")
        print(f"push answers (subscription, status): {dict(sorted(push_answers.items()))}")
        print(f"non-2xx push answers: {non_2xx or 0}")
        for name, log in logs.items():
            errors = log.count('"severity": "ERROR"')
            tracebacks, redeliveries = log.count("Traceback"), log.count("redelivery")
            print(f"log {name}: {tracebacks} tracebacks, {errors} ERROR, {redeliveries} redelivery")
        print(
            "Gmail API calls per letter: "
            + ", ".join(f"{name} {n / total:.2f}" for name, n in sorted(gmail_calls.items()))
        )
        print(f"gmail_push process group peak RSS: {_group_peak_mb(gmail_pgid):.0f} MB")
        print(
            "CPU ms per letter (first publish → backlog drained): "
            + ", ".join(f"{name} {t / total * 1000:.0f}" for name, t in cpu_used.items())
        )
        print("dead letters: not wired in the local stack (no dead-letter policy); see above")
        print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
