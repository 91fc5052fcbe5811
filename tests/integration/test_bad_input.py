"""Bad input never crashes anything: odd Telegram updates and malformed letters, end to end.

Updates the bot does not handle are answered 200 and leave no trace (no user, no outbox key,
no message); malformed request bodies are answered 200 too (never 500: Telegram would retry).
Malformed letters go through the whole pipeline (Gmail stand-in → gmail_push → outbox →
Telegram) and each gets one notification with what could be read, in bounded memory.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from shared_lib.i18n import t
from telemail_local.procs import group_status_kb
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from telemail_local.telegram_server import plain_text_of
from tests.unit.test_bad_input_mail import CORPUS

pytestmark = pytest.mark.integration

URGENCY_MARKS = ("✉", "🔴", "⚪")
MEMORY_LIMIT_MB = 400
_ids = itertools.count(620_001)  # Telegram user ids, apart from other modules' ids
BOT = {"id": 7_000_000_001, "is_bot": True, "first_name": "Telemail", "username": "telemail_bot"}


def _person(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": "Odd", "language_code": "en"}


def _private(uid: int, **fields: Any) -> dict[str, Any]:
    chat = {"id": uid, "type": "private", "first_name": "Odd"}
    return {"message_id": 1, "date": int(time.time()), "chat": chat, "from": _person(uid), **fields}


def _in_chat(uid: int, chat: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"message_id": 1, "date": int(time.time()), "chat": chat, "from": _person(uid), **fields}


def _command(text: str) -> dict[str, Any]:
    return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}


def _member(status: str) -> dict[str, Any]:
    return {"status": status, "user": BOT}


# kind → the update's content for Telegram user ``uid`` (the update_id is added when sending)
UNHANDLED: dict[str, Callable[[int], dict[str, Any]]] = {
    "sticker": lambda u: {
        "message": _private(
            u,
            sticker={
                "file_id": "CAACAgIAAxk",
                "file_unique_id": "AgAD",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        )
    },
    "photo": lambda u: {
        "message": _private(
            u,
            photo=[{"file_id": "AgACAgIAAxk", "file_unique_id": "AQAD", "width": 90, "height": 90}],
        )
    },
    "location": lambda u: {"message": _private(u, location={"latitude": 55.75, "longitude": 37.6})},
    "edited_message": lambda u: {
        "edited_message": _private(u, edit_date=int(time.time()), **_command("/start"))
    },
    "channel_post": lambda u: {
        "channel_post": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": -1_000_000_000_000 - u, "type": "channel", "title": "A channel"},
            **_command("/start"),
        }
    },
    "my_chat_member": lambda u: {
        "my_chat_member": {
            "chat": {"id": u, "type": "private", "first_name": "Odd"},
            "from": _person(u),
            "date": int(time.time()),
            "old_chat_member": _member("member"),
            "new_chat_member": {**_member("kicked"), "until_date": 0},
        }
    },
    "inline_query": lambda u: {
        "inline_query": {"id": str(u), "from": _person(u), "query": "mail", "offset": ""}
    },
    "group message": lambda u: {
        "message": _in_chat(
            u, {"id": -u, "type": "group", "title": "A group"}, **_command("/start")
        )
    },
    "supergroup message": lambda u: {
        "message": _in_chat(
            u, {"id": -1_000_000_000_000 - u, "type": "supergroup", "title": "S"}, text="hello"
        )
    },
    "message from a bot": lambda u: {
        "message": {**_private(u, **_command("/start")), "from": {**_person(u), "is_bot": True}}
    },
    "poll": lambda u: {
        "poll": {
            "id": str(u),
            "persistent_id": f"poll-{u}",
            "question": "Q?",
            "options": [
                {"persistent_id": "a", "text": "a", "voter_count": 0},
                {"persistent_id": "b", "text": "b", "voter_count": 1},
            ],
            "total_voter_count": 1,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
    },
    "over 1 MB": lambda u: {"message": _private(u, text="/start " + "x" * 1_100_000)},
}

# kind → a request body that is not a Telegram update at all
MALFORMED: dict[str, bytes] = {
    "malformed JSON": b'{"update_id": 1, "message": {"text": ',
    "not UTF-8": b"\xff\xfe\x00{\x00}",
    "empty body": b"",
    "JSON array": b"[1, 2, 3]",
    "JSON string": b'"update"',
    "JSON number": b"42",
    "JSON null": b"null",
    "object without update_id": b'{"message": {"text": "/start"}}',
    "update_id not a number": b'{"update_id": "12", "message": {"text": "/start"}}',
    "over 1 MB of garbage": b"{" + b"x" * 1_100_000,
}

# Bodies that are JSON updates but break python-telegram-bot's parser or the sender's fields.
CRASHING: dict[str, Callable[[int, int], bytes]] = {
    "JSON nested 100,000 deep": lambda u, n: (
        f'{{"update_id": {n}, "message": '.encode() + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "message that is a string": lambda u, n: json.dumps({"update_id": n, "message": "hi"}).encode(),
    "date out of range": lambda u, n: json.dumps(
        {"update_id": n, "message": {**_private(u, text="hi"), "date": 10**20}}
    ).encode(),
    "user id not a number": lambda u, n: json.dumps(
        {"update_id": n, "message": {**_private(u, **_command("/start")), "from": _person("x")}}
    ).encode(),
}


def _post(stack: LocalStack, body: bytes) -> requests.Response:
    return requests.post(
        stack.function_url("telegram_webhook") + "/webhook",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": stack.secrets.webhook_secret,
        },
        timeout=30,
    )


def _traces(firestore_db, uid: int, update_id: int) -> list[str]:
    """What handling the update left behind: a user document, outbox keys, messages."""
    found = []
    if firestore_db.document(f"users/{uid}").get().exists:
        found.append("user document")
    for key in (f"reply:{update_id}:0", f"answer:{update_id}"):
        if firestore_db.document(f"outbox_sent/{key}").get().exists:
            found.append(f"outbox key {key}")
    return found


def test_updates_the_bot_does_not_handle_are_answered_200_and_leave_no_trace(
    stack: LocalStack, firestore_db
):
    sent = {}
    for kind, build in UNHANDLED.items():
        uid, update_id = next(_ids), 900_000 + next(_ids)
        response = _post(stack, json.dumps({"update_id": update_id, **build(uid)}).encode())
        sent[kind] = (uid, update_id, response.status_code)
    time.sleep(2)  # a reply, if any were (wrongly) made, would be sent by now

    problems = {}
    for kind, (uid, update_id, status) in sent.items():
        found = [f"HTTP {status}"] * (status != 200) + _traces(firestore_db, uid, update_id)
        found += [f"{len(stack.telegram.chat(uid))} messages"] * bool(stack.telegram.chat(uid))
        if found:
            problems[kind] = found
    assert problems == {}


def test_private_messages_without_text_create_no_user(stack: LocalStack, firestore_db):
    written = []
    for kind in ("sticker", "photo", "location"):
        uid, update_id = next(_ids), 900_000 + next(_ids)
        assert _post(stack, json.dumps({"update_id": update_id, **UNHANDLED[kind](uid)}).encode())
        written += [kind] * bool(_traces(firestore_db, uid, update_id))
    assert written == []


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_body_that_is_not_an_update_is_answered_200_and_ignored(stack: LocalStack, kind):
    log_start = len(stack.function_log("telegram_webhook"))
    response = _post(stack, MALFORMED[kind])
    assert (response.status_code, response.text) == (200, "ignored")
    assert "Traceback" not in stack.function_log("telegram_webhook")[log_start:]


@pytest.mark.parametrize("kind", list(CRASHING))
def test_a_body_that_breaks_the_update_parser_is_answered_200(stack: LocalStack, kind):
    uid, update_id = next(_ids), 900_000 + next(_ids)
    response = _post(stack, CRASHING[kind](uid, update_id))
    assert response.status_code == 200


def test_huge_text_and_unknown_buttons_get_a_polite_answer(stack: LocalStack):
    talker, clicker = next(_ids), next(_ids)
    huge = _private(talker, text="Hello! " + "blah " * 180_000)  # 900 KB, under the 1 MB cap
    assert _post(stack, json.dumps({"update_id": 900_000 + talker, "message": huge}).encode())
    click = {
        "update_id": 900_000 + clicker,
        "callback_query": {
            "id": f"cq{clicker}",
            "from": _person(clicker),
            "chat_instance": "1",
            "data": "no-such-button:\u0000" + "z" * 60,
        },
    }
    assert _post(stack, json.dumps(click).encode()).status_code == 200

    (reply,) = stack.telegram.wait_for_bot_messages(talker, 1, timeout=30)
    assert reply.plain == plain_text_of(t("en", "not_a_command"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answers = [
            a
            for a in stack.telegram.callback_answers
            if a["callback_query_id"] == click["callback_query"]["id"]
        ]
        if answers:
            break
        time.sleep(0.1)
    assert [a.get("text") for a in answers] == [t("en", "callback.unknown")]


# Malformed letters through the whole pipeline -----------------------------------------------


def _mb(kb: dict[int, int]) -> str:
    return (
        f"{sum(kb.values()) / 1024:.0f} MB ("
        + " + ".join(f"{v / 1024:.0f}" for v in sorted(kb.values()))
        + ")"
    )


def test_malformed_letters_are_each_notified_once_with_what_could_be_read_in_bounded_memory(
    stack: LocalStack, firestore_db
):
    uid = next(_ids)
    address = f"badmail{uid}@gmail.example"
    stack.google.add_account(address, "Bad Mail")
    connect(stack, uid, address)
    pgid = os.getpgid(stack._functions["gmail_push"].proc.pid)
    peak_before = group_status_kb(pgid, "VmHWM")
    log_start = len(stack.function_log("gmail_push"))

    stored = [
        stack.gmail.deliver(address, letter.build(address), notify=False) for letter in CORPUS
    ]
    stack.gmail.publish_push(address, stored[-1].history_id)  # one sync reads them all: the
    # memory measured is that of reading each letter once (concurrent syncs would each fetch
    # the letters not yet recorded); Gmail's own pushes, one per letter, follow below

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        notes = [m for m in stack.telegram.bot_messages(uid) if m.plain.startswith(URGENCY_MARKS)]
        if len(notes) >= len(CORPUS):
            break
        time.sleep(0.2)
    peak_after = group_status_kb(pgid, "VmHWM")
    for letter in stored:
        stack.gmail.publish_push(address, letter.history_id)
    time.sleep(2)  # a duplicate would arrive now
    notes = [m for m in stack.telegram.bot_messages(uid) if m.plain.startswith(URGENCY_MARKS)]
    print(
        f"\nbad mail: {len(CORPUS)} malformed letters → {len(notes)} notifications; gmail_push "
        f"process group peak RSS (VmHWM, sum of its processes) {_mb(peak_before)} before, "
        f"{_mb(peak_after)} after"
    )

    missing = {
        letter.name: [m for m in letter.expect if sum(m in n.plain for n in notes) != 1]
        for letter in CORPUS
    }
    assert {name: m for name, m in missing.items() if m} == {}, [n.plain[:120] for n in notes]
    assert len(notes) == len(CORPUS)
    assert sum(peak_after.values()) < MEMORY_LIMIT_MB * 1024, _mb(peak_after)
    log = stack.function_log("gmail_push")[log_start:]
    assert "Traceback" not in log and "not analysed" not in log
    states = {
        d.to_dict()["notify_state"] for d in firestore_db.collection(f"users/{uid}/mail").stream()
    }
    assert states == {"published"}
