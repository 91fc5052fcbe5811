"""Russian morphology: lemmas (dictionary forms) of words, so that one keyword finds every form of
a word («задолженность» finds «задолженности», «ответить на это письмо» finds «ответив на это
письмо»), and the grammar of a word's readings, for rules that would otherwise list endings
(«на Покровке, 17»: «Покровке» is a place-name noun in the locative).

pymorphy3 and its bundled OpenCorpora dictionary (no download at run time) are loaded on the
first Russian word, not at import. Every dictionary form a word may have is returned (its
readings are not disambiguated): «банка» gives «банка» and «банк». A word the dictionary knows
costs ~60 us once; an unknown one (mail's loanwords: «кешбэка», «дашбордов») is guessed by the
predictor at ~0.5 ms, so at most MAX_GUESSES of them per text are guessed: a letter of invented
words costs milliseconds, not seconds. Lemmas are cached per word. Without pymorphy3, or for
words it should not read (non-Russian, too long, past the guesses), a word has no lemmas and the
keywords still match the word itself.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import Any

MAX_WORD = 24  # longer "words" (ids, garbage) are not looked up for lemmas
MAX_TAGGED_WORD = 40  # nor, past this, for their grammar
MAX_GUESSES = 60  # unknown words guessed per text
CACHE_WORDS = 50_000  # distinct words whose lemmas are kept

log = logging.getLogger(__name__)
_cache: dict[str, tuple[str, ...]] = {}


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


def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms of a lower-case word other than the word itself, ё read as е;
    () for a non-Russian word or when no analyser is available."""
    return word_forms([word])[0][1:]


def word_forms(words: list[str]) -> list[tuple[str, ...]]:
    """For each word of a text: the word, then its lemmas(); at most MAX_GUESSES unknown words
    of the text are guessed. (The word comes first, so a caller loops over one tuple.)"""
    out: list[tuple[str, ...]] = []
    guesses = MAX_GUESSES
    analyzer: Any | None = None
    cached = _cache.get
    for word in words:
        found = cached(word)
        if found is None:
            if not _russian(word):
                found = (word,)
            else:
                analyzer = analyzer or _analyzer()
                if analyzer is None:
                    found = (word,)
                else:
                    known = analyzer.word_is_known(word)
                    if not known and guesses <= 0:
                        out.append((word,))  # not cached: another text may have guesses left
                        continue
                    guesses -= not known
                    found = _forms(analyzer, word)
            if len(_cache) >= CACHE_WORDS:
                _cache.clear()
            _cache[word] = found
        out.append(found)
    return out


def _forms(analyzer: Any, word: str) -> tuple[str, ...]:
    forms = {form.replace("ё", "е") for form in analyzer.normal_forms(word)}
    forms.discard(word)
    return (word, *sorted(forms))


@lru_cache(maxsize=8192)
def _tags(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(lemma, grammemes) of each dictionary reading of a word (guesses left out)."""
    analyzer = _analyzer() if word and len(word) <= MAX_TAGGED_WORD else None
    if analyzer is None:
        return ()
    return tuple(
        (parse.normal_form, frozenset(parse.tag.grammemes))
        for parse in analyzer.parse(word.lower())
        if _from_dictionary(parse)
    )


def _from_dictionary(parse: Any) -> bool:
    return any(type(method).__name__ == "DictionaryAnalyzer" for method, *_ in parse.methods_stack)


def may_be(word: str, *grammemes: str) -> bool:
    """Whether some dictionary reading of the word has all these grammemes ("loct", "femn",
    "NOUN", "ADJF", "Geox"...)."""
    wanted = frozenset(grammemes)
    return any(wanted <= tags for _, tags in _tags(word))


@lru_cache(maxsize=1024)
def adjective_nominative(word: str) -> str | None:
    """An adjective's masculine nominative singular («Ленинградского» -> «Ленинградский»),
    capitalised as given; None when the word reads as no adjective."""
    analyzer = _analyzer() if word and len(word) <= MAX_TAGGED_WORD else None
    if analyzer is None:
        return None
    for parse in analyzer.parse(word.lower()):
        if "ADJF" not in parse.tag.grammemes or not _from_dictionary(parse):
            continue
        form = parse.inflect({"masc", "sing", "nomn"})
        if form is not None:
            text = form.word
            return text[:1].upper() + text[1:] if word[:1].isupper() else text
    return None


_NUMBER_CASE = ("sing", "plur", "nomn", "gent", "datv", "accs", "ablt", "loct")


def continues_name(last: str, following: str) -> bool:
    """Whether a lower-case word goes on a proper name that ends with `last`: a noun agreeing
    with an adjective («Чистые пруды», «Охотный ряд»), or a noun in the genitive after a noun
    («Парк культуры», «Площадь Революции»). Dictionary readings only."""
    nouns = [tags for _, tags in _tags(following) if "NOUN" in tags]
    if not nouns:
        return False
    for _, tags in _tags(last):
        if "ADJF" in tags:
            wanted = {g for g in tags if g in _NUMBER_CASE}
            if any(wanted <= noun for noun in nouns):
                return True
        elif "NOUN" in tags and any("gent" in noun for noun in nouns):
            return True
    return False
