"""Russian lemmas (dictionary forms) of words, so that one keyword finds every form of a word:
«задолженность» finds «задолженности», «ответить на это письмо» finds «ответив на это письмо».

pymorphy3 and its bundled OpenCorpora dictionary (no download at run time) are loaded on the
first Russian word, not at import. Every dictionary form a word may have is returned (its
readings are not disambiguated): «банка» gives «банка» and «банк». Lemmas are cached per word.
Without pymorphy3, or for words it should not read (non-Russian, too long), a word has no lemmas
and the keywords still match the word itself.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import Any

MAX_WORD = 24  # longer "words" (ids, garbage) are not looked up
CACHE_WORDS = 50_000  # distinct words whose lemmas are kept

log = logging.getLogger(__name__)


@cache
def _analyzer() -> Any | None:
    """The morphological analyser, built once; None when pymorphy3 is not installed."""
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - the pin installs it
        log.warning("pymorphy3 is not installed: keywords match word forms as written")
        return None
    return pymorphy3.MorphAnalyzer(lang="ru")


def _russian(word: str) -> bool:
    """Whether the (lower-case) word is all Cyrillic letters, short enough to look up."""
    if not 2 <= len(word) <= MAX_WORD:
        return False
    return all("а" <= ch <= "я" or ch == "ё" for ch in word)


@lru_cache(maxsize=CACHE_WORDS)
def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms of a lower-case word other than the word itself, ё read as е;
    () for a non-Russian word or when no analyser is available."""
    if not _russian(word):
        return ()
    analyzer = _analyzer()
    if analyzer is None:
        return ()
    forms = {form.replace("ё", "е") for form in analyzer.normal_forms(word)}
    forms.discard(word)
    return tuple(sorted(forms))
