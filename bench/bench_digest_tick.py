"""Benchmark of one digest tick at scale: 10,000 users with mail, all due at once.

Starts its own Firestore and Pub/Sub emulators, seeds the users (daily digest at 09:00 in a
mix of time zones, all due at the tick; one mailbox each; a few letters each in the period)
with batch writes (and each user's digest inbox, as the sync leaves it; ``--no-inbox`` leaves
them out, so that digests query the mail records), then times one tick end to end, in-process:
1. Scheduler's tick: the query for due users and accounts, and the shard messages published
   on the emulator's digest-tick topic;
2. every shard pulled from a digest-tick subscription and handled by ``handle_tick`` as
   ``digest_cron`` would, ``--instances`` at a time (as parallel function instances); digests
   are published to the emulator's outbox topic and counted there.
It also runs the tick a second time (nothing is due any more) and reports peak memory
(``ru_maxrss`` of this process, which does not seed: that runs in a child process) and the
peak of Python allocations during the tick (tracemalloc, with ``--tracemalloc``).

Usage: python bench/bench_digest_tick.py [--users 10000] [--letters 5] [--instances 8]
It prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared_lib.config import ALL_TOPICS, TOPIC_DIGEST_TICK, TOPIC_OUTBOX  # noqa: E402

PROJECT = "telemail-bench"
TICK = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
ZONES = ("Europe/Moscow", "Europe/Berlin", "Asia/Dubai", "Europe/London", "Asia/Yekaterinburg")
CATEGORIES = ("work", "finance", "personal", "newsletters", "notifications")
SEED_BATCH = 450
SHARD_SUB = "bench-digest-tick"
OUTBOX_SUB = "bench-outbox"


def _seed_user(db, batch, uid: int, letters: int, inbox: bool) -> None:
    from shared_lib.analysis.model import Analysis, Deadline
    from shared_lib.digest.inbox import Inbox, entry_of
    from shared_lib.digest.schedule import next_digest_at
    from shared_lib.models import DigestSchedule, MailRecord

    zone = ZONES[uid % len(ZONES)]
    schedule = DigestSchedule(mode="daily", at="09:00")
    since = TICK - timedelta(days=1)
    user = db.collection("users").document(str(uid))
    batch.set(
        user,
        {
            "user_id": uid,
            "chat_id": uid,
            "lang": "ru" if uid % 2 else "en",
            "timezone": zone,
            "first_name": "Bench",
            "digest": schedule.model_dump(),
            "next_digest_at": next_digest_at(schedule, zone, since),  # at or before the tick
            "digest_since": since,
            "digest_floor": since - timedelta(days=7),
        },
    )
    email = f"user{uid}@gmail.example"
    batch.set(
        user.collection("accounts").document(email),
        {
            "user_id": uid,
            "email": email,
            "sealed_refresh_token": "x",
            "status": "active",
            "history_id": "1000",
            "watch_expires_at": TICK + timedelta(days=6),
        },
    )
    entries = []
    for i in range(letters):
        stored = since + timedelta(minutes=17 * (i + 1) + uid % 60)
        record = MailRecord(
            message_id=f"{uid:08x}{i:04x}",
            thread_id=f"{uid:08x}{i:04x}",
            account=email,
            received_at=stored,
            subject=f"Letter {i} about the quarterly report, user {uid}",
            sender_name="Anna Petrova",
            sender_email="anna@corp.example",
            analysis=Analysis(
                category=CATEGORIES[(uid + i) % len(CATEGORIES)],
                hashtags=["project-x"] if i == 0 else [],
                urgency="urgent" if i == 1 else "normal",
                reply_expected=i == 0,
                deadline=Deadline(at=TICK + timedelta(days=1), has_time=True) if i == 0 else None,
                gist="Please review the attached report and reply by tomorrow. " * 2,
            ),
            notify_state="published",
            awaiting_reply=i == 0,
            created_at=stored,
            expires_at=stored + timedelta(days=90),
        )
        batch.set(user.collection("mail").document(record.message_id), record.model_dump())
        entries.append(entry_of(record))
    if inbox:  # as the sync's note_letter leaves it
        started = since - timedelta(days=7)
        batch.set(user.collection("digest").document("inbox"), Inbox(started, entries).to_doc())


def seed(users: int, letters: int, inbox: bool) -> None:
    """Runs in a child process: write everything with batch commits on a few threads."""
    from google.cloud import firestore

    db = firestore.Client(project=PROJECT)
    per_batch = max(1, SEED_BATCH // (letters + 3))

    def commit(start: int) -> None:
        batch = db.batch()
        for uid in range(start, min(start + per_batch, users)):
            _seed_user(db, batch, 1_000_000 + uid, letters, inbox)
        batch.commit()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(commit, range(0, users, per_batch)))


def _wire_pubsub() -> None:
    from google.api_core.exceptions import AlreadyExists
    from google.cloud import pubsub_v1

    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    for topic in ALL_TOPICS:
        with contextlib.suppress(AlreadyExists):
            publisher.create_topic(name=publisher.topic_path(PROJECT, topic))
    for sub, topic in ((SHARD_SUB, TOPIC_DIGEST_TICK), (OUTBOX_SUB, TOPIC_OUTBOX)):
        with contextlib.suppress(AlreadyExists):
            subscriber.create_subscription(
                name=subscriber.subscription_path(PROJECT, sub),
                topic=publisher.topic_path(PROJECT, topic),
                ack_deadline_seconds=600,
            )
    subscriber.close()


def _pull_all(subscriber, sub: str, wanted: int | None = None, idle: float = 2.0) -> list:
    """Pull and ack until ``wanted`` messages arrived (or nothing comes for ``idle`` s)."""
    path = subscriber.subscription_path(PROJECT, sub)
    got: list = []
    quiet_since = time.monotonic()
    while (wanted is None or len(got) < wanted) and time.monotonic() - quiet_since < idle:
        response = subscriber.pull(
            subscription=path, max_messages=1000, return_immediately=True, timeout=30
        )
        if response.received_messages:
            got += [m.message for m in response.received_messages]
            subscriber.acknowledge(
                subscription=path, ack_ids=[m.ack_id for m in response.received_messages]
            )
            quiet_since = time.monotonic()
        else:
            time.sleep(0.05)
    return got


def _envelope(message) -> dict:
    return {
        "message": {
            "data": base64.b64encode(message.data).decode(),
            "attributes": dict(message.attributes),
            "messageId": message.message_id,
        }
    }


def run_tick(app, subscriber, instances: int) -> dict:
    from shared_lib.tick import handle_tick

    started = time.perf_counter()
    fanned_out = handle_tick(app, {"message": {"data": "e30=", "messageId": "tick"}}, now=TICK)
    fanned = time.perf_counter()
    expected = sum(fanned_out.shards.values())
    shards = _pull_all(subscriber, SHARD_SUB, expected, idle=10)
    pulled = time.perf_counter()
    durations: list[float] = []

    def handle(message) -> None:
        t0 = time.perf_counter()
        handle_tick(app, _envelope(message))
        durations.append(time.perf_counter() - t0)

    with ThreadPoolExecutor(instances) as pool:
        list(pool.map(handle, shards))
    done = time.perf_counter()
    return {
        "fan_out": fanned_out,
        "shards": len(shards),
        "tick_s": fanned - started,
        "pull_s": pulled - fanned,
        "shards_s": done - pulled,
        "total_s": done - started,
        "slowest_shard_s": max(durations, default=0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--letters", type=int, default=5, help="letters per user in the period")
    parser.add_argument("--instances", type=int, default=8, help="shards handled at once")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations")
    parser.add_argument(
        "--no-inbox",
        action="store_true",
        help="seed no digest inboxes: digests query each user's mail records instead",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()
    if args.seed:
        seed(args.users, args.letters, not args.no_inbox)
        return

    from google.cloud import pubsub_v1

    from shared_lib.app import App
    from shared_lib.config import Settings
    from telemail_local.emulators import Emulators

    with tempfile.TemporaryDirectory() as logs:
        emulators = Emulators(PROJECT, Path(logs))
        try:
            os.environ.update(emulators.env)
            _wire_pubsub()
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--seed",
                    f"--users={args.users}",
                    f"--letters={args.letters}",
                    *(["--no-inbox"] if args.no_inbox else []),
                ],
                check=True,
            )
            docs = args.users * (args.letters + (2 if args.no_inbox else 3))
            print(
                f"seeded {args.users} users, {docs} documents in {time.perf_counter() - t0:.1f} s"
            )

            app = App(Settings())
            subscriber = pubsub_v1.SubscriberClient()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if args.tracemalloc:
                tracemalloc.start()
            first = run_tick(app, subscriber, args.instances)
            traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            outbox = _pull_all(subscriber, OUTBOX_SUB, args.users, idle=5)
            digests = sum(1 for m in outbox if b'"key":"digest:' in m.data)
            second = run_tick(app, subscriber, args.instances)
            again = _pull_all(subscriber, OUTBOX_SUB, None, idle=3)

            print(f"machine: {os.cpu_count()} cores; emulators on the same machine")
            print(f"tick fan-out: {first['fan_out'].items} in {first['fan_out'].shards} shards")
            print(
                f"first tick: {first['total_s']:.1f} s end to end "
                f"(Scheduler tick {first['tick_s']:.2f} s, pulling shards {first['pull_s']:.2f} s, "
                f"{first['shards']} shards on {args.instances} workers {first['shards_s']:.1f} s; "
                f"slowest shard {first['slowest_shard_s']:.1f} s)"
            )
            print(f"digests published to the outbox topic: {digests} (users: {args.users})")
            print(
                f"second tick at the same time: {second['total_s']:.1f} s, "
                f"{second['fan_out'].items.get('digest', 0)} digests due, "
                f"{sum(1 for m in again if b'digest:' in m.data)} published"
            )
            print(
                f"peak RSS of the tick process: {rss_after / 1024:.0f} MiB "
                f"(before the tick {rss_before / 1024:.0f} MiB)"
            )
            if traced is not None:
                print(f"tracemalloc peak during the tick: {traced / 2**20:.0f} MiB")
            subscriber.close()
        finally:
            emulators.stop()


if __name__ == "__main__":
    main()
