"""The tick's fan-out: shard messages on the digest-tick topic, and their handling.

A shard is one Pub/Sub message with the attribute ``shard=<kind>`` and a JSON body
(``Shard``): the tick's time, a token unique to this shard, and a batch of users or accounts
(none for ``held``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from shared_lib.app import App
from shared_lib.config import TOPIC_DIGEST_TICK, TOPIC_GMAIL_PUSH, TOPIC_OUTBOX
from shared_lib.digest.render import render_digest
from shared_lib.digest.watch import renew_watch
from shared_lib.models import MailRecord, OutboxMessage
from shared_lib.store.digests import AccountRef, DigestPeriod

log = logging.getLogger(__name__)

ShardKind = Literal["digest", "sync", "watch", "held"]
SHARD_ATTRIBUTE = "shard"  # the Pub/Sub attribute that tells a shard from Scheduler's tick
SHARD_SIZES = {"digest": 100, "sync": 500, "watch": 25}
WORKERS = {"digest": 16, "sync": 16, "watch": 8}
# A digest is never early: a tick serves only slots that have come (no grace before the slot).
DUE_GRACE = timedelta(0)
WATCH_RENEW_BEFORE = timedelta(hours=48)
# Scheduler ticks every quarter of an hour, so that a daily digest at 09:30 comes at 09:30 and a
# held notification within 15 minutes of the quiet hours' end. The per-account work (the
# lost-push safety net, watch renewal) is hourly: the tick in the first quarter of the hour.
HOURLY_WORK_BEFORE_MINUTE = 15

T = TypeVar("T")
R = TypeVar("R")


class ShardAccount(BaseModel):
    user_id: int
    email: str
    history_id: str = ""


class Shard(BaseModel):
    """One batch of the tick's work, handled by one ``digest_cron`` invocation."""

    kind: ShardKind
    now: datetime  # the tick's time: what is due, and where a digest's period ends
    token: str = Field(default_factory=lambda: uuid.uuid4().hex)
    users: list[int] = Field(default_factory=list)  # digest
    accounts: list[ShardAccount] = Field(default_factory=list)  # sync, watch


@dataclass
class ShardResult:
    kind: ShardKind
    done: int = 0  # digests sent / sync requests published / watches renewed
    idle: int = 0  # not due any more, nothing new, or skipped
    failed: int = 0


@dataclass
class FanOut:
    """What the tick published."""

    shards: dict[ShardKind, int] = field(default_factory=dict)
    items: dict[ShardKind, int] = field(default_factory=dict)


def chunks(items: list[T], size: int) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def hourly_work_due(now: datetime) -> bool:
    """Whether the tick at `now` also does the hourly per-account work."""
    return now.minute < HOURLY_WORK_BEFORE_MINUTE


def plan(app: App, now: datetime) -> list[Shard]:
    """Every shard of one tick: due digests and one to release held notifications; on the
    hour's tick also sync requests for every active account and watches expiring within 48 h.
    The queries run side by side and read ids only; the work is done by the shards."""
    hourly = hourly_work_due(now)
    with ThreadPoolExecutor(max_workers=3) as pool:
        due = pool.submit(app.store.due_digest_users, now + DUE_GRACE)
        active = pool.submit(app.store.active_account_refs) if hourly else None
        expiring = (
            pool.submit(app.store.watches_expiring, now + WATCH_RENEW_BEFORE) if hourly else None
        )
    shards = [
        Shard(kind="digest", now=now, users=batch)
        for batch in chunks(due.result(), SHARD_SIZES["digest"])
    ]
    for kind, refs in (
        ("sync", active.result() if active else []),
        ("watch", expiring.result() if expiring else []),
    ):
        accounts = [
            ShardAccount(user_id=r.user_id, email=r.email, history_id=r.history_id) for r in refs
        ]
        shards += [
            Shard(kind=kind, now=now, accounts=batch)
            for batch in chunks(accounts, SHARD_SIZES[kind])
        ]
    return [*shards, Shard(kind="held", now=now)]


def fan_out(app: App, now: datetime) -> FanOut:
    """Publish the tick's shards on the digest-tick topic (``shard=<kind>`` attribute)."""
    result = FanOut()
    for shard in plan(app, now):
        app.bus.publish(TOPIC_DIGEST_TICK, shard, **{SHARD_ATTRIBUTE: shard.kind})
        result.shards[shard.kind] = result.shards.get(shard.kind, 0) + 1
        size = len(shard.users) + len(shard.accounts)
        result.items[shard.kind] = result.items.get(shard.kind, 0) + size
    log.info("digest_cron: tick at %s fanned out %s", now.isoformat(), result.items)
    return result


def _run_all(
    fn: Callable[[T], R], items: list[T], workers: int
) -> tuple[list[tuple[T, R]], list[BaseException]]:
    """``fn`` over ``items`` on a few threads (the work is I/O): results and errors."""
    done: list[tuple[T, R]] = []
    errors: list[BaseException] = []
    if not items:
        return done, errors
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        futures = [(item, pool.submit(fn, item)) for item in items]
        for item, future in futures:
            try:
                done.append((item, future.result()))
            except Exception as exc:
                errors.append(exc)
    return done, errors


def handle_shard(app: App, shard: Shard) -> ShardResult:
    """Do one shard's work. Errors are raised after the rest of the batch is done, so that
    Pub/Sub redelivers the shard; every step is safe to repeat."""
    handlers = {"digest": _digests, "sync": _syncs, "watch": _watches, "held": _held}
    result, errors = handlers[shard.kind](app, shard)
    log.info(
        "digest_cron: %s shard: %d done, %d idle, %d failed",
        shard.kind,
        result.done,
        result.idle,
        result.failed,
    )
    if errors:
        raise errors[0]
    return result


def render_period(
    period: DigestPeriod, letters: list[MailRecord], awaiting: list[MailRecord]
) -> OutboxMessage | None:
    """The digest of one taken period (``DigestRenderer`` for ``Store.take_digests``)."""
    return render_digest(period.user, period.slot, period.since, letters, awaiting, period.until)


def _digests(app: App, shard: Shard) -> tuple[ShardResult, list[BaseException]]:
    messages = app.store.take_digests(
        shard.users, shard.now, shard.now + DUE_GRACE, shard.token, render_period
    )
    done, errors = _run_all(lambda m: app.bus.publish(TOPIC_OUTBOX, m), messages, WORKERS["digest"])
    result = ShardResult("digest", len(done), len(shard.users) - len(messages), len(errors))
    return result, errors


def _syncs(app: App, shard: Shard) -> tuple[ShardResult, list[BaseException]]:
    def publish(account: ShardAccount) -> str:
        note = {"emailAddress": account.email, "historyId": account.history_id or "0"}
        return app.bus.publish(TOPIC_GMAIL_PUSH, note, origin="tick")

    done, errors = _run_all(publish, shard.accounts, WORKERS["sync"])
    return ShardResult("sync", len(done), 0, len(errors)), errors


def _watches(app: App, shard: Shard) -> tuple[ShardResult, list[BaseException]]:
    def renew(account: ShardAccount) -> str:
        return renew_watch(app, AccountRef(account.user_id, account.email), shard.now)

    done, errors = _run_all(renew, shard.accounts, WORKERS["watch"])
    outcomes = [outcome for _, outcome in done]
    failed = sum(1 for outcome in outcomes if outcome in ("failed", "revoked")) + len(errors)
    result = ShardResult("watch", outcomes.count("renewed"), outcomes.count("skipped"), failed)
    return result, errors


def _held(app: App, shard: Shard) -> tuple[ShardResult, list[BaseException]]:
    """Release notifications held by quiet hours that have ended (``shared_lib.held``)."""
    try:
        from shared_lib.held import release_held
    except ImportError:  # quiet hours not deployed yet
        return ShardResult("held"), []
    return ShardResult("held", release_held(app, shard.now)), []
