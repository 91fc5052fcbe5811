"""The user's hashtags whose keywords occur in the letter, tolerant of word forms.

A keyword becomes a pattern word by word: Russian words lose their ending (a light stemmer) and
may take any short ending back ("отчёт" finds «отчёта», «отчётом»); English words may take a
short suffix ("report" finds "reports", "reporting"). Case and ё/е do not matter. The compiled
patterns are cached per set of hashtags.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shared_lib.analysis.body import has_case_twins
from shared_lib.analysis.lazy import has_any, lazy, starting_with
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Evidence

# Russian inflectional endings, longest first.
_RU_ENDINGS = tuple(
    sorted(
        (
            "иями", "ями", "ами", "его", "ого", "ему", "ому", "ыми", "ими", "ией", "ешь",
            "ете", "ите", "ать", "ять", "ить", "еть", "ах", "ях", "ов", "ев", "ей", "ой", "ый",
            "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ам", "ям", "ом", "ем", "им",
            "ым", "ия", "ья", "ье", "ью", "ию", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_EN_SUFFIXES = ("ing", "es", "ed", "s")
_WORD = lazy(r"[\w]+(?:[-'][\w]+)*")
_CYRILLIC = lazy(r"[а-яё]")
MIN_STEM = 3


def stem_pattern(word: str) -> str:
    """A regex for a word and its inflected forms."""
    stem, tail = _stem_and_tail(word)
    return re.escape(stem).replace("е", "[её]") + tail


def _stem_and_tail(word: str) -> tuple[str, str]:
    """The word's stem (lower case, ё as е) and a regex for the endings it may take."""
    word = word.lower().replace("ё", "е")
    if _CYRILLIC.search(word):
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                return word[: -len(ending)], r"[а-яё]{0,4}"
        return word, r"[а-яё]{0,4}"
    stem = word
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + 1:
            stem = word[: -len(suffix)]
            break
    return stem, r"[a-z]{0,4}" if len(stem) > MIN_STEM else r"(?:s|es)?"


def _phrase_pattern(phrase: str) -> str | None:
    words = _WORD.findall(phrase)
    if not words:
        return None
    return r"[\s\-]+".join(stem_pattern(w) for w in words)


def _first_letters(phrase: str) -> str:
    """The letters a match of the phrase's pattern can start with (case aside)."""
    first = _WORD.search(phrase)
    if first is None:
        return ""
    letter = first.group(0).lower().replace("ё", "е")[0]  # as in stem_pattern
    return "её" if letter == "е" else letter


Compiled = tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=256)
def compile_hashtags(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Compiled:
    """One case-insensitive pattern per hashtag, from its keywords and phrases."""
    out = []
    for tag, keywords in key:
        parts = [p for p in (_phrase_pattern(k) for k in keywords) if p]
        if parts:
            firsts = starting_with("".join(_first_letters(k) for k in keywords))
            pattern = rf"{firsts}(?<![\w])(?:{'|'.join(parts)})(?![\w])"
            out.append((tag, re.compile(pattern, re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=256)
def _first_stems(
    key: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, ...] | None, ...]:
    """Per hashtag of `compile_hashtags(key)`, the stems of its keywords' first words: a match
    starts with one of them. None when a stem has a case twin (body.CASE_TWINS): then a
    lower-cased text without the stem may still match."""
    out: list[tuple[str, ...] | None] = []
    for _, keywords in key:
        firsts = [words[0] for words in (_WORD.findall(k) for k in keywords) if words]
        if firsts:
            stems = tuple(_stem_and_tail(word)[0] for word in firsts)
            twins = any(has_case_twins(stem) for stem in stems)
            out.append(None if twins else stems)
    return tuple(out)


def match_hashtags(
    letter: Letter, hashtags: dict[str, list[str]]
) -> tuple[list[str], list[Evidence]]:
    """Tags whose keywords occur in the subject or the body, each with the words that matched."""
    if not hashtags:
        return [], []
    key = tuple((t, tuple(k)) for t, k in hashtags.items())
    compiled = compile_hashtags(key)
    # The body (quotes and all) is searched only when its lower-cased text has a first stem: a
    # few substring tests spare most case-insensitive searches of the whole text.
    body_low = letter.text_low.replace("ё", "е") if letter.text_low_exact else None
    tags: list[str] = []
    evidence: list[Evidence] = []
    for (tag, pattern), stems in zip(compiled, _first_stems(key), strict=True):
        m = pattern.search(letter.subject)
        source = "subject"
        if m is None and (body_low is None or stems is None or has_any(body_low, stems)):
            m = pattern.search(letter.text)
            source = "body"
        if m:
            tags.append(tag)
            evidence.append(Evidence(source=source, text=f"#{tag}: {m.group(0)}"))
    return tags, evidence
