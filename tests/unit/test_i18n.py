import string

import pytest

from shared_lib.i18n import TEXTS, _merge, format_when, label, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_russian_and_english_with_the_same_placeholders(key):
    variants = TEXTS[key]
    assert set(variants) == {"ru", "en"}
    assert _fields(variants["ru"]) == _fields(variants["en"])


def test_a_key_defined_in_two_areas_is_refused():
    with pytest.raises(ValueError, match="twice"):
        _merge({"a": {"en": "1", "ru": "1"}}, {"a": {"en": "2", "ru": "2"}})


def test_values_are_html_escaped_but_templates_are_not():
    assert t("en", "unknown_command", command="<b>&") == (
        "I don't know the command &lt;b&gt;&amp;. See /help."
    )


def test_dates_are_formatted_per_language():
    from datetime import datetime

    moment = datetime(2026, 12, 4, 9, 5)
    assert format_when(moment, True, "en") == "Fri 4 Dec 09:05"
    assert format_when(moment, False, "ru") == "пт 4 дек"


def test_times_carry_their_zone_and_ambiguous_or_unnamed_zones_an_offset():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    def at(zone: str) -> str:
        return format_when(datetime(2026, 12, 4, 9, 5, tzinfo=ZoneInfo(zone)), True, "en")

    assert at("Europe/Moscow") == "Fri 4 Dec 09:05 MSK"
    assert at("UTC") == "Fri 4 Dec 09:05 UTC"
    assert at("Asia/Yekaterinburg") == "Fri 4 Dec 09:05 UTC+5"
    assert at("Asia/Kolkata") == "Fri 4 Dec 09:05 UTC+5:30"  # "IST" is also Israel's, Ireland's
    assert at("America/St_Johns") == "Fri 4 Dec 09:05 NST"
    assert format_when(datetime(2026, 12, 4, tzinfo=ZoneInfo("UTC")), False, "en") == "Fri 4 Dec"


@pytest.mark.parametrize(
    ("kind", "name", "en", "ru"),
    [
        ("category", "newsletters", "Newsletters", "Рассылки"),
        ("urgency", "urgent", "Urgent", "Срочно"),
        ("hashtag", "bills", "#bills", "#bills"),
        ("vip", "VIP", "the VIP list VIP", "VIP-список VIP"),
        ("list", "colleagues", "the list colleagues", "список colleagues"),
        (
            "muted",
            "ads@shop.example",
            "the muted sender ads@shop.example",
            "отключённый отправитель ads@shop.example",
        ),
        (
            "muted",
            "shop.example",
            "the muted domain shop.example",
            "отключённый домен shop.example",
        ),
    ],
)
def test_label_names_each_kind_of_rule_in_both_languages(kind, name, en, ru):
    assert (label("en", kind, name), label("ru", kind, name)) == (en, ru)


def test_label_after_because_of_takes_the_russian_genitive():
    assert label("ru", "vip", "VIP", of=True) == "VIP-списка VIP"
    assert label("ru", "list", "news", of=True) == "списка news"
    assert label("ru", "hashtag", "bills", of=True) == "#bills"


def test_label_is_plain_text_and_names_an_unknown_category_as_it_is():
    assert label("en", "category", "gardening") == "gardening"
    assert label("en", "list", "R&D") == "the list R&D"
    assert label("en", "list", "a\u202eb") == "the list ab"  # no bidi control survives
