"""The user's hashtags whose keywords occur in the letter, tolerant of word forms.

A keyword becomes a pattern word by word: Russian words lose their ending (a light stemmer) and
may take any short ending back ("отчёт" finds «отчёта», «отчётом»); English words may take a
short suffix ("report" finds "reports", "reporting"). Case and ё/е do not matter. The compiled
patterns are cached per set of hashtags.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shared_lib.analysis.lazy import lazy, starting_with
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
    word = word.lower().replace("ё", "е")
    if _CYRILLIC.search(word):
        stem = word
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                stem = word[: -len(ending)]
                break
        tail = r"[а-яё]{0,4}"
    else:
        stem = word
        for suffix in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + 1:
                stem = word[: -len(suffix)]
                break
        tail = r"[a-z]{0,4}" if len(stem) > MIN_STEM else r"(?:s|es)?"
    return re.escape(stem).replace("е", "[её]") + tail


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


def match_hashtags(
    letter: Letter, hashtags: dict[str, list[str]]
) -> tuple[list[str], list[Evidence]]:
    """Tags whose keywords occur in the subject or the body, each with the words that matched."""
    if not hashtags:
        return [], []
    compiled = compile_hashtags(tuple((t, tuple(k)) for t, k in hashtags.items()))
    tags: list[str] = []
    evidence: list[Evidence] = []
    for tag, pattern in compiled:
        for source, text in (("subject", letter.subject), ("body", letter.text)):
            m = pattern.search(text)
            if m:
                tags.append(tag)
                evidence.append(Evidence(source=source, text=f"#{tag}: {m.group(0)}"))
                break
    return tags, evidence
