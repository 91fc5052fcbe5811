"""Changes to a user's settings from the settings page: validated, then applied all or nothing.

A change is a JSON object with any of these sections; sections left out are kept as they are.

- ``hashtags`` / ``sender_lists`` / ``category_modes``: ``{name: value}``; each value given
  replaces that entry whole, ``null`` removes it, other entries are kept.
- ``muted``: the whole list of muted senders.
- ``lang``, ``timezone``, ``quiet_hours`` (``null`` = off), ``digest``: the user's preferences.

Every value goes through ``shared_lib.settings_schema``, the validator the bot's commands use,
so the page and the chat accept and refuse the same values; its reasons are given in the
user's language. Any error refuses the whole change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared_lib import settings_schema as schema
from shared_lib.models import Lang
from shared_lib.rules import Hashtag, NotifyMode, Rules, SenderList
from shared_lib.settings_schema import DIGEST_MODES, LANGS, MAX_ENTRIES, MAX_MUTED, Invalid

__all__ = ["DIGEST_MODES", "LANGS", "SettingsChange", "SettingsError", "parse_change"]

MAX_ERRORS = 20
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
    """The change is refused; ``errors`` says what is wrong, field by field (the first
    ``MAX_ERRORS``: a body of 10,000 unknown fields gets a short answer)."""

    def __init__(self, errors: list[FieldError]) -> None:
        errors = errors[:MAX_ERRORS]
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
    lang: Lang = "en"  # of the reasons given when a limit is passed

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
        problems = schema.rules_within_limits(rules)
        if problems:
            raise SettingsError([FieldError(f, exc.plain(self.lang)) for f, exc in problems])
        return rules


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


def parse_change(body: Any, lang: Lang = "en") -> SettingsChange:
    """Validate a change as sent by the page; SettingsError lists every problem found, with
    its reason in ``lang``."""
    v = _Validator(lang)
    change = SettingsChange(lang=lang)
    if not isinstance(body, dict):
        raise SettingsError([FieldError("body", Invalid("valid.body").plain(lang))])
    for key in body:
        if key not in SECTIONS:
            v.error(str(key), Invalid("valid.unknown"))  # the field names it
    if "hashtags" in body:
        change.hashtags = v.entries(body["hashtags"], "hashtags", schema.hashtag_name, v.hashtag)
    if "sender_lists" in body:
        change.sender_lists = v.entries(
            body["sender_lists"], "sender_lists", schema.list_name, v.sender_list
        )
    if "category_modes" in body:
        change.category_modes = v.entries(
            body["category_modes"], "category_modes", schema.category, schema.mode
        )
    if "muted" in body:
        change.muted = v.check("muted", _muted, body["muted"])
    if "lang" in body:
        v.user_field(change, "lang", schema.lang, body["lang"])
    if "timezone" in body:
        v.user_field(change, "timezone", schema.timezone, body["timezone"])
    if "quiet_hours" in body:
        v.user_field(change, "quiet_hours", _quiet_hours, body["quiet_hours"])
    if "digest" in body:
        v.user_field(change, "digest", _digest, body["digest"])
    if v.errors:
        raise SettingsError(v.errors)
    return change


_INVALID: Any = object()


def _object(raw: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Invalid("valid.not_object")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise Invalid("valid.unknown_field", name=schema.shown(unknown[0]))
    return raw


def _muted(raw: Any) -> list[str]:
    return schema.senders(schema.texts(raw), MAX_MUTED)


def _entries(raw: Any) -> list[str]:
    return schema.senders(schema.texts(raw), MAX_ENTRIES)


def _keywords(raw: Any) -> list[str]:
    keywords = schema.keywords(schema.texts(raw))
    if not keywords:
        raise Invalid("valid.no_keywords")
    return keywords


def _quiet_hours(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    data = _object(raw, {"start", "end", "allow_urgent"})
    quiet = schema.quiet_hours(data.get("start"), data.get("end"), data.get("allow_urgent", True))
    return quiet.model_dump()


def _digest(raw: Any) -> dict[str, Any]:
    data = _object(raw, {"mode", "at"})
    return schema.digest(data.get("mode"), data.get("at")).model_dump()


class _Validator:
    """Runs the schema's checks on the parts of a change, gathering every refusal."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.errors: list[FieldError] = []

    def error(self, where: str, reason: Invalid) -> None:
        self.errors.append(FieldError(where, reason.plain(self.lang)))

    def check(self, where: str, validate: Callable[[Any], Any], raw: Any) -> Any:
        """``validate(raw)``, or ``_INVALID`` with the reason noted at ``where``."""
        try:
            return validate(raw)
        except Invalid as exc:
            self.error(f"{where}.{exc.part}" if exc.part else where, exc)
            return _INVALID

    def user_field(
        self, change: SettingsChange, name: str, validate: Callable[[Any], Any], raw: Any
    ) -> None:
        value = self.check(name, validate, raw)
        if value is not _INVALID:
            change.user_fields[name] = value

    def entries(
        self,
        value: Any,
        where: str,
        name_of: Callable[[Any], str],
        value_of: Callable[[Any], Any],
    ) -> dict[str, Any]:
        """``{name: value | null}`` with names normalized (two spellings of one name clash)."""
        if not isinstance(value, dict):
            self.error(where, Invalid("valid.not_object"))
            return {}
        out: dict[str, Any] = {}
        for raw_name, raw in value.items():
            name = self.check(f"{where}.{raw_name}", name_of, raw_name)
            if name is _INVALID:
                continue
            if name in out:
                self.error(f"{where}.{raw_name}", Invalid("valid.twice", name=name))
                continue
            item = None if raw is None else self.check(f"{where}.{name}", value_of, raw)
            if item is not _INVALID:
                out[name] = item
        return out

    def hashtag(self, raw: Any) -> Any:
        data = _object(raw, {"keywords", "mode"})
        keywords = schema.part("keywords", _keywords, data.get("keywords"))
        mode = schema.part("mode", schema.mode, data.get("mode", "instant"))
        return Hashtag(keywords=keywords, mode=mode)

    def sender_list(self, raw: Any) -> Any:
        data = _object(raw, {"entries", "mode", "vip"})
        entries = schema.part("entries", _entries, data.get("entries", []))
        mode = schema.part("mode", schema.mode, data.get("mode", "instant"))
        vip = schema.part("vip", schema.boolean, data.get("vip", False))
        return SenderList(entries=entries, mode=mode, vip=vip)
