"""Connecting Gmail end to end, against the real emulators and functions-framework."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from telemail_local.scripted_user import consent, start_and_get_connect_url
from telemail_local.stack import LocalStack

pytestmark = pytest.mark.integration


def _snapshot(db, *collections: str) -> dict[str, list[tuple[str, dict]]]:
    return {c: sorted((d.id, d.to_dict()) for d in db.collection(c).stream()) for c in collections}


def test_start_then_consent_connects_the_account_and_says_so(
    stack: LocalStack, user_id, firestore_db
):
    email = f"anna.{user_id}@example.com"
    stack.google.add_account(email, "Анна Петрова")

    connect_url = start_and_get_connect_url(stack, user_id, lang="ru")
    welcome = stack.telegram.bot_messages(user_id)[0]
    assert "Telemail" in welcome.plain and "Подключите Gmail" in welcome.plain
    assert connect_url.startswith(stack.function_url("oauth_callback") + "/start?state=")

    callback_url = consent(stack, connect_url, email)
    page = requests.get(callback_url, timeout=30)
    assert page.status_code == 200, page.text
    assert "Gmail подключён" in page.text

    account = firestore_db.document(f"users/{user_id}/accounts/{email}").get()
    assert account.exists
    stored = account.to_dict()
    (refresh_token,) = [t for t, e in stack.google.refresh_tokens.items() if e == email]
    raw_document = json.dumps(stored, default=str)
    assert refresh_token not in raw_document
    assert refresh_token.split("-", 1)[1] not in raw_document
    assert stored["sealed_refresh_token"].startswith("v1.k1.")
    assert stored["status"] == "active" and stored["name"] == "Анна Петрова"
    index = firestore_db.document(f"accounts_by_email/{email}").get()
    assert index.to_dict() == {"user_id": user_id}

    connected = stack.telegram.wait_for_bot_messages(user_id, 2)[-1]
    assert connected.plain.startswith(f"✅ Подключено: Анна Петрова <{email}>")


def test_english_user_gets_english_texts(stack: LocalStack, user_id):
    email = f"bob.{user_id}@example.com"
    stack.google.add_account(email, "Bob <Smith> & Co")
    connect_url = start_and_get_connect_url(stack, user_id, lang="en-US")
    assert "Connect your Gmail" in stack.telegram.bot_messages(user_id)[0].plain
    requests.get(consent(stack, connect_url, email), timeout=30).raise_for_status()
    connected = stack.telegram.wait_for_bot_messages(user_id, 2)[-1]
    # the name is escaped for Telegram's HTML and shown as the person wrote it
    assert connected.plain.startswith(f"✅ Connected: Bob <Smith> & Co <{email}>")
    assert "&lt;Smith&gt; &amp; Co" in connected.text
    # no zone chosen yet: the same message asks for it, with the zone buttons
    assert "Which time zone are you in?" in connected.plain
    rows = (connected.reply_markup or {}).get("inline_keyboard", [])
    assert [b["callback_data"] for b in rows[-1]] == ["tz:UTC"]


def test_webhook_with_wrong_secret_is_rejected_and_writes_nothing(
    stack: LocalStack, user_id, firestore_db
):
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": "/start",
            "from": {"id": user_id, "is_bot": False, "first_name": "Eve"},
            "chat": {"id": user_id, "type": "private"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    url = stack.function_url("telegram_webhook") + "/webhook"
    for headers in ({"X-Telegram-Bot-Api-Secret-Token": "forged"}, {}):
        response = requests.post(url, json=update, headers=headers, timeout=10)
        assert response.status_code == 401
    assert not firestore_db.document(f"users/{user_id}").get().exists
    time.sleep(0.5)
    assert stack.telegram.bot_messages(user_id) == []
    assert "rejected update with missing or wrong secret token" in stack.function_log(
        "telegram_webhook"
    )


def _state_of(url: str) -> str:
    return parse_qs(urlparse(url).query)["state"][0]


def test_tampered_state_is_rejected_at_start_and_callback(stack: LocalStack, user_id, firestore_db):
    state = _state_of(start_and_get_connect_url(stack, user_id))
    payload, _, signature = state.rpartition(".")
    tampered = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    before = _snapshot(firestore_db, "oauth_states", "accounts_by_email")
    oauth = stack.function_url("oauth_callback")

    start = requests.get(f"{oauth}/start", params={"state": tampered}, allow_redirects=False)
    callback = requests.get(f"{oauth}/callback", params={"state": tampered, "code": "4/x"})

    assert start.status_code == 400 and callback.status_code == 400
    assert _snapshot(firestore_db, "oauth_states", "accounts_by_email") == before
    assert "rejected: state signature invalid" in stack.function_log("oauth_callback")


def test_expired_state_is_rejected(stack: LocalStack, user_id, firestore_db):
    class HourAgoSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3600

    serializer = URLSafeTimedSerializer(
        stack.secrets.state_signing_key, salt="telemail.oauth-state.v1", signer=HourAgoSigner
    )
    old_state = serializer.dumps([user_id, user_id, "en", "nonce-expired"])
    before = _snapshot(firestore_db, "oauth_states")

    response = requests.get(
        stack.function_url("oauth_callback") + "/start",
        params={"state": old_state},
        allow_redirects=False,
    )

    assert response.status_code == 410
    assert "This link has expired. Go back to Telegram and press" in response.text
    assert _snapshot(firestore_db, "oauth_states") == before
    assert "rejected: state expired" in stack.function_log("oauth_callback")


def test_replayed_callback_is_rejected_and_changes_nothing(
    stack: LocalStack, user_id, firestore_db
):
    email = f"carol.{user_id}@example.com"
    stack.google.add_account(email, "Carol")
    callback_url = consent(stack, start_and_get_connect_url(stack, user_id), email)
    assert requests.get(callback_url, timeout=30).status_code == 200
    stack.telegram.wait_for_bot_messages(user_id, 2)
    before = _snapshot(firestore_db, "oauth_states", "accounts_by_email")
    account_before = firestore_db.document(f"users/{user_id}/accounts/{email}").get().to_dict()

    replay = requests.get(callback_url, timeout=30)

    assert replay.status_code == 409
    assert _snapshot(firestore_db, "oauth_states", "accounts_by_email") == before
    after = firestore_db.document(f"users/{user_id}/accounts/{email}").get().to_dict()
    assert after == account_before
    assert "rejected: state already used" in stack.function_log("oauth_callback")
    time.sleep(0.5)
    assert len(stack.telegram.bot_messages(user_id)) == 2  # no second "Connected"
