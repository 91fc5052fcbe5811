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
from shared_lib.analysis.budget import Budget
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


@lru_cache(maxsize=4096)
def compile_tag(keywords: tuple[str, ...], ignore_case: bool = True) -> re.Pattern[str] | None:
    """One pattern for a hashtag's keywords and phrases (None: no words). It is in lower case:
    without `ignore_case`, for lower-cased texts (compiled four times faster: the case-insensitive
    character classes are what makes a big set of phrases take seconds)."""
    parts = [p for p in (_phrase_pattern(k) for k in keywords) if p]
    if not parts:
        return None
    firsts = starting_with("".join(_first_letters(k) for k in keywords))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"{firsts}(?<![\w])(?:{'|'.join(parts)})(?![\w])", flags)


def compile_hashtags(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Compiled:
    """The patterns of the hashtags that have words, by tag."""
    return tuple((tag, p) for tag, keywords in key if (p := compile_tag(keywords)) is not None)


@lru_cache(maxsize=4096)
def _first_stems(keywords: tuple[str, ...]) -> tuple[str, ...] | None:
    """The stems of the keywords' first words: a match of `compile_tag(keywords)` starts with
    one of them. None when a stem has a case twin (body.CASE_TWINS): then a lower-cased text
    without the stem may still match."""
    firsts = [words[0] for words in (_WORD.findall(k) for k in keywords) if words]
    stems = tuple(_stem_and_tail(word)[0] for word in firsts)
    return None if any(has_case_twins(stem) for stem in stems) else stems


@lru_cache(maxsize=4096)
def _has_case_twins(keywords: tuple[str, ...]) -> bool:
    return any(has_case_twins(k) for k in keywords)


def match_hashtags(
    letter: Letter, hashtags: dict[str, list[str]], budget: Budget | None = None
) -> tuple[list[str], list[Evidence]]:
    """Tags whose keywords occur in the subject or the body, each with the words that matched.

    A tag's pattern is compiled (then cached) only when the lower-cased subject or body has one
    of its first stems: a few substring tests spare most compilations and searches. Without case
    twins (body.CASE_TWINS) in the texts and the keywords, the lower-case pattern is searched in
    the lower-cased texts, at the same indexes. Tags are looked at while the `budget` lasts.
    """
    if not hashtags:
        return [], []
    exact = letter.text_low_exact and not has_case_twins(letter.subject)
    body_low = letter.text_low.replace("ё", "е") if exact else ""
    subject_low = letter.low[: len(letter.subject)] if exact else ""
    tags: list[str] = []
    evidence: list[Evidence] = []
    for tag, keywords in hashtags.items():
        if budget is not None and budget.spent():
            break
        key = tuple(keywords)
        stems = _first_stems(key)
        in_subject = in_body = True
        if exact and stems is not None:
            in_subject, in_body = has_any(subject_low, stems), has_any(body_low, stems)
            if not (in_subject or in_body):
                continue
        lowered = exact and not _has_case_twins(key)
        pattern = compile_tag(key, ignore_case=not lowered)
        if pattern is None:
            continue
        subject, body = (subject_low, letter.text_low) if lowered else (letter.subject, letter.text)
        m = pattern.search(subject) if in_subject else None
        source, text = "subject", letter.subject
        if m is None and in_body:
            m = pattern.search(body)
            source, text = "body", letter.text
        if m:
            tags.append(tag)
            evidence.append(Evidence(source=source, text=f"#{tag}: {text[m.start() : m.end()]}"))
    return tags, evidence
