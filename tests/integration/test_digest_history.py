"""/history, /pending, reply tracking, the ✅ button, claims and Gmail watch renewal, on the
emulators and stand-ins."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from shared_lib.app import App
from shared_lib.config import TOPIC_OUTBOX, Settings
from shared_lib.digest.shards import render_period
from shared_lib.gmail import GmailClient
from shared_lib.models import DigestSchedule, User
from shared_lib.replies import track_replies
from shared_lib.store import utcnow
from shared_lib.tick import handle_tick
from telemail_local.gmail_server import Fault
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters
from tests.integration.test_digest import SCHEDULER_TICK, store_letter

pytestmark = pytest.mark.integration
WATCH_PATH = "/gmail/v1/users/me/watch"
NOTIFICATION_MARKS = ("✉", "🔴", "⚪")


@pytest.fixture
def app(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    return App(Settings())


def ask(stack: LocalStack, user_id: int, command: str):
    """Send a command and return the bot's answer (not a letter notification arriving now)."""
    before = len(stack.telegram.bot_messages(user_id))
    stack.telegram.user_sends(user_id, command)

    def answer():
        new = stack.telegram.bot_messages(user_id)[before:]
        return next((m for m in new if not m.plain.startswith(NOTIFICATION_MARKS)), None)

    return wait_for(answer, 20, f"the answer to {command}")


def wait_for(condition, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def reply_from(address: str, subject: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = address
    msg["To"] = "anna@corp.example"
    msg["Subject"] = f"Re: {subject}"
    msg.set_content("Yes, checked.")
    return msg.as_bytes()


def test_reply_sent_in_gmail_takes_the_letter_off_the_pending_list(stack, app, user_id):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)
    question = stack.gmail.deliver(address, letters.plain("Can you check the budget?", address))
    other = stack.gmail.deliver(address, letters.plain("And the schedule?", address))
    wait_for(
        lambda: all(app.store.get_mail(user_id, m.id) for m in (question, other)),
        what="the sync to store both letters",
    )
    assert app.store.get_mail(user_id, question.id).awaiting_reply

    pending = ask(stack, user_id, "/pending")
    assert "Can you check the budget?" in pending.plain and "And the schedule?" in pending.plain

    account = app.store.get_account(user_id, address)
    checkpoint = account.history_id
    stack.gmail.deliver(
        address,
        reply_from(address, "Can you check the budget?"),
        labels=("SENT",),
        thread_id=question.thread_id,
        notify=False,
    )
    gmail = GmailClient(
        app.settings, app.cipher.open(account.sealed_refresh_token, owner=account.email)
    )
    sent = gmail.changes_since(checkpoint).sent
    assert track_replies(app, gmail, account, sent) == [question.id]  # what the sync calls

    pending = ask(stack, user_id, "/pending")
    assert "Can you check the budget?" not in pending.plain
    assert "And the schedule?" in pending.plain
    history = ask(stack, user_id, "/history")
    assert "Can you check the budget?" in history.plain and "✓ answered" in history.plain
    assert f"https://mail.google.com/mail/u/{address}/#all/{question.id}" in history.text


@pytest.mark.parametrize("history_labels", [True, False], ids=["labels", "ids-only history"])
def test_reply_sent_in_gmail_leaves_pending_at_once(
    stack, app, user_id, history_labels, monkeypatch
):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)
    # Gmail may list added messages by id only
    monkeypatch.setattr(stack.gmail, "history_labels", history_labels)
    assert stack.gmail.mailbox(address).watch_labels == ["INBOX", "SENT"]
    question = stack.gmail.deliver(address, letters.plain("Is the venue booked?", address))
    wait_for(lambda: app.store.get_mail(user_id, question.id), what="the sync to store it")
    assert "Is the venue booked?" in ask(stack, user_id, "/pending").plain

    stack.gmail.deliver(  # the user answers in Gmail; Gmail pushes the SENT change
        address,
        reply_from(address, "Is the venue booked?"),
        labels=("SENT",),
        thread_id=question.thread_id,
    )
    wait_for(
        lambda: not app.store.get_mail(user_id, question.id).awaiting_reply,
        what="the push of the sent reply to mark the letter answered",
    )
    assert "Is the venue booked?" not in ask(stack, user_id, "/pending").plain
    sent_text = "Yes, checked."  # reply_from's body: the user's own mail is not notified
    assert not [m for m in stack.telegram.bot_messages(user_id) if sent_text in m.plain]


def test_letter_from_someone_the_user_wrote_to_says_so(stack, app, user_id):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)

    def notification_of(subject: str):
        return wait_for(
            lambda: next(
                (m for m in stack.telegram.bot_messages(user_id) if subject in m.plain), None
            ),
            what=f"the notification of {subject!r}",
        )

    first = stack.gmail.deliver(address, letters.plain("First contact", address))
    assert "you wrote to them" not in notification_of("First contact").plain
    stack.gmail.deliver(  # the user writes to Anna from Gmail (reply_from: To anna@corp.example)
        address, reply_from(address, "First contact"), labels=("SENT",), thread_id=first.thread_id
    )
    wait_for(
        lambda: "anna@corp.example" in app.store.get_account(user_id, address).known_contacts,
        what="the sent letter's recipient to become a known contact",
    )
    stack.gmail.deliver(address, letters.plain("Second letter", address))
    line = notification_of("Second letter").plain.splitlines()[1]
    assert "Anna Petrova (you wrote to them)" in line


def press_done(app: App, user_id: int, under: object, message_id: str) -> None:
    """The user presses ✅ under ``under``: the update Telegram would send, handled by the
    button's handler in-process (until ``history_buttons.BUTTONS`` is merged into the
    registry), its replies published to the outbox."""
    from telegram import Update

    from shared_lib.bot.context import CallbackContext
    from shared_lib.bot.history_buttons import button_done

    update = Update.de_json(
        {
            "update_id": 900_000 + user_id,
            "callback_query": {
                "id": f"cb{user_id}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
                "chat_instance": str(user_id),
                "data": f"done:{message_id}",
                "message": {
                    "message_id": under.message_id,
                    "date": 0,
                    "chat": {"id": user_id, "type": "private"},
                    "text": under.plain,
                },
            },
        }
    )
    user = app.store.get_user(user_id)
    ctx = CallbackContext(app, update, update.callback_query, user, "done", message_id)
    for reply in button_done(ctx):
        app.bus.publish(TOPIC_OUTBOX, reply)


def test_done_button_marks_a_letter_answered_and_refreshes_the_list(stack, app, user_id):
    ask(stack, user_id, "/start")
    now = utcnow()
    first = store_letter(app, user_id, "Sign the form", now, awaiting=True)
    second = store_letter(
        app, user_id, "Confirm dinner", now, awaiting=True, deadline=now - timedelta(hours=1)
    )
    pending = ask(stack, user_id, "/pending")
    rows = pending.reply_markup["inline_keyboard"]
    assert [r[0]["callback_data"] for r in rows] == [
        f"done:{second.message_id}",
        f"done:{first.message_id}",
    ]

    press_done(app, user_id, pending, second.message_id)

    def refreshed():
        (message,) = [m for m in stack.telegram.bot_messages(user_id) if m is pending]
        return message if message.edited else None

    edited = wait_for(refreshed, what="the list to be refreshed")
    assert "Confirm dinner" not in edited.plain and "Sign the form" in edited.plain
    record = app.store.get_mail(user_id, second.message_id)
    assert record is not None and not record.awaiting_reply and record.replied_at is not None


def test_history_filters_by_category_and_explains_bad_arguments(stack, app, user_id):
    ask(stack, user_id, "/start")
    now = utcnow()
    store_letter(app, user_id, "Quarterly report", now, category="work")
    store_letter(app, user_id, "Card statement", now - timedelta(minutes=5), category="finance")

    finance = ask(stack, user_id, "/history finance")
    assert "Card statement" in finance.plain and "Quarterly report" not in finance.plain
    read = [b["text"] for row in finance.reply_markup["inline_keyboard"] for b in row]
    assert read == ["📖 Card statement"]  # the 📖 buttons are for the letters listed
    latest = ask(stack, user_id, "/history 1")
    assert "Quarterly report" in latest.plain and "Card statement" not in latest.plain
    assert "Usage: /history" in ask(stack, user_id, "/history whatever").plain


def test_a_slot_is_taken_once_and_a_redelivered_shard_gets_its_digest_back(app, user_id):
    enabled = datetime(2026, 11, 9, 12, tzinfo=UTC)
    app.store.ensure_user(User(user_id=user_id, chat_id=user_id, timezone="Europe/Moscow"))
    app.store.set_digest_schedule(user_id, enabled, DigestSchedule(mode="daily", at="09:00"))
    store_letter(app, user_id, "Once", enabled + timedelta(hours=2))
    now = datetime(2026, 11, 10, 6, tzinfo=UTC)

    (digest,) = app.store.take_digests([user_id], now, now, "a", render_period)
    assert digest.key == f"digest:{user_id}:20261110T0600Z" and "Once" in digest.text
    assert app.store.take_digests([user_id], now, now, "b", render_period) == []  # duplicate
    assert app.store.take_digests([user_id], now, now, "a", render_period) == [digest]
    tomorrow = now + timedelta(days=1)
    assert app.store.take_digests([user_id], tomorrow, tomorrow, "c", render_period) == []


def _bot_says(stack: LocalStack, user_id: int, text: str) -> list:
    return [m for m in stack.telegram.bot_messages(user_id) if text in m.plain]


def test_watch_renewal_failure_is_recorded_and_reported_once_then_cleared(
    stack, app, firestore_db, user_id
):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)
    now = utcnow().replace(minute=0, second=0, microsecond=0)  # watches are renewed hourly
    app.store.update_account(user_id, address, {"watch_expires_at": now + timedelta(hours=30)})
    fault = Fault("/watch", 500, 1000)
    stack.gmail.faults.append(fault)
    account_doc = firestore_db.document(f"users/{user_id}/accounts/{address}")
    try:
        handle_tick(app, SCHEDULER_TICK, now=now)
        wait_for(lambda: _bot_says(stack, user_id, "could not renew"), what="the report")
        attempts = stack.gmail.requests.count(WATCH_PATH)
        handle_tick(app, SCHEDULER_TICK, now=now + timedelta(hours=1))  # fails again
        wait_for(
            lambda: stack.gmail.requests.count(WATCH_PATH) > attempts,
            what="the second attempt",
        )
        time.sleep(2)
        assert len(_bot_says(stack, user_id, "could not renew")) == 1
        assert "500" in account_doc.get().to_dict()["watch_error"]
    finally:
        stack.gmail.faults.remove(fault)

    handle_tick(app, SCHEDULER_TICK, now=now + timedelta(hours=2))
    renewed = wait_for(
        lambda: (
            (doc := account_doc.get().to_dict())["watch_expires_at"] > now + timedelta(days=5)
            and doc
        ),
        what="the renewal",
    )
    assert renewed["watch_error"] == "" and renewed["watch_error_at"] is None
    assert stack.gmail.mailbox(address).watch_topic == stack.gmail_topic()
