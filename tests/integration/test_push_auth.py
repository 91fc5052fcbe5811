"""Only genuine Pub/Sub pushes may make the bot speak: /outbox and /events check the OIDC token."""

from __future__ import annotations

import base64
import json
import time

import pytest
import requests

from telemail_local.google_server import IdTokenSigner
from telemail_local.stack import PUSH_INVOKER, LocalStack

pytestmark = pytest.mark.integration


def _outbox_push(chat_id: int, text: str) -> dict:
    message = {"key": f"forged:{chat_id}:{text}", "chat_id": chat_id, "text": text}
    data = base64.b64encode(json.dumps(message).encode()).decode()
    return {"message": {"data": data, "messageId": "1"}, "subscription": "outbox-push"}


def _post(stack: LocalStack, token: str | None, body: dict, path: str = "/outbox"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = stack.function_url("telegram_webhook") + path
    return requests.post(url, json=body, headers=headers, timeout=10)


def test_pushes_without_a_valid_google_token_are_refused_and_nothing_is_sent(
    stack: LocalStack, user_id
):
    audience = stack.function_url("telegram_webhook")
    own_key = stack.google.id_tokens
    attempts = {
        "no token": None,
        "not a JWT": "not-a-token",
        "signed by an unknown key": IdTokenSigner().sign(audience, PUSH_INVOKER),
        "for another audience": own_key.sign("https://elsewhere.example", PUSH_INVOKER),
        "for another account": own_key.sign(audience, "attacker@evil.iam.gserviceaccount.com"),
        "expired": own_key.sign(audience, PUSH_INVOKER, lifetime=-600),
    }
    for reason, token in attempts.items():
        for path in ("/outbox", "/events"):
            response = _post(stack, token, _outbox_push(user_id, reason), path)
            assert response.status_code == 401, (reason, path)
    time.sleep(0.5)
    assert stack.telegram.bot_messages(user_id) == []
    assert "push: rejected request" in stack.function_log("telegram_webhook")


def test_a_push_signed_like_pubsub_is_delivered(stack: LocalStack, user_id):
    token = stack.google.id_tokens.sign(stack.function_url("telegram_webhook"), PUSH_INVOKER)
    response = _post(stack, token, _outbox_push(user_id, "genuine"))
    assert response.status_code == 200
    assert [m.plain for m in stack.telegram.bot_messages(user_id)] == ["genuine"]


def test_tokens_naming_unknown_keys_do_not_make_the_function_refetch_certificates(
    stack: LocalStack, user_id
):
    audience = stack.function_url("telegram_webhook")
    genuine = stack.google.id_tokens.sign(audience, PUSH_INVOKER)
    assert _post(stack, genuine, _outbox_push(user_id, "warm-up")).status_code == 200
    hits_before = stack.google.cert_requests

    for n in range(30):  # each signed by a fresh key, so each names a key id never seen
        forged = IdTokenSigner().sign(audience, PUSH_INVOKER)
        assert _post(stack, forged, _outbox_push(user_id, f"forged {n}")).status_code == 401

    # at most one refetch a minute, whatever the tokens say (the warm-up may have been it)
    assert stack.google.cert_requests - hits_before <= 1
    assert _post(stack, genuine, _outbox_push(user_id, "still fine")).status_code == 200
