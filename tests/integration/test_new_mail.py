"""New mail reaches Telegram exactly once: Gmail push → gmail_push → outbox → Telegram."""

from __future__ import annotations

import random
import time

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.gmail_sync import handle_push
from shared_lib.store import utcnow
from shared_lib.tick import handle_tick
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters

SCHEDULER_TICK = {"message": {"data": "e30=", "messageId": "scheduler"}}  # b"{}"

pytestmark = pytest.mark.integration
URGENCY_MARKS = ("✉", "🔴", "⚪")  # the icon that opens every notification


def _connected(stack: LocalStack, user_id: int, lang: str = "en") -> str:
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address, lang)
    return address


def _subjects(n: int) -> list[str]:
    return [f"Letter {i:02d} {'письмо' if i % 6 == 3 else 'about'} item-{i}" for i in range(n)]


def _notifications(stack: LocalStack, user_id: int) -> list:
    return [m for m in stack.telegram.bot_messages(user_id) if m.plain.startswith(URGENCY_MARKS)]


def _wait_for_notifications(stack: LocalStack, user_id: int, count: int, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(_notifications(stack, user_id)) < count:
        time.sleep(0.1)
    time.sleep(1.5)  # anything extra (a duplicate) would arrive now
    return _notifications(stack, user_id)


def _envelope(address: str, history_id: int) -> dict:
    import base64
    import json

    data = base64.b64encode(json.dumps({"emailAddress": address, "historyId": history_id}).encode())
    return {"message": {"data": data.decode(), "messageId": "1"}, "subscription": "test"}


@pytest.fixture
def app_in_process(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    """The functions' code, run inside the test so that a failure can be injected."""
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    return App(Settings())


def test_connect_starts_a_gmail_watch_and_records_the_checkpoint(stack, user_id, firestore_db):
    address = _connected(stack, user_id)
    account = firestore_db.document(f"users/{user_id}/accounts/{address}").get().to_dict()
    box = stack.gmail.mailbox(address)
    assert box.watch_topic == stack.gmail_topic() and box.watch_labels == ["INBOX", "SENT"]
    assert account["history_id"] == str(box.history_id)
    assert account["watch_expires_at"] is not None


def test_twenty_letters_pushed_three_times_out_of_order_notify_exactly_once(
    stack, user_id, firestore_db
):
    address = _connected(stack, user_id)
    subjects = _subjects(20)
    history_ids = []
    for i, subject in enumerate(subjects):
        raw = letters.SHAPES[i % len(letters.SHAPES)](subject, address)
        history_ids.append(stack.gmail.deliver(address, raw, notify=False).history_id)
    pushes = history_ids * 3
    random.Random(user_id).shuffle(pushes)
    for history_id in pushes:
        stack.gmail.publish_push(address, history_id)

    notes = _wait_for_notifications(stack, user_id, 20)

    assert len(notes) == 20
    for subject in subjects:
        assert sum(subject in n.plain for n in notes) == 1, subject
    for note in notes:
        buttons = note.reply_markup["inline_keyboard"]
        assert buttons[0][0]["url"].startswith(f"https://mail.google.com/mail/u/{address}/")
        assert buttons[1][0]["callback_data"].startswith("mute:")
    # The checkpoint moves after a sync has published, so it may settle a moment later.
    account_ref = firestore_db.document(f"users/{user_id}/accounts/{address}")
    deadline = time.monotonic() + 30
    while account_ref.get().to_dict()["history_id"] != str(max(history_ids)):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert account_ref.get().to_dict()["history_id"] == str(max(history_ids))
    records = list(firestore_db.collection(f"users/{user_id}/mail").stream())
    assert len(records) == 20
    assert {r.to_dict()["notify_state"] for r in records} == {"published"}


def test_letter_details_reach_the_notification(stack, user_id):
    address = _connected(stack, user_id, lang="ru")
    stack.gmail.deliver(address, letters.koi8r("Когда созвонимся", address))
    stack.gmail.deliver(address, letters.with_attachment("Contract", address))
    stack.gmail.deliver(address, letters.malformed("Broken one", address))

    notes = _wait_for_notifications(stack, user_id, 3)

    koi8, attachment, broken = (
        next(n for n in notes if s in n.plain)
        for s in ("Когда созвонимся", "Contract", "Broken one")
    )
    assert "Мама" in koi8.plain and "mom@mail.example" in koi8.plain
    assert "contract.pdf" in attachment.plain
    assert "broken@odd.example" in broken.plain


@pytest.mark.parametrize("crash_at", ["publish", "checkpoint"])
def test_crash_mid_sync_then_redelivery_notifies_exactly_once(
    stack, user_id, app_in_process, monkeypatch, crash_at
):
    address = _connected(stack, user_id)
    subject = f"Crash test {crash_at}"
    stored = stack.gmail.deliver(address, letters.plain(subject, address), notify=False)
    target = app_in_process.bus if crash_at == "publish" else app_in_process.store
    method = "publish" if crash_at == "publish" else "advance_checkpoint"
    original = getattr(target, method)

    def crash(*args, **kwargs):
        raise RuntimeError(f"injected crash at {crash_at}")

    monkeypatch.setattr(target, method, crash)
    with pytest.raises(RuntimeError, match="injected crash"):
        handle_push(app_in_process, _envelope(address, stored.history_id))
    monkeypatch.setattr(target, method, original)

    result = handle_push(app_in_process, _envelope(address, stored.history_id))  # redelivery
    handle_push(app_in_process, _envelope(address, stored.history_id))  # and once more

    notes = _wait_for_notifications(stack, user_id, 1)
    assert [subject in n.plain for n in notes] == [True]
    if crash_at == "publish":
        assert result is not None and result.republished == [stored.id]
    account = app_in_process.store.get_account(user_id, address)
    assert account is not None and account.history_id == str(stored.history_id)


def test_stale_checkpoint_resyncs_recent_letters_without_renotifying(stack, user_id):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, "Stale")
    stack.gmail.deliver(address, letters.plain("Before connect", address), notify=False)
    connect(stack, user_id, address)
    stack.gmail.deliver(address, letters.plain("First after connect", address))
    assert len(_wait_for_notifications(stack, user_id, 1)) == 1
    box = stack.gmail.mailbox(address)
    stack.gmail.forget_history_before(address, box.history_id + 1)  # checkpoint now too old

    stack.gmail.deliver(address, letters.plain("Arrived while stale", address))
    notes = _wait_for_notifications(stack, user_id, 2)

    assert [n.plain.count("Arrived while stale") for n in notes] == [0, 1]
    assert not any("Before connect" in n.plain for n in notes)
    assert "checkpoint of user" in stack.function_log("gmail_push")


def test_revoked_grant_marks_the_account_and_tells_the_user_once(stack, user_id, firestore_db):
    address = _connected(stack, user_id)
    stack.google.revoke_all(address)
    letter = stack.gmail.deliver(address, letters.plain("After revoke", address))
    stack.gmail.publish_push(address, letter.history_id)
    stack.gmail.publish_push(address, letter.history_id)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        warnings = [m for m in stack.telegram.bot_messages(user_id) if "lost access" in m.plain]
        if warnings:
            break
        time.sleep(0.1)
    time.sleep(2)

    warnings = [m for m in stack.telegram.bot_messages(user_id) if "lost access" in m.plain]
    assert len(warnings) == 1
    (button,) = warnings[0].reply_markup["inline_keyboard"][0]
    assert button["url"].startswith(stack.function_url("oauth_callback") + "/start?state=")
    account = firestore_db.document(f"users/{user_id}/accounts/{address}").get().to_dict()
    assert account["status"] == "revoked"
    assert _notifications(stack, user_id) == []


def test_lost_push_is_recovered_by_the_hourly_tick(stack, user_id, app_in_process):
    address = _connected(stack, user_id)
    stack.gmail.deliver(address, letters.plain("Push was lost", address), notify=False)
    time.sleep(1)
    assert _notifications(stack, user_id) == []

    quarter_past = utcnow().replace(minute=15, second=0, microsecond=0)
    handle_tick(app_in_process, SCHEDULER_TICK, now=quarter_past)  # no per-account work
    time.sleep(2)
    assert _notifications(stack, user_id) == []
    # The hour's tick: its sync shards travel through Pub/Sub to digest_cron, which asks the
    # account to sync (a synthetic push on gmail-push, handled by gmail_push).
    handle_tick(app_in_process, SCHEDULER_TICK, now=quarter_past.replace(minute=0))

    notes = _wait_for_notifications(stack, user_id, 1)
    assert len(notes) == 1 and "Push was lost" in notes[0].plain
