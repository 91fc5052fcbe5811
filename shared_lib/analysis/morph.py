"""Russian morphology (pymorphy3, its dictionary shipped as a pip package: no download at run
time): lemmas and grammatical cases of words, for rules that would otherwise list endings.

The analyser loads in about 0.15 s and some 30 MB, on the first call only: most letters never
need it (callers ask only about words their patterns already singled out).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_WORD = 40  # longer "words" are not looked up


@lru_cache(maxsize=1)
def _analyzer() -> Any:  # pymorphy3 is imported lazily
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=8192)
def _tags(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(lemma, grammemes) of each dictionary reading of a word (guesses left out)."""
    if not word or len(word) > MAX_WORD:
        return ()
    readings = []
    for parse in _analyzer().parse(word.lower()):
        if not _from_dictionary(parse):
            continue
        readings.append((parse.normal_form, frozenset(parse.tag.grammemes)))
    return tuple(readings)


def _from_dictionary(parse: Any) -> bool:
    return any(type(method).__name__ == "DictionaryAnalyzer" for method, *_ in parse.methods_stack)


def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms a Russian word may be a form of («Покровке» -> {"покровка"})."""
    return frozenset(lemma for lemma, _ in _tags(word))


def may_be(word: str, *grammemes: str) -> bool:
    """Whether some dictionary reading of the word has all these grammemes ("loct", "femn",
    "NOUN", "ADJF", "Geox"...)."""
    wanted = frozenset(grammemes)
    return any(wanted <= tags for _, tags in _tags(word))


@lru_cache(maxsize=1024)
def adjective_nominative(word: str) -> str | None:
    """An adjective's masculine nominative singular («Ленинградского» -> «Ленинградский»),
    capitalised as given; None when the word reads as no adjective."""
    if not word or len(word) > MAX_WORD:
        return None
    for parse in _analyzer().parse(word.lower()):
        if "ADJF" not in parse.tag.grammemes or not _from_dictionary(parse):
            continue
        form = parse.inflect({"masc", "sing", "nomn"})
        if form is not None:
            text = form.word
            return text[:1].upper() + text[1:] if word[:1].isupper() else text
    return None
