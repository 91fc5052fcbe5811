"""body.CASE_TWINS: outside these characters, a case-insensitive regex and `str.lower()` agree,
so analysers may search a lower-cased text instead (letter.Letter.text_low_exact)."""

from __future__ import annotations

import _sre
import re
import string
import sys
from functools import cache
from re._casefix import _EXTRA_CASES

import pytest

from shared_lib.analysis.body import CASE_TWINS, has_case_twins


def test_case_twins_cover_every_character_the_regex_engine_folds_unlike_lower() -> None:
    """The engine compares simple lower cases (`_sre.unicode_tolower`) and treats letters whose
    lower cases are twins (_EXTRA_CASES: "s" and "ſ"...) as equal. Outside CASE_TWINS, `lower()`
    must give that simple lower case, one character, a lower case that is not a twin other than
    the first of its set, and no uncased character from a different one."""
    first = {}
    for lower, twins in _EXTRA_CASES.items():
        for member in (lower, *twins):
            first[member] = min(first.get(member, lower), lower, *twins)
    missing = set()
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        simple = _sre.unicode_tolower(code)
        low = ch.lower()
        if (
            low != chr(simple)
            or first.get(simple, simple) != simple
            or _sre.unicode_tolower(simple) != simple
            or (low != ch and not _sre.unicode_iscased(simple))
        ):
            missing.add(ch)
    assert missing <= set(CASE_TWINS)


@cache
def _plain_characters() -> str:
    """Every code point but the case twins and the surrogates."""
    twins = set(CASE_TWINS)
    return "".join(
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c < 0xE000 and chr(c) not in twins
    )


@cache
def _by_lower() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ch in _plain_characters():
        out.setdefault(ch.lower(), set()).add(ch)
    return out


@pytest.mark.parametrize(
    "lower",
    list(string.ascii_lowercase + string.digits + ".-'") + [chr(c) for c in range(0x430, 0x460)],
)
def test_without_twins_ignorecase_matches_what_lower_case_equals(lower: str) -> None:
    found = set(re.findall(re.escape(lower), _plain_characters(), re.IGNORECASE))
    assert found == _by_lower()[lower]


def test_has_case_twins() -> None:
    assert not has_case_twins("Привет, Zoom! Ёлка — 100 € «ok»")
    assert all(has_case_twins(f"a{ch}b") for ch in CASE_TWINS)
