"""Digests and quiet hours on the emulators (issue #17): a digest is never early, a slot inside
quiet hours comes at their end, and a held notification and a digest never repeat each other
(the held letter gets its own notification; the digest lists only the others)."""

from __future__ import annotations

import time

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.models import DigestSchedule, MailRecord, NotifyState, QuietHours
from telemail_local.stack import LocalStack
from tests.integration.test_digest import (
    _warm_outbox,
    digests,
    make_user,
    next_slot,
    store_letter,
    tick_and_settle,
    utc,
)

pytestmark = pytest.mark.integration

DAILY_0730 = DigestSchedule(mode="daily", at="07:30")
NIGHT = QuietHours(start="23:00", end="08:00")  # Moscow: 20:00-05:00 UTC in November


@pytest.fixture
def app(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    """The functions' code in-process against the stack (as in test_digest)."""
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    app = App(Settings())
    _warm_outbox(app, stack)
    return app


def _stored(app, user_id: int, subject: str, stored, state: NotifyState, **fields) -> MailRecord:
    """A letter as the sync stores it: noted in the digest inbox, then its record."""
    record = store_letter(app, user_id, subject, stored, noted=False, stored_as_record=False)
    record = record.model_copy(update={"notify_state": state, **fields})
    app.store.note_letter(user_id, record, now=stored)
    assert app.store.create_mail(user_id, record)
    return record


def _wait_for(stack: LocalStack, user_id: int, text: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in stack.telegram.bot_messages(user_id) if text in m.plain]
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError(f"no message with {text!r}")


def test_a_digest_is_never_early(stack, app, firestore_db, user_id):
    make_user(app, user_id, "Europe/Moscow", DAILY_0730, utc(2026, 11, 3, 12))
    store_letter(app, user_id, "Plan for Wednesday", utc(2026, 11, 3, 20))

    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 4, 25), [user_id])  # 07:25 MSK
    assert digests(stack, user_id) == []
    assert next_slot(firestore_db, user_id) == utc(2026, 11, 4, 4, 30)
    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 4, 30), [user_id])  # 07:30 MSK
    (digest,) = digests(stack, user_id)
    assert "Plan for Wednesday" in digest.plain


def test_a_digest_slot_in_quiet_hours_comes_when_they_end(stack, app, firestore_db, user_id):
    make_user(app, user_id, "Europe/Moscow", DAILY_0730, utc(2026, 11, 3, 12))
    app.store.update_user(user_id, {"quiet_hours": NIGHT.model_dump()})
    store_letter(app, user_id, "Night report", utc(2026, 11, 3, 22))

    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 4, 30), [user_id])  # 07:30 MSK: quiet
    assert digests(stack, user_id) == []
    assert next_slot(firestore_db, user_id) == utc(2026, 11, 4, 5)  # 08:00 MSK
    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 4, 45), [user_id])
    assert digests(stack, user_id) == []
    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 5), [user_id])  # 08:00 MSK
    (digest,) = digests(stack, user_id)
    assert "Night report" in digest.plain
    assert next_slot(firestore_db, user_id) == utc(2026, 11, 5, 4, 30)  # tomorrow at 07:30


def test_held_notification_and_digest_never_repeat_each_other(stack, app, firestore_db, user_id):
    make_user(app, user_id, "Europe/Moscow", DAILY_0730, utc(2026, 11, 3, 12))
    app.store.update_user(user_id, {"quiet_hours": NIGHT.model_dump()})
    end_of_night = utc(2026, 11, 4, 5)
    held = _stored(
        app,
        user_id,
        "Held at night",
        utc(2026, 11, 3, 23),
        "held",
        hold_until=end_of_night,
        notify_reason="category work: instant; quiet hours",
    )
    _stored(app, user_id, "Routed newsletter", utc(2026, 11, 3, 23, 5), "digest")

    tick_and_settle(app, firestore_db, utc(2026, 11, 4, 4, 30), [user_id])  # 07:30: quiet
    tick_and_settle(app, firestore_db, end_of_night, [user_id])  # 08:00: digest and release
    (notification,) = _wait_for(stack, user_id, "Held at night")
    (digest,) = digests(stack, user_id)

    assert not notification.plain.startswith("📬")  # its own notification…
    assert "Held at night" not in digest.plain  # …and not in the digest
    assert "Routed newsletter" in digest.plain and "1 new letter" in digest.plain
    assert (
        not [  # the digest-routed letter is not notified on its own
            m
            for m in stack.telegram.bot_messages(user_id)
            if "Routed newsletter" in m.plain and not m.plain.startswith("📬")
        ]
    )
    stored = app.store.get_mail(user_id, held.message_id)
    assert stored is not None and stored.notify_state == "published"

    # the next day's digest does not bring the released letter back either
    store_letter(app, user_id, "Thursday letter", utc(2026, 11, 4, 12), noted=True)
    tick_and_settle(app, firestore_db, utc(2026, 11, 5, 5), [user_id])
    later = [d for d in digests(stack, user_id) if "Thursday letter" in d.plain]
    assert later and "Held at night" not in later[0].plain
