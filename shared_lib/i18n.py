"""User-facing texts in Russian and English. Placeholders are filled with escaped values.

The texts live in ``shared_lib/texts/<area>.py``; a key may be defined in one area only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared_lib.models import Lang
from shared_lib.safe_text import escape_html
from shared_lib.texts import bot, connect, digest, mail, reader, settings, validation, webapp

AREAS = (
    bot.TEXTS,
    mail.TEXTS,
    settings.TEXTS,
    webapp.TEXTS,
    digest.TEXTS,
    validation.TEXTS,
    connect.TEXTS,
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

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


def format_when(moment: datetime, with_time: bool, lang: Lang) -> str:
    """ "Fri 15 Dec 18:00" / "пт 15 дек 18:00" (the time only when it is meant)."""
    text = f"{WEEKDAYS[lang][moment.weekday()]} {moment.day} {MONTHS[lang][moment.month - 1]}"
    return f"{text} {moment:%H:%M}" if with_time else text


def t(lang: Lang, key: str, **values: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing), with ``values`` made visible and
    HTML-escaped (``shared_lib.safe_text``)."""
    variants = TEXTS[key]
    template = variants.get(lang) or variants["en"]
    return template.format(**{k: escape_html(str(v)) for k, v in values.items()})
