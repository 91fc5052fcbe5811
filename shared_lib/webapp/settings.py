"""Changes to a user's settings from the settings page: validated, then applied all or nothing.

A change is a JSON object with any of these sections; sections left out are kept as they are.

- ``hashtags`` / ``sender_lists`` / ``category_modes``: ``{name: value}``; each value given
  replaces that entry whole, ``null`` removes it, other entries are kept.
- ``muted``: the whole list of muted senders.
- ``lang``, ``timezone``, ``quiet_hours`` (``null`` = off), ``digest``: the user's preferences.

Names and senders go through the normalizers of ``shared_lib.rules``; time zones must be IANA
names known to ``zoneinfo``. Any error refuses the whole change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, get_args
from zoneinfo import available_timezones

from shared_lib.models import DigestSchedule, Lang, QuietHours
from shared_lib.rules import (
    MAX_ENTRIES,
    MAX_HASHTAGS,
    MAX_KEYWORDS,
    MAX_LISTS,
    MAX_MUTED,
    NOTIFY_MODES,
    Hashtag,
    NotifyMode,
    Rules,
    SenderList,
    is_category,
    normalize_list_name,
    normalize_sender,
    normalize_tag,
)

MAX_KEYWORD_LENGTH = 100
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_WORDLIKE = re.compile(r"\w")
LANGS: tuple[Lang, ...] = get_args(Lang)
DIGEST_MODES = ("off", "hourly", "daily")
SECTIONS = (
    "hashtags",
    "sender_lists",
    "category_modes",
    "muted",
    "lang",
    "timezone",
    "quiet_hours",
    "digest",
)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class SettingsError(ValueError):
    """The change is refused; ``errors`` says what is wrong, field by field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass
class SettingsChange:
    """A validated change: rule entries to set (None = remove) and user fields to set."""

    hashtags: dict[str, Hashtag | None] = field(default_factory=dict)
    sender_lists: dict[str, SenderList | None] = field(default_factory=dict)
    category_modes: dict[str, NotifyMode | None] = field(default_factory=dict)
    muted: list[str] | None = None
    user_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def touches_rules(self) -> bool:
        return bool(self.hashtags or self.sender_lists or self.category_modes) or (
            self.muted is not None
        )

    def apply(self, rules: Rules) -> Rules:
        """The rules with this change made; SettingsError when a limit would be passed."""
        for tag, hashtag in self.hashtags.items():
            _put(rules.hashtags, tag, hashtag)
        for name, sender_list in self.sender_lists.items():
            _put(rules.sender_lists, name, sender_list)
        for category, mode in self.category_modes.items():
            _put(rules.category_modes, category, mode)
        if self.muted is not None:
            rules.muted = self.muted
        errors = []
        if len(rules.hashtags) > MAX_HASHTAGS:
            errors.append(FieldError("hashtags", f"at most {MAX_HASHTAGS} hashtags"))
        if len(rules.sender_lists) > MAX_LISTS:
            errors.append(FieldError("sender_lists", f"at most {MAX_LISTS} sender lists"))
        if errors:
            raise SettingsError(errors)
        return rules


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def parse_change(body: Any) -> SettingsChange:
    """Validate a change as sent by the page; SettingsError lists every problem found."""
    v = _Validator()
    change = SettingsChange()
    if not isinstance(body, dict):
        raise SettingsError([FieldError("body", "must be a JSON object")])
    for key in body:
        if key not in SECTIONS:
            v.error(str(key), "unknown field")
    if "hashtags" in body:
        change.hashtags = v.entries(body["hashtags"], "hashtags", v.tag_name, v.hashtag)
    if "sender_lists" in body:
        change.sender_lists = v.entries(
            body["sender_lists"], "sender_lists", v.list_name, v.sender_list
        )
    if "category_modes" in body:
        change.category_modes = v.entries(
            body["category_modes"], "category_modes", v.category, v.mode
        )
    if "muted" in body:
        change.muted = v.senders(body["muted"], "muted", MAX_MUTED)
    if "lang" in body:
        if body["lang"] in LANGS:
            change.user_fields["lang"] = body["lang"]
        else:
            v.error("lang", f"must be one of {', '.join(LANGS)}")
    if "timezone" in body:
        zone = body["timezone"]
        if isinstance(zone, str) and zone in known_timezones():
            change.user_fields["timezone"] = zone
        else:
            v.error("timezone", "must be an IANA time zone such as Europe/Moscow")
    if "quiet_hours" in body:
        quiet = v.quiet_hours(body["quiet_hours"])
        if quiet is not v.INVALID:
            change.user_fields["quiet_hours"] = quiet
    if "digest" in body:
        digest = v.digest(body["digest"])
        if digest is not None:
            change.user_fields["digest"] = digest
    if v.errors:
        raise SettingsError(v.errors)
    return change


class _Validator:
    INVALID: Any = object()

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(FieldError(where, message))

    def entries(self, value: Any, where: str, name_of: Any, value_of: Any) -> dict[str, Any]:
        """``{name: value | null}`` with names normalized (two spellings of one name clash)."""
        if not isinstance(value, dict):
            self.error(where, "must be an object")
            return {}
        out: dict[str, Any] = {}
        for raw_name, raw in value.items():
            name = name_of(raw_name, f"{where}.{raw_name}")
            if name is None:
                continue
            if name in out:
                self.error(f"{where}.{raw_name}", f"{name!r} is given twice")
                continue
            item = None if raw is None else value_of(raw, f"{where}.{name}")
            if item is not self.INVALID:
                out[name] = item
        return out

    def tag_name(self, raw: str, where: str) -> str | None:
        tag = normalize_tag(raw)
        if tag is None:
            self.error(where, "a hashtag is 1–32 letters, digits, _ or -")
        return tag

    def list_name(self, raw: str, where: str) -> str | None:
        name = normalize_list_name(raw)
        if name is None:
            self.error(where, "a list name is 1–32 letters, digits, _ or -")
        return name

    def category(self, raw: str, where: str) -> str | None:
        if not is_category(raw):
            self.error(where, "no such category")
            return None
        return raw

    def mode(self, raw: Any, where: str) -> Any:
        if raw not in NOTIFY_MODES:
            self.error(where, f"mode must be one of {', '.join(NOTIFY_MODES)}")
            return self.INVALID
        return raw

    def _object(self, raw: Any, where: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.error(where, "must be an object")
            return None
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self.error(where, f"unknown field {unknown[0]!r}")
            return None
        return raw

    def hashtag(self, raw: Any, where: str) -> Any:
        data = self._object(raw, where, {"keywords", "mode"})
        if data is None:
            return self.INVALID
        keywords = self.keywords(data.get("keywords"), f"{where}.keywords")
        mode = self.mode(data.get("mode", "instant"), f"{where}.mode")
        if keywords is None or mode is self.INVALID:
            return self.INVALID
        return Hashtag(keywords=keywords, mode=mode)

    def keywords(self, raw: Any, where: str) -> list[str] | None:
        if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
            self.error(where, "must be a list of words or phrases")
            return None
        out: list[str] = []
        for keyword in (" ".join(k.split()) for k in raw):
            if not keyword or keyword.lower() in (k.lower() for k in out):
                continue
            if len(keyword) > MAX_KEYWORD_LENGTH or not _WORDLIKE.search(keyword):
                self.error(where, f"{keyword[:40]!r} is not a usable keyword")
                return None
            out.append(keyword)
        if not out:
            self.error(where, "give at least one keyword")
            return None
        if len(out) > MAX_KEYWORDS:
            self.error(where, f"at most {MAX_KEYWORDS} keywords")
            return None
        return out

    def sender_list(self, raw: Any, where: str) -> Any:
        data = self._object(raw, where, {"entries", "mode", "vip"})
        if data is None:
            return self.INVALID
        entries = self.senders(data.get("entries", []), f"{where}.entries", MAX_ENTRIES)
        mode = self.mode(data.get("mode", "instant"), f"{where}.mode")
        vip = data.get("vip", False)
        if not isinstance(vip, bool):
            self.error(f"{where}.vip", "must be true or false")
            return self.INVALID
        if entries is None or mode is self.INVALID:
            return self.INVALID
        return SenderList(entries=entries, mode=mode, vip=vip)

    def senders(self, raw: Any, where: str, limit: int) -> list[str] | None:
        if not isinstance(raw, list) or not all(isinstance(e, str) for e in raw):
            self.error(where, "must be a list of addresses or domains")
            return None
        out: list[str] = []
        for entry in raw:
            if not entry.strip():
                continue
            sender = normalize_sender(entry)
            if sender is None:
                self.error(where, f"{entry[:80]!r} is neither an address nor a domain")
                return None
            if sender not in out:
                out.append(sender)
        if len(out) > limit:
            self.error(where, f"at most {limit} entries")
            return None
        return out

    def quiet_hours(self, raw: Any) -> Any:
        if raw is None:
            return None
        data = self._object(raw, "quiet_hours", {"start", "end", "allow_urgent"})
        if data is None:
            return self.INVALID
        start, end = data.get("start"), data.get("end")
        allow_urgent = data.get("allow_urgent", True)
        ok = True
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, str) or not _HH_MM.match(value):
                self.error(f"quiet_hours.{name}", "must be a time HH:MM")
                ok = False
        if ok and start == end:
            self.error("quiet_hours", "start and end must differ")
            ok = False
        if not isinstance(allow_urgent, bool):
            self.error("quiet_hours.allow_urgent", "must be true or false")
            ok = False
        if not ok:
            return self.INVALID
        return QuietHours(start=start, end=end, allow_urgent=allow_urgent).model_dump()

    def digest(self, raw: Any) -> dict[str, Any] | None:
        data = None if raw is None else self._object(raw, "digest", {"mode", "at"})
        if raw is None:
            self.error("digest", "must be an object")
        if data is None:
            return None
        mode, at = data.get("mode"), data.get("at")
        if mode not in DIGEST_MODES:
            self.error("digest.mode", f"must be one of {', '.join(DIGEST_MODES)}")
            return None
        if mode == "daily":
            if not isinstance(at, str) or not _HH_MM.match(at):
                self.error("digest.at", "a daily digest needs a time HH:MM")
                return None
        else:
            at = None
        return DigestSchedule(mode=mode, at=at).model_dump()
