import string

import pytest

from shared_lib.i18n import TEXTS, _merge, format_when, t


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
