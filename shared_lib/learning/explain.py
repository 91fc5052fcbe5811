"""The 💡 line of a notification: what learning changed and why, in the user's language."""

from __future__ import annotations

from html import unescape

from shared_lib.i18n import label, plural, t
from shared_lib.learning.why import LearnedWhy
from shared_lib.models import Lang

MAX_SUBJECT = 80
# "letters" after a count: English one/other; Russian after "из N" (genitive) and "на N".
_OF_N = {"ru": {"one": "письма", "few": "писем", "many": "писем"}}
_ON_K = {"ru": {"one": "письмо", "few": "письма", "many": "писем"}}
_EN = {"one": "letter", "other": "letters"}


def _letters(lang: Lang, count: int, forms: dict[str, dict[str, str]]) -> str:
    form = plural(lang, count)
    return forms[lang][form] if lang in forms else _EN[form]


def _who(lang: Lang, why: LearnedWhy, named: bool) -> str:
    name = " ".join(why.subject.split())[:MAX_SUBJECT]
    if why.kind in ("category", "urgency"):
        name = label(lang, why.kind, name)
    elif why.kind == "gmail":
        name = name.capitalize()
    kind = "list_named" if named and why.kind == "list" else why.kind
    return unescape(t(lang, f"learning.who.{kind}", name=name))


def learned_reason(lang: Lang, why: LearnedWhy, named: bool = False) -> str:
    """ "you have left 9 of 10 letters from this list unread" (escaped); ``named``: the list by
    its id, where no letter shows which list is meant."""
    counted, forms = (why.k, _ON_K) if why.signal == "replied" else (why.n, _OF_N)
    return t(
        lang,
        f"learning.why.{why.signal}",
        who=_who(lang, why, named),
        k=why.k,
        n=why.n,
        letters=_letters(lang, counted, forms),
    )


def learned_line(lang: Lang, why: LearnedWhy) -> str:
    """ "Sent to the digest: you have left 9 of 10 letters from this list unread" (escaped)."""
    return f"{t(lang, f'learning.effect.{why.effect}')}: {learned_reason(lang, why)}"
