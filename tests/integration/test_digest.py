"""Digests on the emulators with a controlled clock: the tick runs in-process at a given time,
its shards travel through Pub/Sub to the running digest_cron (which uses the tick's time), and
digests reach the Telegram stand-in through the outbox."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from shared_lib.analysis.model import Analysis, Deadline
from shared_lib.app import App
from shared_lib.config import TOPIC_OUTBOX, Settings
from shared_lib.digest.inbox import Inbox
from shared_lib.digest.shards import DUE_GRACE, Shard, handle_shard, plan, render_period
from shared_lib.models import Account, DigestSchedule, MailRecord, OutboxMessage, User
from shared_lib.tick import handle_tick
from telemail_local.stack import LocalStack
from telemail_local.telegram_server import plain_text_of

pytestmark = pytest.mark.integration

DAILY_9 = DigestSchedule(mode="daily", at="09:00")
HOURLY = DigestSchedule(mode="hourly")
SCHEDULER_TICK = {"message": {"data": "e30=", "messageId": "scheduler"}}  # b"{}"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def app(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    """The functions' code in-process, against the stack's emulators and stand-ins; the
    outbox path warmed up, so that the waits below do not include a first-request start."""
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    app = App(Settings())
    _warm_outbox(app, stack)
    return app


_warmed: set[int] = set()


def _warm_outbox(app: App, stack: LocalStack) -> None:
    """Send one message through the outbox (once per stack) and wait until it arrives."""
    if id(stack) in _warmed:
        return
    chat = 4_999
    app.bus.publish(TOPIC_OUTBOX, OutboxMessage(key=f"warm:{time.time()}", chat_id=chat, text="."))
    deadline = time.monotonic() + 60
    while not stack.telegram.bot_messages(chat):
        assert time.monotonic() < deadline, "the outbox did not deliver the warm-up message"
        time.sleep(0.1)
    _warmed.add(id(stack))


def make_user(
    app: App, user_id: int, zone: str, schedule: DigestSchedule, since: datetime, lang: str = "en"
) -> None:
    app.store.ensure_user(User(user_id=user_id, chat_id=user_id, lang=lang, timezone=zone))
    app.store.set_digest_schedule(user_id, since, schedule)


def store_letter(
    app: App,
    user_id: int,
    subject: str,
    stored: datetime,
    category: str = "work",
    awaiting: bool = False,
    deadline: datetime | None = None,
    noted: bool = False,
    stored_as_record: bool = True,
) -> MailRecord:
    """A letter as the sync stores it at ``stored``: the mail record, and with ``noted`` its
    entry in the digest inbox first (as the sync's ``note_letter`` call does)."""
    message_id = f"{user_id:x}{int(stored.timestamp()):x}{abs(hash(subject)) % 4096:03x}"
    record = MailRecord(
        message_id=message_id,
        thread_id=message_id,
        account=f"user{user_id}@gmail.example",
        received_at=stored - timedelta(minutes=1),
        subject=subject,
        sender_name="Anna Petrova",
        sender_email="anna@corp.example",
        analysis=Analysis(
            category=category,
            reply_expected=awaiting,
            deadline=Deadline(at=deadline, has_time=True) if deadline else None,
        ),
        notify_state="published",
        awaiting_reply=awaiting,
        created_at=stored,
        expires_at=stored + timedelta(days=90),
    )
    if noted:
        app.store.note_letter(user_id, record, now=stored)
    if stored_as_record:
        assert app.store.create_mail(user_id, record)
    return record


def digests(stack: LocalStack, user_id: int) -> list:
    return [m for m in stack.telegram.bot_messages(user_id) if m.plain.startswith("📬")]


def next_slot(firestore_db, user_id: int) -> datetime | None:
    return (firestore_db.document(f"users/{user_id}").get().to_dict() or {}).get("next_digest_at")


def tick_and_settle(
    app: App, firestore_db, now: datetime, user_ids: list[int], timeout: float = 30
) -> None:
    """Run Scheduler's tick at ``now`` and wait until the shards have served every user due
    (their slot moved past ``now``), then a moment for the outbox to deliver."""
    due = [u for u in user_ids if (next_slot(firestore_db, u) or now) <= now + DUE_GRACE]
    handle_tick(app, SCHEDULER_TICK, now=now)
    deadline = time.monotonic() + timeout
    while any((next_slot(firestore_db, u) or now) <= now + DUE_GRACE for u in due):
        assert time.monotonic() < deadline, "the digest shards did not finish"
        time.sleep(0.1)
    time.sleep(1.5)  # a digest (or a duplicate) published by the shards is delivered now


def test_daily_digest_at_nine_in_moscow_and_in_new_york(stack, app, firestore_db, user_id):
    moscow, new_york, moscow_too = user_id, user_id + 100_000, user_id + 200_000
    enabled = utc(2026, 11, 1, 15)
    make_user(app, moscow, "Europe/Moscow", DAILY_9, enabled)
    make_user(app, new_york, "America/New_York", DAILY_9, enabled, lang="ru")
    make_user(app, moscow_too, "Europe/Moscow", DAILY_9, enabled)
    for uid in (moscow, new_york, moscow_too):
        store_letter(app, uid, f"Contract {uid}", utc(2026, 11, 1, 20), awaiting=True)
        store_letter(app, uid, f"Invoice {uid}", utc(2026, 11, 1, 21), category="finance")

    tick_and_settle(app, firestore_db, utc(2026, 11, 2, 5), [moscow, new_york])  # 08:00 MSK
    assert digests(stack, moscow) == [] and digests(stack, new_york) == []

    tick_and_settle(app, firestore_db, utc(2026, 11, 2, 6), [moscow, new_york, moscow_too])
    (moscow_digest,) = digests(stack, moscow)  # 09:00 in Moscow
    assert len(digests(stack, moscow_too)) == 1
    assert "2 new letters: Finance 1, Work 1" in moscow_digest.plain
    assert "1 new letter awaits your answer: Work 1" in moscow_digest.plain
    assert f"/#all/{moscow:x}" in moscow_digest.text  # links to the letter in Gmail
    assert digests(stack, new_york) == []  # 01:00 in New York

    tick_and_settle(app, firestore_db, utc(2026, 11, 2, 14), [moscow, new_york])  # 09:00 EST
    (ny_digest,) = digests(stack, new_york)
    assert "2 новых письма: Работа 1, Финансы 1" in ny_digest.plain
    assert "1 новое письмо ждёт вашего ответа: Работа 1" in ny_digest.plain
    assert len(digests(stack, moscow)) == 1
    assert next_slot(firestore_db, moscow) == utc(2026, 11, 3, 6)
    assert next_slot(firestore_db, new_york) == utc(2026, 11, 3, 14)


def test_new_york_digest_follows_the_end_of_daylight_saving(stack, app, firestore_db, user_id):
    make_user(app, user_id, "America/New_York", DAILY_9, utc(2026, 10, 30, 14))
    store_letter(app, user_id, "Before the weekend", utc(2026, 10, 30, 20))
    tick_and_settle(app, firestore_db, utc(2026, 10, 31, 13), [user_id])  # 09:00 EDT
    assert len(digests(stack, user_id)) == 1

    store_letter(app, user_id, "On Saturday", utc(2026, 10, 31, 18))
    tick_and_settle(app, firestore_db, utc(2026, 11, 1, 13), [user_id])  # 08:00 EST: not yet
    assert len(digests(stack, user_id)) == 1
    tick_and_settle(app, firestore_db, utc(2026, 11, 1, 14), [user_id])  # 09:00 EST
    first, second = digests(stack, user_id)
    assert "Before the weekend" in first.plain and "Before the weekend" not in second.plain
    assert "On Saturday" in second.plain and "since Sat 31 Oct 09:00" in second.plain


def test_hourly_digest_covers_only_the_last_hour(stack, app, firestore_db, user_id):
    make_user(app, user_id, "Asia/Tokyo", HOURLY, utc(2026, 11, 3, 10))
    store_letter(app, user_id, "First hour", utc(2026, 11, 3, 10, 20))
    tick_and_settle(app, firestore_db, utc(2026, 11, 3, 11), [user_id])
    store_letter(app, user_id, "Second hour", utc(2026, 11, 3, 11, 30))
    tick_and_settle(app, firestore_db, utc(2026, 11, 3, 12), [user_id])

    first, second = digests(stack, user_id)
    assert "First hour" in first.plain and "since Tue 3 Nov 19:00" in first.plain
    assert "Second hour" in second.plain and "First hour" not in second.plain


def test_no_new_mail_sends_nothing_but_the_period_moves_on(stack, app, firestore_db, user_id):
    make_user(app, user_id, "Europe/Moscow", DAILY_9, utc(2026, 11, 4, 12))
    store_letter(app, user_id, "Before digests were on", utc(2026, 11, 4, 11))
    tick_and_settle(app, firestore_db, utc(2026, 11, 5, 6), [user_id])
    assert digests(stack, user_id) == []
    assert next_slot(firestore_db, user_id) == utc(2026, 11, 6, 6)


def test_duplicate_and_overlapping_ticks_send_one_digest(stack, app, firestore_db, user_id):
    now = utc(2026, 11, 6, 6)
    make_user(app, user_id, "Europe/Moscow", DAILY_9, utc(2026, 11, 5, 12))
    store_letter(app, user_id, "Only once", utc(2026, 11, 5, 20))

    overlapping = [
        threading.Thread(target=handle_tick, args=(app, SCHEDULER_TICK, now)),
        threading.Thread(target=handle_tick, args=(app, SCHEDULER_TICK, now)),
        threading.Thread(
            target=handle_shard, args=(app, Shard(kind="digest", now=now, users=[user_id]))
        ),
    ]
    for thread in overlapping:
        thread.start()
    for thread in overlapping:
        thread.join()
    tick_and_settle(app, firestore_db, now, [user_id])  # and the tick delivered once more

    assert [("Only once" in m.plain) for m in digests(stack, user_id)] == [True]


def test_shard_crashing_before_publishing_is_redelivered_and_sends_one_digest(
    stack, app, firestore_db, user_id, monkeypatch
):
    now = utc(2026, 11, 7, 6)
    make_user(app, user_id, "Europe/Moscow", DAILY_9, utc(2026, 11, 6, 12))
    store_letter(app, user_id, "Crash safe", utc(2026, 11, 6, 20))
    shard = Shard(kind="digest", now=now, users=[user_id])
    publish = app.bus.publish

    def crash(*args, **kwargs):
        raise RuntimeError("injected crash before publishing")

    monkeypatch.setattr(app.bus, "publish", crash)
    with pytest.raises(RuntimeError, match="injected crash"):
        handle_shard(app, shard)
    monkeypatch.setattr(app.bus, "publish", publish)
    assert next_slot(firestore_db, user_id) == utc(2026, 11, 8, 6)  # the period was taken

    assert handle_shard(app, shard).done == 1  # Pub/Sub redelivers the same shard
    assert handle_shard(app, shard).done == 1  # and again: the outbox sends the key once
    assert handle_shard(app, Shard(kind="digest", now=now, users=[user_id])).done == 0

    deadline = time.monotonic() + 20  # the first send may wait for a cold telegram_webhook
    while not digests(stack, user_id) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # a duplicate, if any, would arrive now
    assert [("Crash safe" in m.plain) for m in digests(stack, user_id)] == [True]


def inbox_of(firestore_db, user_id: int) -> Inbox | None:
    return Inbox.from_doc(firestore_db.document(f"users/{user_id}/digest/inbox").get().to_dict())


def test_digest_reads_the_inbox_once_it_covers_the_period(stack, app, firestore_db, user_id):
    enabled = utc(2026, 11, 11, 12)
    store_letter(app, user_id, "Noted before digests", enabled - timedelta(hours=1), noted=True)
    make_user(app, user_id, "Europe/Moscow", DAILY_9, enabled)
    store_letter(
        app,
        user_id,
        "Only in the inbox",
        enabled + timedelta(hours=2),
        noted=True,
        stored_as_record=False,
    )
    awaiting = store_letter(
        app, user_id, "Still to answer", enabled + timedelta(hours=3), awaiting=True, noted=True
    )

    tick_and_settle(app, firestore_db, utc(2026, 11, 12, 6), [user_id])

    (digest,) = digests(stack, user_id)
    assert "2 new letters" in digest.plain and "Only in the inbox" in digest.plain
    assert "Noted before digests" not in digest.plain
    kept = inbox_of(firestore_db, user_id)
    assert kept is not None
    assert [e["id"] for e in kept.letters] == [awaiting.message_id]  # digested ones are let go


def test_period_the_inbox_does_not_cover_is_read_from_the_records(
    stack, app, firestore_db, user_id
):
    enabled = utc(2026, 11, 12, 12)
    make_user(app, user_id, "Europe/Moscow", DAILY_9, enabled)
    store_letter(app, user_id, "Stored before the hook", enabled + timedelta(hours=1))
    store_letter(app, user_id, "Noted after", enabled + timedelta(hours=2), noted=True)

    tick_and_settle(app, firestore_db, utc(2026, 11, 13, 6), [user_id])

    (digest,) = digests(stack, user_id)
    assert "Stored before the hook" in digest.plain and "Noted after" in digest.plain


def test_answered_letter_leaves_the_digests_awaiting_list(app, user_id):
    enabled = utc(2026, 11, 13, 12)
    store_letter(app, user_id, "Opening the inbox", enabled - timedelta(hours=1), noted=True)
    make_user(app, user_id, "Europe/Moscow", DAILY_9, enabled)
    answered = store_letter(
        app, user_id, "Answered", enabled + timedelta(hours=1), awaiting=True, noted=True
    )
    store_letter(
        app, user_id, "Unanswered", enabled + timedelta(hours=2), awaiting=True, noted=True
    )
    app.store.mark_replied(user_id, answered.message_id, enabled + timedelta(hours=3))

    now = utc(2026, 11, 14, 6)
    (digest,) = app.store.take_digests([user_id], now, now, "t", render_period)
    assert "1 new letter awaits your answer" in plain_text_of(digest.text)
    awaiting_part = digest.text.split("Top letters")[0]
    assert "Unanswered" in awaiting_part and "Answered<" not in awaiting_part


def test_daily_digest_at_half_past_nine_comes_on_the_half_hour_tick(
    stack, app, firestore_db, user_id
):
    half_past_nine = DigestSchedule(mode="daily", at="09:30")
    make_user(app, user_id, "Europe/Moscow", half_past_nine, utc(2026, 11, 3, 12))
    store_letter(app, user_id, "Quarterly plan", utc(2026, 11, 3, 20), awaiting=True)

    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 6, 15), [user_id])  # 09:15 MSK
    assert digests(stack, user_id) == []
    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 6, 30), [user_id])  # 09:30 MSK
    (digest,) = digests(stack, user_id)
    assert "1 new letter awaits your answer: Work 1" in digest.plain


def test_per_account_work_is_planned_only_on_the_hours_tick(app, user_id):
    email = f"tick{user_id}@gmail.example"
    app.store.ensure_user(User(user_id=user_id, chat_id=user_id))
    app.store.save_account(
        Account(
            user_id=user_id,
            email=email,
            sealed_refresh_token="sealed",
            history_id="100",
            watch_expires_at=utc(2026, 11, 5, 8),
        )
    )

    def planned(now: datetime) -> dict[str, set[str]]:
        kinds: dict[str, set[str]] = {}
        for shard in plan(app, now):
            kinds.setdefault(shard.kind, set()).update(a.email for a in shard.accounts)
        return kinds

    try:
        quarter_past = planned(utc(2026, 11, 4, 7, 15))
        assert "sync" not in quarter_past and "watch" not in quarter_past
        assert "held" in quarter_past
        on_the_hour = planned(utc(2026, 11, 4, 8, 0))
        assert email in on_the_hour["sync"] and email in on_the_hour["watch"]
        assert "held" in on_the_hour
    finally:  # its token is not real: later ticks of other tests must not try to renew it
        app.store.delete_account_data(user_id, email)
