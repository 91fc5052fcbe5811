"""initData verification: only genuine, fresh data signed for our bot says who the user is."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest

from shared_lib.webapp.auth import (
    InitDataError,
    data_check_string,
    init_data_from_headers,
    verify_init_data,
)
from telemail_local.telegram_server import sign_init_data

TOKEN = "123456789:AAH-test_token"
NOW = 1_700_000_000
DAY = 86_400
# Computed outside Python with openssl (HMAC-SHA256, key "WebAppData", then the check string):
# an independent check of the algorithm in Telegram's docs.
KNOWN_USER = '{"id":279058397,"first_name":"Vladislav","language_code":"ru"}'
KNOWN_HASH = "341863eebd26f4f2c4e57c95fb34ed1d89b5bc9354b848bf61d2ab19a0d4dcc2"


def _init_data(token: str = TOKEN, auth_date: int = NOW, **user: object) -> str:
    profile = {"id": 5001, "first_name": "Anna", "language_code": "en", **user}
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(profile, separators=(",", ":")),
        "auth_date": str(auth_date),
    }
    return sign_init_data(fields, token)


def _fields(init_data: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(init_data))


def _reason(init_data: str, token: str = TOKEN, now: float = NOW) -> str:
    with pytest.raises(InitDataError) as caught:
        verify_init_data(init_data, token, DAY, now)
    return caught.value.reason


def test_known_vector_computed_with_openssl_is_accepted():
    init_data = urlencode(
        {
            "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
            "user": KNOWN_USER,
            "auth_date": "1700000000",
            "hash": KNOWN_HASH,
        },
        quote_via=quote,
    )
    user = verify_init_data(init_data, TOKEN, DAY, NOW + 60)
    assert (user.id, user.first_name, user.language_code) == (279058397, "Vladislav", "ru")


def test_data_check_string_is_the_sorted_fields_without_hash_one_per_line():
    fields = {"user": "{}", "hash": "ff", "auth_date": "1", "query_id": "q"}
    assert data_check_string(fields) == "auth_date=1\nquery_id=q\nuser={}"


def test_valid_initdata_gives_the_telegram_user():
    user = verify_init_data(_init_data(first_name="Анна & <b>"), TOKEN, DAY, NOW + 10)
    assert (user.id, user.first_name, user.auth_date) == (5001, "Анна & <b>", NOW)


def test_field_order_in_the_query_string_does_not_matter():
    reordered = "&".join(reversed(_init_data().split("&")))
    assert verify_init_data(reordered, TOKEN, DAY, NOW).id == 5001


def test_forged_hash_is_refused():
    fields = _fields(_init_data())
    fields["hash"] = "0" * 64
    assert _reason(urlencode(fields)) == "bad_signature"


def test_tampered_user_id_is_refused():
    fields = _fields(_init_data())
    fields["user"] = fields["user"].replace('"id":5001', '"id":5002')
    assert _reason(urlencode(fields)) == "bad_signature"


def test_tampered_auth_date_is_refused():
    fields = _fields(_init_data(auth_date=NOW - 2 * DAY))
    fields["auth_date"] = str(NOW)
    assert _reason(urlencode(fields)) == "bad_signature"


def test_an_added_field_is_refused():
    assert _reason(_init_data() + "&start_param=x") == "bad_signature"


def test_initdata_signed_for_another_bot_is_refused():
    assert _reason(_init_data(token="987654321:OTHER-bot")) == "bad_signature"


def test_initdata_older_than_max_age_is_refused_and_younger_accepted():
    assert _reason(_init_data(auth_date=NOW - DAY - 1)) == "expired"
    assert verify_init_data(_init_data(auth_date=NOW - DAY), TOKEN, DAY, NOW).id == 5001


def test_auth_date_far_in_the_future_is_refused():
    assert _reason(_init_data(auth_date=NOW + 3600)) == "malformed"


@pytest.mark.parametrize(
    ("init_data", "reason"),
    [
        ("", "missing"),
        ("not a query string", "malformed"),
        ("auth_date=1&auth_date=2&hash=" + "0" * 64, "malformed"),
        ("auth_date=1&user=%7B%7D", "malformed"),  # no hash
        ("auth_date=1&hash=XYZ", "malformed"),
        ("a=" + "x" * 20_000, "malformed"),
    ],
)
def test_malformed_initdata_is_refused(init_data, reason):
    assert _reason(init_data) == reason


@pytest.mark.parametrize("user", ['{"id":"5001"}', '{"id":0}', '{"id":true}', "[1]", "5001"])
def test_signed_initdata_without_a_valid_user_id_is_refused(user):
    init_data = sign_init_data({"auth_date": str(NOW), "user": user}, TOKEN)
    assert _reason(init_data) == "malformed"


def test_signed_initdata_without_user_is_refused():
    assert _reason(sign_init_data({"auth_date": str(NOW)}, TOKEN)) == "malformed"


def test_without_a_bot_token_nothing_is_accepted():
    with pytest.raises(RuntimeError):
        verify_init_data(_init_data(token=""), "", DAY, NOW)


def test_initdata_is_read_from_authorization_tma_or_its_own_header():
    assert init_data_from_headers({"authorization": "tma a=1&b=2"}) == "a=1&b=2"
    assert init_data_from_headers({"authorization": "TMA  a=1 "}) == "a=1"
    assert init_data_from_headers({"x-telegram-init-data": "a=1"}) == "a=1"
    assert init_data_from_headers({"authorization": "Bearer x"}) == ""
