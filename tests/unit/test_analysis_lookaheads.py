"""The first-character lookaheads in front of the analysis regexes (`lazy.starting_with`) admit
every character a match can start with: they make the regexes faster, never narrower.

Each regex that opens with `(?=...)` is read with the standard library's own regex parser; the
characters its remaining pattern can start with (honouring IGNORECASE, inline `(?i:)`, optional
and repeated items, alternatives) must all pass the lookahead.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from re import _constants as C
from re import _parser as sre_parse
from typing import Any

import pytest

import shared_lib.analysis as analysis_package
from shared_lib.analysis.lazy import LazyRegex

CODE_POINTS = [chr(c) for c in range(0x20000) if not 0xD800 <= c < 0xE000]
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_WORD: r"\W",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_NOT_SPACE: r"\S",
}

First = tuple[Any, Any, int]  # (opcode, argument, flags) of an item a match can start with


def first_items(items: list[Any], flags: int) -> tuple[list[First], bool]:
    """The items a sequence can start with, and whether it can match the empty string."""
    out: list[First] = []
    for op, av in items:
        found, nullable = first_of(op, av, flags)
        out += found
        if not nullable:
            return out, False
    return out, True


def first_of(op: Any, av: Any, flags: int) -> tuple[list[First], bool]:
    if op in (C.LITERAL, C.IN, C.NOT_LITERAL, C.ANY, C.CATEGORY):
        return [(op, av, flags)], False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return [], True
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return first_items(list(sub), (flags | add) & ~remove)
    if op is C.BRANCH:
        out: list[First] = []
        nullable = False
        for alternative in av[1]:
            found, empty = first_items(list(alternative), flags)
            out += found
            nullable = nullable or empty
        return out, nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _, sub = av
        found, nullable = first_items(list(sub), flags)
        return found, nullable or low == 0
    if op is C.ATOMIC_GROUP:
        return first_items(list(av), flags)
    raise ValueError(f"unexpected regex item {op}")


def class_source(av: list[Any]) -> str:
    """A character class's source, rebuilt from its parsed form."""
    parts: list[str] = []
    for op, a in av:
        if op is C.LITERAL:
            parts.append(re.escape(chr(a)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
        elif op is C.NEGATE:
            parts.insert(0, "^")
        elif op is C.CATEGORY:
            parts.append(_CATEGORIES[a])
        else:
            raise ValueError(f"unexpected class item {op}")
    return f"[{''.join(parts)}]"


@cache
def matched(source: str, flags: int) -> frozenset[str]:
    """The code points a one-character pattern matches."""
    regex = re.compile(source, flags)
    return frozenset(ch for ch in CODE_POINTS if regex.fullmatch(ch))


def split_lookahead(pattern: str) -> tuple[str, str] | None:
    """The leading `(?=...)` of a pattern and the rest; None when it has none."""
    if not pattern.startswith("(?="):
        return None
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return pattern[: i + 1], pattern[i + 1 :]
        i += 1
    raise ValueError("unbalanced lookahead")


def missing_first_characters(pattern: str, flags: int) -> set[str]:
    """Characters a match of the pattern can start with that its lookahead rejects."""
    split = split_lookahead(pattern)
    assert split is not None
    look, rest = split
    flags &= ~re.UNICODE
    admitted = matched(look + r"[\s\S]", flags)
    items, nullable = first_items(list(sre_parse.parse(rest, flags)), flags)
    assert not nullable, "a pattern that can match empty cannot have a first-character test"
    missing: set[str] = set()
    for op, av, item_flags in items:
        if op is C.LITERAL:
            source = re.escape(chr(av))
        elif op is C.IN:
            source = class_source(av)
        elif op is C.CATEGORY:
            source = class_source([(op, av)])
        else:
            raise ValueError(f"unexpected first item {op}")
        missing |= matched(source, item_flags & re.IGNORECASE) - admitted
    return missing


def regexes_with_lookaheads() -> list[tuple[str, str, int]]:
    """(name, pattern, flags) of every analysis regex that opens with a lookahead."""
    found = []
    for module_info in pkgutil.iter_modules(analysis_package.__path__):
        module = importlib.import_module(f"shared_lib.analysis.{module_info.name}")
        for name, value in vars(module).items():
            candidates = [(name, value)]
            if isinstance(value, tuple):
                candidates += [
                    (f"{name}[{i}].{attr}", getattr(item, attr))
                    for i, item in enumerate(value)
                    for attr in ("anchor", "regex")
                    if hasattr(item, attr)
                ]
            for label, regex in candidates:
                if isinstance(regex, LazyRegex) and regex.pattern.startswith("(?="):
                    found.append((f"{module_info.name}.{label}", regex.pattern, regex.flags))
    return found


REGEXES = regexes_with_lookaheads()


def test_the_lookahead_regexes_are_found() -> None:
    assert len(REGEXES) >= 15


@pytest.mark.parametrize(("name", "pattern", "flags"), REGEXES, ids=[r[0] for r in REGEXES])
def test_lookahead_admits_every_first_character_of_its_pattern(
    name: str, pattern: str, flags: int
) -> None:
    assert missing_first_characters(pattern, flags) == set(), name


def test_a_too_narrow_lookahead_is_caught() -> None:
    assert missing_first_characters(r"(?=[ab])(?:abc|xyz)", 0) == {"x"}
    assert missing_first_characters(r"(?=[a])(?i:abc)", 0) == {"A"}
