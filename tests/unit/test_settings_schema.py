"""One validator: the chat's commands and the settings page accept and refuse the same values,
normalized the same way."""

from __future__ import annotations

import pytest

from shared_lib import settings_schema as schema
from shared_lib.bot import settings_commands as chat
from shared_lib.bot.settings_commands import Usage
from shared_lib.rules import MAX_KEYWORDS
from shared_lib.settings_schema import MAX_KEYWORD_LENGTH, Invalid
from shared_lib.webapp.settings import SettingsError, parse_change


def _page_refuses(body: dict) -> bool:
    try:
        parse_change(body)
    except SettingsError:
        return True
    return False


def _chat_refuses(parse, *args) -> bool:
    try:
        parse(*args)
    except Usage:
        return True
    return False


@pytest.mark.parametrize("given", ["9.30", "9:30", "09:30", " 9.30 "])
def test_a_time_is_read_alike_and_kept_as_hh_mm_in_both(given):
    assert chat.parse_quiet(f"{given.strip()}-23:00").start == "09:30"
    assert chat.parse_digest(f"daily {given.strip()}").at == "09:30"
    page = parse_change(
        {"quiet_hours": {"start": given, "end": "23:00"}, "digest": {"mode": "daily", "at": given}}
    )
    assert page.user_fields["quiet_hours"]["start"] == "09:30"
    assert page.user_fields["digest"]["at"] == "09:30"


@pytest.mark.parametrize(
    "given", ["24:00", "9", "9h30", "09:3", "9::30", "9:30pm", "٩:٣٠", "0٩:30", "1٢.00"]
)
def test_a_wrong_time_is_refused_by_both(given):
    assert _chat_refuses(chat.parse_digest, f"daily {given}")
    assert _page_refuses({"digest": {"mode": "daily", "at": given}})


@pytest.mark.parametrize(
    "entry",
    [
        "<b>x</b>@evil.test",
        "<b>@evil.test",
        "anna\u202e@corp.example",
        "anna@corp.example\u200b",
        "an\x00na@corp.example",
        '"anna"@corp.example',
        "anna@localhost",
        "anna@@corp.example",
        "<>",
        "corp",
    ],
)
def test_a_muted_sender_that_is_no_address_or_domain_is_refused_by_both(entry):
    with pytest.raises(Usage) as refused:
        chat.parse_senders([entry], "settings.usage.mute")
    assert refused.value.key == "settings.bad_sender"
    assert _page_refuses({"muted": [entry]})
    for lang in ("ru", "en"):
        assert "anna@corp.com" in refused.value.plain(lang)


@pytest.mark.parametrize(
    ("entry", "stored"),
    [
        ("Anna@Corp.example", "anna@corp.example"),
        ("<anna@corp.example>", "anna@corp.example"),
        ("@Corp.example", "corp.example"),
        ("o'neil+news@corp.example", "o'neil+news@corp.example"),
    ],
)
def test_an_address_or_a_domain_is_stored_alike_by_both(entry, stored):
    assert chat.parse_senders([entry], "settings.usage.mute") == [stored]
    assert parse_change({"muted": [entry]}).muted == [stored]


def test_keywords_are_made_visible_and_bounded_alike():
    assert chat.parse_keywords("in\u202evoice, \u200bpay") == ["invoice", "pay"]
    page = parse_change({"hashtags": {"pay": {"keywords": ["in\u202evoice", "\u200bpay"]}}})
    assert page.hashtags["pay"].keywords == ["invoice", "pay"]
    too_long = "w" * (MAX_KEYWORD_LENGTH + 1)
    too_many = [f"k{i}" for i in range(MAX_KEYWORDS + 1)]
    for keywords in ([too_long], too_many, ["!!!"]):
        assert _chat_refuses(chat.parse_keywords, ", ".join(keywords))
        assert _page_refuses({"hashtags": {"pay": {"keywords": keywords}}})


def test_zones_languages_and_list_names_are_read_alike():
    assert chat.parse_timezone("europe/moscow") == "Europe/Moscow"
    assert parse_change({"timezone": "europe/moscow"}).user_fields["timezone"] == "Europe/Moscow"
    assert (
        chat.parse_lang("RU") == "ru" and parse_change({"lang": "RU"}).user_fields["lang"] == "ru"
    )
    assert _chat_refuses(chat.parse_list_name, "work")
    assert _page_refuses({"sender_lists": {"work": {"entries": []}}})
    assert _chat_refuses(chat.parse_tag, "bad\u202etag word")
    assert _page_refuses({"hashtags": {"bad\u202etag": {"keywords": ["word"]}}})


def test_the_chat_and_the_page_share_the_validators_limits_and_refusal():
    assert chat.MAX_KEYWORD_LENGTH is schema.MAX_KEYWORD_LENGTH
    assert Usage is Invalid
    assert chat.category_named is schema.category_named
