"""Fast keyword lookup over word tokens: exact words, stems and short phrases.

A keyword is one or more words; a word ending in "*" is a stem that matches any word starting
with it ("оплат*" finds «оплатить», «оплаты»). A whole keyword word also matches the Russian
words whose dictionary form it is (morphology.py): "задолженность" finds «задолженности», and
"ответить на это письмо" finds «ответив на это письмо». Text and keywords are compared
lower-cased with ё read as е. Most words cost one dict probe and one cached lemma look-up; there
is no regex pass per keyword list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from shared_lib.analysis.morphology import word_forms

_TOKEN = re.compile(r"\w+")
MAX_TOKENS = 1500  # longer texts are looked up in their first words only
STEM_KEY = 3  # stems are at least this long; words are indexed by this many first letters


def normalize(text: str) -> str:
    """Lower case, ё as е."""
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """The words of a text, normalized, at most MAX_TOKENS."""
    return words(normalize(text))


def words(normalized: str) -> list[str]:
    """The words of an already normalized text, at most MAX_TOKENS."""
    return _TOKEN.findall(normalized)[:MAX_TOKENS]


@dataclass(frozen=True, slots=True)
class _Entry:
    rest: tuple[str, ...]  # the keyword's words after the first ("stem*" or "word")
    label: str
    weight: float
    keyword: str


class Hit(NamedTuple):
    """A keyword found in a word list (a tuple: cheap to make, as lookups make many)."""

    label: str
    weight: float
    keyword: str
    index: int  # the position of the keyword's first word in the word list


class _Phrases:
    """Keywords of several words that share their first word, by their second word."""

    __slots__ = ("by_second", "by_second_stem")

    def __init__(self) -> None:
        self.by_second: dict[str, list[_Entry]] = {}
        self.by_second_stem: list[tuple[str, _Entry]] = []

    def add(self, entry: _Entry) -> None:
        second = entry.rest[0]
        if second.endswith("*"):
            self.by_second_stem.append((second[:-1], entry))
        else:
            self.by_second.setdefault(second, []).append(entry)


class _Bucket:
    """The keywords whose first word begins with the same STEM_KEY letters."""

    __slots__ = ("phrases", "stems", "words")

    def __init__(self) -> None:
        self.words: dict[str, list[_Entry]] = {}  # one-word keywords
        self.phrases: dict[str, _Phrases] = {}  # longer ones, by their first word
        self.stems: list[tuple[str, list[_Entry]]] = []  # first words ending in "*"


class Vocabulary:
    """Keywords, each with a label and a weight, found in word lists. Words are looked up by
    their first STEM_KEY letters: most words find no bucket at all, at the cost of one probe."""

    def __init__(self, entries: Iterable[tuple[str, str, float]]) -> None:
        self._index: dict[str, _Bucket] = {}
        self._whole_firsts: set[str] = set()  # first words that are not stems (lemmas reach them)
        by_stem: dict[str, list[_Entry]] = {}
        for keyword, label, weight in entries:
            words = normalize(keyword).split()
            first, rest = words[0], tuple(words[1:])
            entry = _Entry(rest, label, weight, keyword)
            if first.endswith("*"):
                if len(first) - 1 < STEM_KEY:
                    raise ValueError(f"stem too short: {keyword!r}")
                by_stem.setdefault(first[:-1], []).append(entry)
                continue
            bucket = self._index.setdefault(first[:STEM_KEY], _Bucket())
            self._whole_firsts.add(first)
            if rest:
                bucket.phrases.setdefault(first, _Phrases()).add(entry)
            else:
                bucket.words.setdefault(first, []).append(entry)
        for stem, stem_entries in by_stem.items():
            self._index.setdefault(stem[:STEM_KEY], _Bucket()).stems.append((stem, stem_entries))

    def find(self, words: list[str]) -> list[Hit]:
        """Every keyword occurrence in a list of normalized words (or their lemmas)."""
        found: list[Hit] = []
        index = self._index
        whole_firsts = self._whole_firsts
        last = len(words) - 1
        forms_of = word_forms(words)  # each word, then its lemmas
        for i, forms in enumerate(forms_of):
            word = forms[0]
            bucket = index.get(word[:STEM_KEY])
            if bucket is not None:
                for entry in bucket.words.get(word, ()):
                    found.append(_hit(entry, i))
                group = bucket.phrases.get(word)
                if group is not None and i < last:
                    _phrase_hits(group, words, forms_of, i, found)
                for stem, stem_entries in bucket.stems:  # stems match the word as written
                    if word.startswith(stem):
                        for entry in stem_entries:
                            if not entry.rest or _rest_matches(entry.rest, words, forms_of, i + 1):
                                found.append(_hit(entry, i))
            if len(forms) > 1:
                for form in forms[1:]:
                    if form not in whole_firsts:
                        continue  # most lemmas begin no keyword: one set probe
                    bucket = index[form[:STEM_KEY]]
                    for entry in bucket.words.get(form, ()):
                        found.append(_hit(entry, i))
                    group = bucket.phrases.get(form)
                    if group is not None and i < last:
                        _phrase_hits(group, words, forms_of, i, found)
        return found


_new_tuple = tuple.__new__


def _hit(entry: _Entry, index: int) -> Hit:
    """The Hit of an entry at a word index (built by tuple.__new__: a NamedTuple's own __new__
    is a Python function, several times slower, and a letter makes many hits)."""
    return _new_tuple(Hit, (entry.label, entry.weight, entry.keyword, index))


def _phrase_hits(
    group: _Phrases,
    words: list[str],
    forms_of: list[tuple[str, ...]],
    i: int,
    found: list[Hit],
) -> None:
    """The keywords of several words of `group` (their first word is at `i`) that match."""
    seconds = forms_of[i + 1]
    for second in seconds:
        for entry in group.by_second.get(second, ()):
            if _rest_matches(entry.rest, words, forms_of, i + 1):
                found.append(_hit(entry, i))
    following = seconds[0]
    for stem, entry in group.by_second_stem:
        if following.startswith(stem) and _rest_matches(entry.rest, words, forms_of, i + 1):
            found.append(_hit(entry, i))


def _rest_matches(
    rest: tuple[str, ...], words: list[str], forms_of: list[tuple[str, ...]], start: int
) -> bool:
    """Whether the words from `start` on are the keyword's `rest`: a stem matches the word as
    written, a whole word matches the word or one of its lemmas."""
    if start + len(rest) > len(words):
        return False
    for offset, want in enumerate(rest):
        word = words[start + offset]
        if want.endswith("*"):
            if not word.startswith(want[:-1]):
                return False
        elif want not in forms_of[start + offset]:
            return False
    return True
