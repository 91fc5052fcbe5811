"""The one validator of a user's settings, used by the bot's commands and the settings page.

Each function takes one value as the user gave it and returns it normalized, or raises
``Invalid`` with a ru/en text key saying why. The limits are those of ``shared_lib.rules``.

- times of day: ``9.30``, ``9:30`` and ``09:30`` are all ``"09:30"``;
- time zones: IANA names in any case (``europe/moscow`` → ``Europe/Moscow``);
- keywords: whitespace collapsed, invisible characters removed (``safe_text.visible``),
  repeats dropped, at most ``MAX_KEYWORDS`` of at most ``MAX_KEYWORD_LENGTH`` characters;
- senders: an address or a domain only (``rules.normalize_sender``): nothing with spaces,
  angle brackets, markup, controls or invisible characters is ever stored.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, get_args
from zoneinfo import available_timezones

from shared_lib.analysis.model import CATEGORIES
from shared_lib.i18n import TEXTS, t
from shared_lib.models import DigestSchedule, Lang, QuietHours
from shared_lib.rules import (
    MAX_ENTRIES,
    MAX_HASHTAGS,
    MAX_KEYWORDS,
    MAX_LISTS,
    MAX_MUTED,
    NOTIFY_MODES,
    NotifyMode,
    Rules,
    normalize_list_name,
    normalize_sender,
    normalize_tag,
)
from shared_lib.safe_text import visible

__all__ = [
    "MAX_ENTRIES",
    "MAX_HASHTAGS",
    "MAX_KEYWORDS",
    "MAX_KEYWORD_LENGTH",
    "MAX_LISTS",
    "MAX_MUTED",
]

MAX_KEYWORD_LENGTH = 100
MAX_SHOWN = 80  # characters of a refused value repeated in the answer
LANGS: tuple[Lang, ...] = get_args(Lang)
DIGEST_MODES = ("off", "hourly", "daily")

T = TypeVar("T")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
_WORDLIKE = re.compile(r"\w")


class Invalid(ValueError):
    """A refused value: the text ``key`` (with ``values``) says why; nothing is changed."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        self.part: str | None = None  # which part of the value, e.g. "start" of quiet hours

    def within(self, part: str) -> Invalid:
        """The same refusal, said of ``part`` of a larger value."""
        self.part = part if self.part is None else f"{part}.{self.part}"
        return self

    def text(self, lang: Lang) -> str:
        """The reason as Telegram HTML."""
        return t(lang, self.key, **self.values)

    def plain(self, lang: Lang) -> str:
        """The reason as plain text (the settings page shows it as text)."""
        return html.unescape(re.sub(r"<[^>]*>", "", self.text(lang)))


def shown(value: Any) -> str:
    """A refused value as it may be repeated to the user: visible and bounded."""
    text = visible(value if isinstance(value, str) else repr(value))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def part(name: str, validate: Callable[[Any], T], value: Any) -> T:
    """``validate(value)``, its refusal said of the part ``name``."""
    try:
        return validate(value)
    except Invalid as exc:
        raise exc.within(name) from None


def time_of_day(value: Any) -> str:
    """``"9.30"``, ``"9:30"``, ``"09:30"`` → ``"09:30"``."""
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid("settings.bad_time", value=shown(value))
    return f"{int(match[1]):02d}:{match[2]}"


def quiet_hours(start: Any, end: Any, allow_urgent: Any = True) -> QuietHours:
    start, end = part("start", time_of_day, start), part("end", time_of_day, end)
    if start == end:
        raise Invalid("settings.quiet_same")
    return QuietHours(
        start=start, end=end, allow_urgent=part("allow_urgent", boolean, allow_urgent)
    )


def digest(mode: Any, at: Any = None) -> DigestSchedule:
    """``off`` | ``hourly`` | ``daily`` at a time of day (the time is dropped otherwise)."""
    if not isinstance(mode, str) or mode.lower() not in DIGEST_MODES:
        raise Invalid("valid.bad_digest_mode", modes=", ".join(DIGEST_MODES)).within("mode")
    mode = mode.lower()
    if mode != "daily":
        return DigestSchedule(mode=mode)
    if at is None or at == "":
        raise Invalid("valid.digest_needs_time").within("at")
    return DigestSchedule(mode="daily", at=part("at", time_of_day, at))


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("valid.not_bool")
    return value


@functools.lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def timezone(value: Any) -> str:
    """An IANA zone name known to ``zoneinfo``, any case, as spelled there."""
    name = _zones().get(value.strip().lower()) if isinstance(value, str) else None
    if name is None:
        raise Invalid("settings.bad_tz", value=shown(value))
    return name


def lang(value: Any) -> Lang:
    for known in LANGS:
        if isinstance(value, str) and value.strip().lower() == known:
            return known
    raise Invalid("valid.bad_lang", langs=", ".join(LANGS))


def mode(value: Any) -> NotifyMode:
    for known in NOTIFY_MODES:
        if isinstance(value, str) and value.strip().lower() == known:
            return known
    raise Invalid("valid.bad_mode", modes=", ".join(NOTIFY_MODES))


def category_named(name: str) -> str | None:
    """The category a user means by ``name``: its key or its label in any language."""
    wanted = name.strip().lower()
    for category in CATEGORIES:
        labels = TEXTS.get(f"category.{category}", {}).values()
        if wanted == category or wanted in (label.lower() for label in labels):
            return category
    return None


def category(value: Any) -> str:
    found = category_named(value) if isinstance(value, str) else None
    if found is None:
        raise Invalid("valid.bad_category", name=shown(value), categories=", ".join(CATEGORIES))
    return found


def hashtag_name(value: Any) -> str:
    """``#Project-X`` → ``project-x``."""
    tag = normalize_tag(value) if isinstance(value, str) else None
    if tag is None:
        raise Invalid("settings.bad_tag", name=shown(value))
    return tag


def list_name(value: Any) -> str:
    """A sender list's name (``vip`` → ``VIP``); a category's name is refused."""
    name = normalize_list_name(value) if isinstance(value, str) else None
    if name is None:
        raise Invalid("settings.bad_list_name", name=shown(value))
    if category_named(name) is not None:
        raise Invalid("settings.list_is_category", name=shown(value))
    return name


def texts(value: Any) -> list[str]:
    """A JSON list of strings, as the page sends keywords and senders."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid("valid.not_texts")
    return value


def keywords(values: Iterable[str]) -> list[str]:
    """Keywords and phrases: collapsed, visible, without repeats; may be empty."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in values:
        keyword = " ".join(visible(raw).split())
        if not keyword or keyword.lower() in seen:
            continue
        if not _WORDLIKE.search(keyword):
            raise Invalid("settings.bad_keyword", keyword=shown(keyword))
        if len(keyword) > MAX_KEYWORD_LENGTH:
            raise Invalid("settings.keyword_too_long", max=MAX_KEYWORD_LENGTH)
        seen.add(keyword.lower())
        out.append(keyword)
    if len(out) > MAX_KEYWORDS:
        raise Invalid("settings.too_many_keywords", max=MAX_KEYWORDS)
    return out


def sender(value: Any) -> str:
    """An address or a domain, lower-cased (``@corp.com`` → ``corp.com``)."""
    entry = normalize_sender(value) if isinstance(value, str) else None
    if entry is None:
        raise Invalid("settings.bad_sender", entry=shown(value))
    return entry


def senders(values: Iterable[str], limit: int | None = None) -> list[str]:
    """Addresses and domains without repeats (blank values skipped), at most ``limit``."""
    out: list[str] = []
    for value in values:
        if value.strip() and (entry := sender(value)) not in out:
            out.append(entry)
    if limit is not None and len(out) > limit:
        raise Invalid("valid.too_many_entries", max=limit)
    return out


def rules_within_limits(rules: Rules) -> list[tuple[str, Invalid]]:
    """What in ``rules`` passes a limit, by field (empty when nothing does)."""
    problems: list[tuple[str, Invalid]] = []
    if len(rules.hashtags) > MAX_HASHTAGS:
        problems.append(("hashtags", Invalid("valid.too_many_hashtags", max=MAX_HASHTAGS)))
    if len(rules.sender_lists) > MAX_LISTS:
        problems.append(("sender_lists", Invalid("valid.too_many_lists", max=MAX_LISTS)))
    for name, sender_list in rules.sender_lists.items():
        if len(sender_list.entries) > MAX_ENTRIES:
            limit = Invalid("valid.too_many_entries", max=MAX_ENTRIES)
            problems.append((f"sender_lists.{name}.entries", limit))
    if len(rules.muted) > MAX_MUTED:
        problems.append(("muted", Invalid("valid.too_many_entries", max=MAX_MUTED)))
    return problems
