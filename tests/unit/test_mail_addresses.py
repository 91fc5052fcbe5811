"""Address lists: the quick reading of common shapes agrees with `email.utils.getaddresses`."""

from __future__ import annotations

import random

import pytest

from shared_lib.mail import headers
from shared_lib.mail.headers import parse_addresses

NAMES = [
    "Anna",
    "Anna Petrova",
    "J.R.R. Tolkien",
    "Анна Петрова",
    '"Petrova, Anna"',
    '"Anna (work)"',
    '""',
    '"a"b',
    "=?utf-8?b?0JDQvdC90LA=?=",
    "=?utf-8?q?Feldman,_Mark?=",
    "O'Brien",
    "x (comment)",
    '"with \\" escape"',
    "Name.",
    "no-space<",
]
ADDRESSES = [
    "a@x.ru",
    "Anna.Petrova+tag@Mail.Example.COM",
    "почта@пример.рф",
    '"quoted local"@x.org',
    "a..b@x.org",
    "trailing.dot@x.org.",
    "a@[127.0.0.1]",
    "@route:a@x.org",
    "a @ x.org",
    "no-at-sign",
    "mailto:a@x.ru",
]
GLUE = [", ", ",", " , ", ",,", ", ,", ";", " ", "\t", ": ", ""]


COMMON_NAMES, COMMON_ADDRESSES, COMMON_GLUE = NAMES[:9], ADDRESSES[:3], GLUE[:5]


def random_entry(rng: random.Random, common: bool) -> str:
    """One entry; `common` ones use only the shapes a quick reading may take."""
    address = rng.choice(COMMON_ADDRESSES if common else ADDRESSES)
    shape = rng.randrange(4 if common else 6)
    names = COMMON_NAMES if common else NAMES
    if shape == 0:
        return address
    if shape == 1:
        return f"<{address}>"
    if shape == 2:
        return f"{rng.choice(names)} <{address}>"
    if shape == 3:
        return f"{rng.choice(names)}<{address}>"
    if shape == 4:
        return f"{address} ({rng.choice(NAMES)})"
    return f"group: {address};"


def random_list(rng: random.Random) -> str:
    common = rng.random() < 0.5
    glue = COMMON_GLUE if common else GLUE
    entries = [random_entry(rng, common) for _ in range(rng.randrange(1, 5))]
    text = entries[0]
    for entry in entries[1:]:
        text += rng.choice(glue) + entry
    if rng.random() < 0.2:
        text = rng.choice(glue) + text + rng.choice(glue)
    return text


def by_the_general_grammar(text: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patched:
        patched.setattr(headers, "_simple_pairs", lambda text: None)
        return parse_addresses(text, [], "To")


def test_common_shapes_are_read_without_the_general_grammar() -> None:
    for text in [
        "Anna Petrova <anna@x.ru>",
        '"Petrova, Anna" <a@x.ru>, b@y.com',
        "<a@x.ru>",
        "a@x.ru, , b@y.com,",
        "=?utf-8?b?0JDQvdC90LA=?= <a@x.ru>",
    ]:
        assert headers._simple_pairs(text) is not None, text


def test_uncommon_shapes_are_left_to_the_general_grammar() -> None:
    for text in [
        "Anna (work) <a@x.ru>",
        "undisclosed-recipients:;",
        "Anna",
        '"quoted local"@x.org',
        "<@route:a@x.org>",
        "a@x.ru junk",
        '"esc\\"aped" <a@x.ru>',
    ]:
        assert headers._simple_pairs(text) is None, text


def test_quick_and_general_readings_agree_on_generated_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(20261125)
    quick = 0
    for _ in range(5000):
        text = random_list(rng)
        if headers._simple_pairs(text) is not None:
            quick += 1
        expected = by_the_general_grammar(text, monkeypatch)
        assert parse_addresses(text, [], "To") == expected, text
    assert 1000 < quick < 4000  # both readings were exercised


def test_long_phrase_without_an_address_is_rejected_quickly() -> None:
    text = "word " * 20_000 + "@"
    assert headers._simple_pairs(text) is None
