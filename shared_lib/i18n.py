"""User-facing texts in Russian and English. Placeholders are filled with escaped values.

The texts live in ``shared_lib/texts/<area>.py``; a key may be defined in one area only.
"""

from __future__ import annotations

from datetime import datetime
from html import unescape
from typing import Any, Literal

from shared_lib.models import Lang
from shared_lib.safe_text import escape_html
from shared_lib.texts import (
    bot,
    connect,
    digest,
    labels,
    learning,
    mail,
    reader,
    settings,
    validation,
    webapp,
)

AREAS = (
    labels.TEXTS,
    bot.TEXTS,
    mail.TEXTS,
    settings.TEXTS,
    webapp.TEXTS,
    digest.TEXTS,
    validation.TEXTS,
    connect.TEXTS,
    learning.TEXTS,
    reader.TEXTS,
)


def _merge(*areas: dict[str, dict[Lang, str]]) -> dict[str, dict[Lang, str]]:
    merged: dict[str, dict[Lang, str]] = {}
    for area in areas:
        for key, variants in area.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice")
            merged[key] = variants
    return merged


TEXTS = _merge(*AREAS)

LabelKind = Literal["category", "urgency", "hashtag", "vip", "list", "muted"]

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


# Abbreviations that name more than one zone (IST: India, Israel, Ireland; CST: US, China…).
AMBIGUOUS_ZONES = frozenset({"IST", "CST", "CDT", "AST", "ADT", "SST", "PST"})


def zone_label(moment: datetime) -> str:
    """The abbreviation of ``moment``'s zone at that moment ("MSK", "CET", "EST", "UTC"); zones
    without one (tzdata's "+05") or with an ambiguous one as an offset from UTC ("UTC+5",
    "UTC+5:30"); '' when naive."""
    name = moment.tzname()
    if not name:
        return ""
    if name[0] not in "+-" and name not in AMBIGUOUS_ZONES:
        return name
    offset = moment.utcoffset()
    if offset is None:  # pragma: no cover - an aware moment always has one
        return ""
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_when(moment: datetime, with_time: bool, lang: Lang) -> str:
    """ "Fri 15 Dec 18:00 MSK" / "пт 15 дек 18:00 MSK": the time only when it is meant, and
    then always with the zone's abbreviation (a bare time cannot tell which zone it is in, and
    the zone stays UTC until the user picks theirs)."""
    text = f"{WEEKDAYS[lang][moment.weekday()]} {moment.day} {MONTHS[lang][moment.month - 1]}"
    if not with_time:
        return text
    label = zone_label(moment)
    return f"{text} {moment:%H:%M} {label}" if label else f"{text} {moment:%H:%M}"


def plural(lang: Lang, n: int) -> str:
    """The plural form of ``n``: one/other in English, one/few/many in Russian."""
    if lang != "ru":
        return "one" if n == 1 else "other"
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def t(lang: Lang, key: str, **values: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing), with ``values`` made visible and
    HTML-escaped (``shared_lib.safe_text``)."""
    variants = TEXTS[key]
    template = variants.get(lang) or variants["en"]
    return template.format(**{k: escape_html(str(v)) for k, v in values.items()})


def label(lang: Lang, kind: LabelKind, name: str, *, of: bool = False) -> str:
    """The one way texts name a category ("Newsletters"), an urgency ("Urgent"), a hashtag
    ("#bills"), a sender list ("the VIP list VIP", "the list colleagues") or a muted address or
    domain ("the muted domain shop.example"), as plain text: escape it where HTML is made.
    ``of``: the form after "because of" (Russian genitive). A category or an urgency the texts
    do not know is named as it is."""
    if kind == "hashtag":
        return f"#{name}"
    if kind in ("category", "urgency"):
        key = f"{kind}.{name}"
        return unescape(t(lang, key)) if key in TEXTS else name
    if kind == "muted":
        key = "label.muted_sender" if "@" in name else "label.muted_domain"
    else:
        key = f"label.{kind}.of" if of and f"label.{kind}.of" in TEXTS else f"label.{kind}"
    return unescape(t(lang, key, name=name))
