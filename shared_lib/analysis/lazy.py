"""Regexes compiled on first use: importing the analysis stays fast (the big date and place
patterns take tens of milliseconds to compile)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class LazyRegex:
    """`re.compile(pattern, flags)`, done the first time the pattern is used.

    The first call compiles and puts the compiled pattern's own methods on the instance, so
    later calls go straight to them, as fast as with a module-level `re.compile`.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self.compiled().split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)


def lazy(pattern: str, flags: int = 0) -> LazyRegex:
    """A regex that compiles itself when first used."""
    return LazyRegex(pattern, flags)


def starting_with(chars: Iterable[str]) -> str:
    """A lookahead for a pattern's possible first characters, to put in front of it.

    The regex engine skips ahead to where a match can start only when the pattern begins with
    plain literals; after a lookbehind, under IGNORECASE or with an optional group first, it tries
    the whole pattern at every position. One class test then rules out most positions. `chars`
    must include every first character a match can have (under the pattern's own flags).
    """
    return f"(?=[{''.join(sorted({re.escape(ch) for ch in chars}))}])"


def has_any(text: str, parts: Iterable[str]) -> bool:
    """Whether any of the substrings is in the text: the cheap test before a pattern's search.
    (A plain loop: `any()` over a generator costs more than the tests themselves.)"""
    for part in parts:  # noqa: SIM110 (see the docstring)
        if part in text:
            return True
    return False
