"""The settings page's API on the local stack: who may read and change what, and what is stored."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import requests

from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from telemail_local.telegram_server import sign_init_data
from tests import letters

pytestmark = pytest.mark.integration
DAY = 86_400


def _register(stack: LocalStack, user_id: int, lang: str = "en") -> None:
    """The user talks to the bot once (/help), which creates users/{uid}."""
    before = len(stack.telegram.bot_messages(user_id))
    stack.telegram.user_sends(user_id, "/help", language_code=lang)
    stack.telegram.wait_for_bot_messages(user_id, before + 1)


def _api(
    stack: LocalStack,
    method: str,
    path: str,
    init_data: str | None,
    body: Any = None,
    header: str = "Authorization",
) -> requests.Response:
    headers = {}
    if init_data is not None:
        headers[header] = f"tma {init_data}" if header == "Authorization" else init_data
    return requests.request(
        method,
        f"{stack.function_url('telegram_webhook')}/api/{path}",
        headers=headers,
        data=None if body is None else json.dumps(body),
        timeout=30,
    )


def _docs(db, user_id: int) -> dict[str, Any]:
    """Everything the settings page may change for a user, as stored."""
    return {
        "user": db.document(f"users/{user_id}").get().to_dict(),
        "rules": db.document(f"users/{user_id}/rules/current").get().to_dict(),
    }


def _other_field_tampered(init_data: str) -> str:
    fields = dict(parse_qsl(init_data))
    fields["query_id"] = fields["query_id"] + "x"
    return urlencode(fields)


def _forged(init_data: str) -> str:
    fields = dict(parse_qsl(init_data))
    fields["hash"] = "f" * 64
    return urlencode(fields)


def _as_other_user(init_data: str, other: int) -> str:
    fields = dict(parse_qsl(init_data))
    user = json.loads(fields["user"])
    fields["user"] = json.dumps({**user, "id": other}, separators=(",", ":"))
    return urlencode(fields)


FULL_CHANGE = {
    "hashtags": {"#Invoices": {"keywords": ["invoice", "счёт"], "mode": "instant"}},
    "sender_lists": {"vip": {"entries": ["Boss@Corp.example"], "mode": "instant", "vip": True}},
    "category_modes": {"promotions": "mute", "newsletters": "digest"},
    "muted": ["@spam.example"],
    "lang": "ru",
    "timezone": "Europe/Moscow",
    "quiet_hours": {"start": "23:00", "end": "08:00", "allow_urgent": False},
    "digest": {"mode": "daily", "at": "09:30"},
}


def test_valid_initdata_reads_the_callers_own_settings(stack, user_id):
    _register(stack, user_id, lang="ru")
    response = _api(stack, "GET", "settings", stack.telegram.webapp_init_data(user_id))
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["user"]["id"] == user_id and doc["user"]["lang"] == "ru"
    assert doc["rules"] == {
        "hashtags": {},
        "sender_lists": {},
        "category_modes": {},
        "muted": [],
        "image_senders": [],  # the letter viewer's "always load pictures" senders
    }
    assert doc["texts"]["webapp.hashtags"] == "Хештеги"
    assert response.headers["Cache-Control"] == "no-store"


def test_initdata_in_its_own_header_works_too(stack, user_id):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    response = _api(stack, "GET", "settings", init_data, header="X-Telegram-Init-Data")
    assert response.status_code == 200 and response.json()["user"]["id"] == user_id


def test_every_setting_is_changed_stored_and_read_back(stack, user_id, firestore_db):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)

    response = _api(stack, "PATCH", "settings", init_data, FULL_CHANGE)

    assert response.status_code == 200, response.text
    stored = _docs(firestore_db, user_id)
    assert stored["rules"] == {
        "hashtags": {"invoices": {"keywords": ["invoice", "счёт"], "mode": "instant"}},
        "sender_lists": {"VIP": {"entries": ["boss@corp.example"], "mode": "instant", "vip": True}},
        "category_modes": {"promotions": "mute", "newsletters": "digest"},
        "muted": ["spam.example"],
        "image_senders": [],
    }
    user = stored["user"]
    assert (user["lang"], user["timezone"]) == ("ru", "Europe/Moscow")
    assert user["timezone_chosen"] is True  # /start and "Connected" no longer ask
    assert user["quiet_hours"] == {"start": "23:00", "end": "08:00", "allow_urgent": False}
    assert user["digest"] == {"mode": "daily", "at": "09:30"}
    again = _api(stack, "GET", "settings", init_data).json()
    assert again == response.json()
    assert again["rules"] == stored["rules"] and again["texts"]["webapp.saved"] == "Сохранено"


def test_entries_not_named_in_a_change_are_kept(stack, user_id, firestore_db):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    _api(stack, "PATCH", "settings", init_data, FULL_CHANGE)

    change = {"hashtags": {"travel": {"keywords": ["flight"]}}, "quiet_hours": None}
    assert _api(stack, "PUT", "settings", init_data, change).status_code == 200
    assert _api(stack, "PATCH", "settings", init_data, {"hashtags": {"invoices": None}}).ok

    stored = _docs(firestore_db, user_id)
    assert stored["rules"]["hashtags"] == {"travel": {"keywords": ["flight"], "mode": "instant"}}
    assert stored["rules"]["muted"] == ["spam.example"]
    assert stored["user"]["quiet_hours"] is None and stored["user"]["timezone"] == "Europe/Moscow"


@pytest.mark.parametrize(
    "spoil",
    ["forged_hash", "tampered_field", "other_bot", "expired", "missing", "empty"],
)
def test_bad_initdata_gets_401_and_changes_nothing(stack, user_id, firestore_db, spoil):
    _register(stack, user_id)
    good = stack.telegram.webapp_init_data(user_id)
    _api(stack, "PATCH", "settings", good, {"hashtags": {"kept": {"keywords": ["x"]}}})
    bad = {
        "forged_hash": _forged(good),
        "tampered_field": _other_field_tampered(good),
        "other_bot": sign_init_data(
            {k: v for k, v in parse_qsl(good) if k != "hash"}, "999:OTHER-BOT"
        ),
        "expired": stack.telegram.webapp_init_data(user_id, auth_date=int(time.time()) - DAY - 60),
        "missing": None,
        "empty": "",
    }[spoil]
    before = _docs(firestore_db, user_id)

    reads = _api(stack, "GET", "settings", bad)
    writes = _api(stack, "PATCH", "settings", bad, FULL_CHANGE)
    letters_ = _api(stack, "GET", "letters", bad)

    for response in (reads, writes, letters_):
        assert response.status_code == 401, response.text
        assert response.json()["error"] == "unauthorized" and response.json()["message"]
        assert "rules" not in response.json()
    assert (
        reads.json()["reason"]
        == {
            "forged_hash": "bad_signature",
            "tampered_field": "bad_signature",
            "other_bot": "bad_signature",
            "expired": "expired",
            "missing": "missing",
            "empty": "missing",
        }[spoil]
    )
    assert _docs(firestore_db, user_id) == before


def test_one_user_can_never_read_or_change_another_users_settings(stack, user_id, firestore_db):
    a, b = user_id, user_id + 50_000  # the fixture's ids never reach b
    _register(stack, a)
    _register(stack, b)
    a_data, b_data = stack.telegram.webapp_init_data(a), stack.telegram.webapp_init_data(b)
    _api(stack, "PATCH", "settings", b_data, {"hashtags": {"b-secret": {"keywords": ["x"]}}})
    b_before = _docs(firestore_db, b)

    own = _api(stack, "GET", f"settings?user_id={b}", a_data).json()
    with_user_field = _api(stack, "PATCH", "settings", a_data, {"user_id": b, "lang": "ru"})
    as_b = _api(stack, "PATCH", "settings", _as_other_user(a_data, b), FULL_CHANGE)
    a_change = _api(stack, "PATCH", "settings", a_data, {"hashtags": {"mine": {"keywords": ["y"]}}})

    assert own["user"]["id"] == a and own["rules"]["hashtags"] == {}
    assert with_user_field.status_code == 400 and with_user_field.json()["errors"] == [
        {"field": "user_id", "message": "unknown field"}
    ]
    assert as_b.status_code == 401
    assert a_change.status_code == 200 and list(a_change.json()["rules"]["hashtags"]) == ["mine"]
    assert _docs(firestore_db, b) == b_before
    assert _docs(firestore_db, a)["user"]["lang"] == "en"


@pytest.mark.parametrize(
    "change",
    [
        {"hashtags": {"ok": {"keywords": ["fine"]}}, "timezone": "Mars/Olympus"},
        {"hashtags": {"ok": {"keywords": ["fine"]}}, "muted": ["not an address"]},
        {"sender_lists": {"vip": {"entries": ["a@b.example"], "vip": True}}, "lang": "de"},
        {"quiet_hours": {"start": "8am", "end": "9am"}},
    ],
)
def test_an_invalid_change_gets_400_with_the_reason_and_writes_nothing(
    stack, user_id, firestore_db, change
):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    before = _docs(firestore_db, user_id)

    response = _api(stack, "PATCH", "settings", init_data, change)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_settings" and body["errors"] and body["message"]
    assert _docs(firestore_db, user_id) == before


def test_a_change_passing_a_limit_is_refused_inside_the_transaction(stack, user_id, firestore_db):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    many = {f"t{i}": {"keywords": ["x"]} for i in range(50)}
    assert _api(stack, "PATCH", "settings", init_data, {"hashtags": many}).ok
    before = _docs(firestore_db, user_id)

    response = _api(
        stack,
        "PATCH",
        "settings",
        init_data,
        {"hashtags": {"t51": {"keywords": ["x"]}}, "lang": "ru"},
    )

    assert response.status_code == 400 and "at most 50 hashtags" in response.json()["message"]
    assert _docs(firestore_db, user_id) == before


def test_not_json_gets_400(stack, user_id):
    _register(stack, user_id)
    response = requests.patch(
        f"{stack.function_url('telegram_webhook')}/api/settings",
        headers={"Authorization": f"tma {stack.telegram.webapp_init_data(user_id)}"},
        data=b"{not json",
        timeout=30,
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_json"


def test_a_user_who_never_talked_to_the_bot_gets_404_and_nothing_is_created(
    stack, user_id, firestore_db
):
    init_data = stack.telegram.webapp_init_data(user_id)
    assert _api(stack, "GET", "settings", init_data).status_code == 404
    assert _api(stack, "PATCH", "settings", init_data, FULL_CHANGE).status_code == 404
    assert not firestore_db.document(f"users/{user_id}").get().exists
    assert not firestore_db.document(f"users/{user_id}/rules/current").get().exists


def _wait_for_records(db, user_id: int, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = [r.to_dict() for r in db.collection(f"users/{user_id}/mail").stream()]
        if len(records) >= count and all(r["notify_state"] != "pending" for r in records):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{count} processed letters for {user_id} did not appear")


def test_last_letters_come_newest_first_with_analysis_and_why(stack, user_id, firestore_db):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address, "ru")
    init_data = stack.telegram.webapp_init_data(user_id)
    change = {
        "hashtags": {"invoices": {"keywords": ["invoice"]}},
        "muted": ["spam.example"],
    }
    assert _api(stack, "PATCH", "settings", init_data, change).ok
    stack.gmail.deliver(address, letters.plain("Lunch?", address, "Shall we have lunch?"))
    time.sleep(0.05)  # distinct receive times
    stack.gmail.deliver(address, letters.plain("March invoice", address, "The invoice is attached"))
    _wait_for_records(firestore_db, user_id, 2)

    response = _api(stack, "GET", "letters?limit=50", init_data)

    assert response.status_code == 200, response.text
    newest, older = response.json()["letters"]
    assert (newest["subject"], older["subject"]) == ("March invoice", "Lunch?")
    assert newest["analysis"]["hashtags"] == ["invoices"]
    assert any("invoice" in e["text"] for e in newest["analysis"]["hashtag_evidence"])
    assert newest["notify_state"] == "published"
    assert newest["notify_reason"] == "#invoices: instant"  # stored as it always was
    assert newest["why"] == "#invoices: сразу"  # and shown in the user's language
    assert newest["sender_email"] == "anna@corp.example" and newest["account"] == address
    assert newest["gmail_url"].startswith(f"https://mail.google.com/mail/u/{address}/")
    assert _api(stack, "GET", "letters?limit=1", init_data).json()["letters"][0]["subject"] == (
        "March invoice"
    )
    settings = _api(stack, "GET", "settings", init_data).json()
    assert [a["email"] for a in settings["accounts"]] == [address]


@pytest.mark.parametrize("limit", ["0", "51", "ten", "-1"])
def test_letters_limit_outside_1_to_50_gets_400(stack, user_id, limit):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    response = _api(stack, "GET", f"letters?limit={limit}", init_data)
    assert response.status_code == 400 and response.json()["error"] == "invalid_limit"


def test_page_is_served_by_telegram_webhook_and_opened_by_the_standin(stack, user_id):
    url = stack.function_env()["TELEMAIL_SETTINGS_PAGE_URL"]
    assert url == stack.function_url("telegram_webhook") + "/app"
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "app/app.js" in page.text
    launch = requests.get(
        f"{stack.telegram_url}/_user/webapp",
        params={"user_id": user_id, "url": url},
        allow_redirects=False,
        timeout=10,
    )
    assert launch.status_code == 302
    location, _, fragment = launch.headers["Location"].partition("#")
    params = dict(parse_qsl(fragment))
    assert location == url and params["tgWebAppVersion"] == "7.0"
    _register(stack, user_id)
    assert _api(stack, "GET", "settings", params["tgWebAppData"]).json()["user"]["id"] == user_id


def _raw_patch(
    stack: LocalStack, init_data: str, body: bytes, content_type: str | None
) -> requests.Response:
    headers = {"Authorization": f"tma {init_data}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return requests.patch(
        f"{stack.function_url('telegram_webhook')}/api/settings",
        headers=headers,
        data=body,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (
            b'{"muted": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
            "application/json",
            400,
            "invalid_json",
        ),
        (b'{"lang": "\xff"}', "application/json", 400, "invalid_json"),
        (b'{"lang": "ru"}', "text/plain", 415, "unsupported_media_type"),
        (b"lang=ru", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"muted": ["' + b"a" * 2_000_000 + b'"]}', "application/json", 413, "too_large"),
        (
            b'{"lang": 5, "muted": {"a": 1}, "extra": []}',
            "application/json",
            400,
            "invalid_settings",
        ),
    ],
)
def test_a_malformed_body_gets_a_4xx_json_error_and_writes_nothing(
    stack, user_id, firestore_db, body, content_type, status, error
):
    _register(stack, user_id)
    before = _docs(firestore_db, user_id)

    response = _raw_patch(stack, stack.telegram.webapp_init_data(user_id), body, content_type)

    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert _docs(firestore_db, user_id) == before


def _chat(stack: LocalStack, user_id: int, text: str) -> str:
    """Send ``text`` in the chat; the bot's reply as the user reads it."""
    before = len(stack.telegram.bot_messages(user_id))
    stack.telegram.user_sends(user_id, text)
    return stack.telegram.wait_for_bot_messages(user_id, before + 1)[before].plain


def test_the_chat_and_the_page_refuse_and_accept_the_same_settings(stack, user_id, firestore_db):
    _register(stack, user_id)
    init_data = stack.telegram.webapp_init_data(user_id)
    before = _docs(firestore_db, user_id)

    refused = _chat(stack, user_id, "/mute <b>x</b>@evil.test")
    response = _api(stack, "PATCH", "settings", init_data, {"muted": ["<b>x</b>@evil.test"]})

    assert "is neither an address" in refused
    assert response.status_code == 400
    assert "is neither an address" in response.json()["errors"][0]["message"]
    assert _docs(firestore_db, user_id) == before

    _chat(stack, user_id, "/quiet 9.30-10:00")
    in_chat = _docs(firestore_db, user_id)["user"]["quiet_hours"]
    change = {"quiet_hours": {"start": "9.30", "end": "10:00", "allow_urgent": True}}
    assert _api(stack, "PATCH", "settings", init_data, change).status_code == 200
    on_page = _docs(firestore_db, user_id)["user"]["quiet_hours"]
    assert in_chat == on_page == {"start": "09:30", "end": "10:00", "allow_urgent": True}
