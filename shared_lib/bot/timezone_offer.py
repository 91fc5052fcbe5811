"""The time-zone offer: a few zones as buttons (``tz:<zone>``), chosen by the user's language.

Until the user picks a zone it is UTC, and every time Telemail shows would be off by the
user's offset; so /start and the "Connected" message ask until a zone is chosen (``/tz``, a
button here, or the settings page set ``User.timezone_chosen``; "UTC is right" counts). A
pressed button sets the zone exactly as ``/tz <zone>`` does (the digest schedule follows).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared_lib.bot.context import ButtonHandler, CallbackContext
from shared_lib.bot.settings_commands import Usage, parse_timezone
from shared_lib.i18n import t
from shared_lib.models import Button, Lang, OutboxMessage, User
from shared_lib.store import utcnow

DEFAULT_ZONE = "UTC"
PREFIX = "tz"
OFFERED: dict[Lang, tuple[str, ...]] = {
    "ru": (
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Omsk",
        "Asia/Novosibirsk",
        "Asia/Krasnoyarsk",
        "Asia/Irkutsk",
        "Asia/Vladivostok",
        "Europe/Minsk",
        "Europe/Kyiv",
        "Asia/Almaty",
    ),
    "en": (
        "Europe/London",
        "Europe/Berlin",
        "Europe/Moscow",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "Asia/Dubai",
        "Asia/Kolkata",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Australia/Sydney",
    ),
}
PER_ROW = 2
CITIES_RU = {
    "Europe/Kaliningrad": "Калининград",
    "Europe/Moscow": "Москва",
    "Europe/Samara": "Самара",
    "Asia/Yekaterinburg": "Екатеринбург",
    "Asia/Omsk": "Омск",
    "Asia/Novosibirsk": "Новосибирск",
    "Asia/Krasnoyarsk": "Красноярск",
    "Asia/Irkutsk": "Иркутск",
    "Asia/Vladivostok": "Владивосток",
    "Europe/Minsk": "Минск",
    "Europe/Kyiv": "Киев",
    "Asia/Almaty": "Алматы",
}


def needs_timezone(user: User) -> bool:
    """Whether the user has not chosen a zone yet (users from before ``timezone_chosen`` with
    a zone other than the default chose it)."""
    return not user.timezone_chosen and user.timezone == DEFAULT_ZONE


def _known(zone: str) -> bool:
    """Whether this machine's tz database has the zone (Europe/Kyiv is new in 2022)."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _label(zone: str, now: datetime, lang: Lang) -> str:
    """ "Moscow · 14:02": the city and the time there now, to recognise one's own."""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    if lang == "ru":
        city = CITIES_RU.get(zone, city)
    return f"{city} · {now.astimezone(ZoneInfo(zone)):%H:%M}"


def timezone_offer(lang: Lang, now: datetime | None = None) -> tuple[str, list[list[Button]]]:
    """The question and its buttons (the zones of ``lang``, then "UTC is right")."""
    now = now or datetime.now(UTC)
    zones = [z for z in OFFERED[lang] if _known(z)]
    buttons = [
        [
            Button(text=_label(z, now, lang), callback_data=f"{PREFIX}:{z}")
            for z in zones[i : i + PER_ROW]
        ]
        for i in range(0, len(zones), PER_ROW)
    ]
    buttons.append([Button(text=t(lang, "tz.offer.utc"), callback_data=f"{PREFIX}:{DEFAULT_ZONE}")])
    return t(lang, "tz.offer", time=f"{now:%H:%M}"), buttons


def on_timezone(ctx: CallbackContext) -> list[OutboxMessage]:
    """``tz:<zone>``: set the zone and say so (the offer stays, to change one's mind)."""
    lang = ctx.user.lang
    try:
        zone = parse_timezone(ctx.data)
    except Usage as exc:
        return [ctx.answer(), ctx.send(exc.text(lang))]
    ctx.app.store.set_digest_schedule(ctx.user.user_id, utcnow(), timezone=zone)
    local = datetime.now(ZoneInfo(zone)).strftime("%H:%M")
    text = t(lang, "settings.tz_set", zone=zone, time=local) + "\n" + t(lang, "tz.offer.later")
    return [ctx.answer(), ctx.send(text)]


BUTTONS: dict[str, ButtonHandler] = {PREFIX: on_timezone}
