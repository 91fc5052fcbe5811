"""Logs never contain secrets or letters: after a full flow, with its error paths, the four
functions' logs hold no token, key or secret, and nothing of the letters' bodies or subjects."""

from __future__ import annotations

import base64
import itertools
import re
import secrets
import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from telemail_local import gmail_server, telegram_server
from telemail_local.scripted_user import consent, start_and_get_connect_url
from telemail_local.stack import FUNCTIONS, LocalStack
from tests import letters

pytestmark = pytest.mark.integration

URGENCY_MARKS = ("✉", "🔴", "⚪")
_ids = itertools.count(630_001)
JWT = re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.")  # any signed token (ID tokens, state...)


def _html_letter(subject: str, to: str, body: str) -> bytes:
    return (
        f"From: Shop <shop@corp.example>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(f"<p>{body}</p>".encode()).decode()
    ).encode()


def _wait_notes(stack: LocalStack, uid: int, count: int, timeout: float = 90) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notes = [m for m in stack.telegram.bot_messages(uid) if m.plain.startswith(URGENCY_MARKS)]
        if len(notes) >= count:
            return notes
        time.sleep(0.1)
    raise AssertionError(f"{len(notes)} notifications of {count} after {timeout}s")


def test_function_logs_hold_no_token_secret_or_letter_content(stack: LocalStack):
    uid = next(_ids)
    address = f"private{uid}@gmail.example"
    stack.google.add_account(address, "Private Person")
    tag = secrets.token_hex(4)
    body = f"The violet giraffe {tag} whispers the vault code to nobody"
    subjects = [f"Confidential {tag} {kind}" for kind in ("plain", "html", "attached")]

    # Connect by hand, to keep the one-time authorization code and the signed state.
    connect_url = start_and_get_connect_url(stack, uid)
    callback_url = consent(stack, connect_url, address)
    query = parse_qs(urlparse(callback_url).query)
    code, state = query["code"][0], query["state"][0]
    assert requests.get(callback_url, timeout=30).status_code == 200
    # Error paths log the most: a wrong webhook secret, Telegram 500 and a long 429,
    # Gmail failing beyond its retries, and a letter the parser finds defects in.
    wrong = requests.post(
        stack.function_url("telegram_webhook") + "/webhook",
        json={"update_id": 1},
        headers={"X-Telegram-Bot-Api-Secret-Token": "not-" + stack.secrets.webhook_secret},
        timeout=10,
    )
    assert wrong.status_code == 401
    stack.telegram.wait_for_bot_messages(uid, 2)  # "Connected" before any fault is armed
    stack.telegram.faults += [
        telegram_server.Fault("sendMessage", 500, 1),
        telegram_server.Fault("sendMessage", 429, 1, retry_after=30),
    ]
    stack.gmail.faults.append(gmail_server.Fault("/history", 503, 4))
    shapes = [
        letters.plain(subjects[0], address, body=body),
        _html_letter(subjects[1], address, body),
        letters.with_attachment(subjects[2], address),
    ]
    last = [stack.gmail.deliver(address, raw, notify=False) for raw in shapes][-1]
    stack.gmail.publish_push(address, last.history_id)
    notes = _wait_notes(stack, uid, len(shapes))
    assert any(tag in n.plain for n in notes)  # the letters did reach the user...
    stack.google.revoke_all(address)  # ...and then access is revoked: one more error path
    stack.gmail.deliver(address, letters.plain(f"After revoke {tag}", address, body=body))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(
        "lost access" in m.plain for m in stack.telegram.bot_messages(uid)
    ):
        time.sleep(0.1)

    forbidden = {
        "bot token": stack.secrets.bot_token,
        "bot token secret part": stack.secrets.bot_token.partition(":")[2],
        "webhook secret": stack.secrets.webhook_secret,
        "OAuth client secret": stack.secrets.oauth_client_secret,
        "state signing key": stack.secrets.state_signing_key,
        "authorization code": code,
        "OAuth state": state,
        "letter body": body,
        "letter body's tag": tag,
        **{
            f"token encryption key {kid}": key
            for kid, _, key in (
                k.partition(":") for k in stack.secrets.token_encryption_keys.split(",")
            )
        },
        **{f"refresh token {i}": tok for i, tok in enumerate(stack.google.refresh_tokens)},
        **{f"access token {i}": tok for i, tok in enumerate(stack.google.access_tokens)},
    }
    assert len([k for k in forbidden if k.startswith("access token")]) >= 1
    logs = {name: stack.function_log(name) for name in FUNCTIONS}
    assert "GmailUnavailable" in logs["gmail_push"]  # the error paths did run
    assert "rejected update with missing or wrong secret" in logs["telegram_webhook"]
    leaks = [
        f"{what} in the log of {name}"
        for name, log in logs.items()
        for what, value in forbidden.items()
        if value and value in log
    ]
    leaks += [
        f"a signed token in the log of {name}" for name, log in logs.items() if JWT.search(log)
    ]
    assert leaks == []


def test_reading_a_letter_leaves_none_of_it_in_the_logs(stack: LocalStack):
    """📖 Read, its quote toggle, an attachment sent as a document, the viewer, and Gmail
    failing during a read: the letter's words, quote and file name reach no log."""
    from email.message import EmailMessage

    uid = next(_ids)
    address = f"reader{uid}@gmail.example"
    stack.google.add_account(address, "Reader")
    callback_url = consent(stack, start_and_get_connect_url(stack, uid), address)
    assert requests.get(callback_url, timeout=30).status_code == 200
    stack.telegram.wait_for_bot_messages(uid, 2)
    tag = secrets.token_hex(4)
    secret_words = f"The amber walrus {tag} hides the spare key"
    quoted = f"Quoted heron {tag} remembers"
    filename = f"salary-{tag}.pdf"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Anna <anna@corp.example>", address, f"Read {tag}"
    msg.set_content(f"{secret_words}.\n\nOn Mon, Bob <bob@corp.example> wrote:\n> {quoted}\n")
    msg.add_attachment(b"%PDF " * 50, maintype="application", subtype="pdf", filename=filename)
    stored = stack.gmail.deliver(address, msg.as_bytes())
    (note,) = _wait_notes(stack, uid, 1)

    def press(data: str, on: int, wanted) -> list:
        before = {m.message_id for m in stack.telegram.bot_messages(uid)}
        stack.telegram.user_clicks(uid, on, data)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = [m for m in stack.telegram.bot_messages(uid) if wanted(m, before)]
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no answer to {data}")

    (answer,) = press(f"read:{stored.id}", note.message_id, lambda m, b: m.message_id not in b)
    assert tag in answer.plain
    press(f"rq:{stored.id}", answer.message_id, lambda m, b: quoted in m.plain)
    press(f"att:{stored.id}:1", answer.message_id, lambda m, b: m.document is not None)
    init_data = stack.telegram.webapp_init_data(uid)
    viewer = requests.get(
        f"{stack.function_url('telegram_webhook')}/api/letter?m={stored.id}",
        headers={"Authorization": f"tma {init_data}"},
        timeout=30,
    )
    assert viewer.status_code == 200 and tag in viewer.text
    stack.gmail.faults.append(gmail_server.Fault(f"/messages/{stored.id}", 503, 8))
    press(f"read:{stored.id}", note.message_id, lambda m, b: "did not answer" in m.plain)

    logs = {name: stack.function_log(name) for name in FUNCTIONS}
    assert "reader: Gmail unavailable" in logs["telegram_webhook"]  # the error path did run
    leaks = [
        f"{what} in the log of {name}"
        for name, log in logs.items()
        for what, value in {"tag": tag, "file name": filename, "words": secret_words}.items()
        if value in log
    ]
    assert leaks == []
