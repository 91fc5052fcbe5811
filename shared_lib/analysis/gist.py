"""The gist: the letter's own first words that say something, one or two sentences."""

from __future__ import annotations

import re

from shared_lib.analysis.lazy import lazy
from shared_lib.analysis.letter import Letter

MAX_GIST = 200
_SHORT = 60  # a first sentence shorter than this takes the next one along
_GREETING_MAX = 80  # no greeting is longer

_GREETING = lazy(
    r"""^(?:
        (?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[^.!?]{0,40}[,!.:]?
      | (?:здравствуй\w*|привет\w*|добр\w+\s+(?:день|утро|вечер)|доброго\s+\w+|уважаем\w+|дорог\w+)
        \b[^.!?]{0,40}[,!.:]?
      | [А-ЯЁA-Z][\w-]{1,20},\s*
        (?:привет|добрый\s+(?:день|вечер)|доброе\s+утро|здравствуй\w*|hi|hello)[!.,]?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_NAME_ONLY = lazy(r"^[А-ЯЁA-Z][\w.-]*(?:\s+[А-ЯЁA-Z][\w.-]*){0,2}[.!]?$")
_URL = lazy(r"https?://\S+|www\.\S+", re.IGNORECASE)


def make_gist(letter: Letter) -> str:
    """The first one or two meaningful sentences of the sender's own words (≤ ~200 chars)."""
    chosen: list[str] = []
    for sentence in letter.own_sentences:
        if len(sentence) <= _GREETING_MAX and (
            _GREETING.match(sentence) or (len(sentence) < 25 and _NAME_ONLY.match(sentence))
        ):
            continue
        if "://" in sentence or "www." in sentence:
            sentence = " ".join(_URL.sub("", sentence).split())
        sentence = sentence.rstrip(" :,;")
        if len(sentence) < 2:
            continue
        if chosen and len(chosen[0]) + 1 + len(sentence) > MAX_GIST:
            break
        chosen.append(sentence)
        if len(chosen) == 2 or len(chosen[0]) >= _SHORT:
            break
    gist = " ".join(chosen) or letter.subject
    return _shorten(gist)


def _shorten(text: str) -> str:
    if len(text) <= MAX_GIST:
        return text
    cut = text[: MAX_GIST - 1]
    space = cut.rfind(" ")
    if space > MAX_GIST // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + "…"
