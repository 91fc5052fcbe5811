"""Date and time expressions (ru, en): the patterns, and their resolution relative to a letter.

Calendar dates with month names go to dateparser (imported lazily, one parser per language,
results cached per fragment); weekdays, "today/завтра", "EOD", numeric dates and times are
resolved here, by the conventions of the labels: a weekday is the next such day after the
letter's date, "EOD"/"today" is the letter's own date.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from shared_lib.analysis.lazy import lazy

# --- patterns (strings in lower case; deadline.py combines them) --------------------------

_RU_WEEKDAYS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = (
    r"(?:(?:эт[аиоуы]\w{0,4}|следующ\w{1,4}|ближайш\w{1,4}|this|next|coming)\s+)?"
    r"(?:(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-яё]{0,3}"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?![\w])"
)
_MONTH_RU = (
    r"(?:(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
    r"|(?:янв|фев|мар|апр|авг|сент?|окт|нояб?|дек)\.?)(?![а-яё])"
)
_MONTH_EN = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?![a-z])"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:-?(?:го|е|st|nd|rd|th))?(?!\d)"
_YEAR = r"(?:,?\s*(?:19|20)\d{2}(?!\d)(?:\s*(?:г\.|года?(?![а-яё])|г(?![а-яё])))?)?"
CALENDAR_DATE = (
    rf"(?:{_DAY}\s+{_MONTH_RU}{_YEAR}"
    rf"|{_MONTH_EN}\s+(?:the\s+)?{_DAY}{_YEAR}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH_EN}{_YEAR})"
)
NUMERIC_DATE = (
    r"(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])(?:\.(?:(?:19|20)\d{2}|\d{2}))?"
    r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?:/(?:(?:19|20)\d{2}|\d{2}))?)"
    r"(?![\d/%])(?!\.\d)"
)
DAY_OF_MONTH = (
    r"(?:(?:0?[1-9]|[12]\d|3[01])(?:-?го)?\s+числа"
    r"|(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?![\w]))"
)
RELATIVE_DAY = (
    r"(?:сегодня(?:шн\w{1,4}\s+дня)?|послезавтра|завтра(?:шн\w{1,4}\s+(?:дня|утра|вечера))?"
    r"|кон(?:ца|цу|ец)\s+(?:(?:рабочего\s+|этого\s+)?дня|(?:этой\s+|рабочей\s+)?недели|месяца)"
    r"|(?<![\d\s])(?<!\d\s)(?:вечера|обеда)"
    r"|today|tonight|(?:the\s+)?day\s+after\s+tomorrow|tomorrow|eod|cob|eow|eom"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:business\s+|working\s+)?(?:day|week|month)"
    r"|close\s+of\s+business)(?![\w])"
)
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?![\d%])(?![:.]\d)"
    r"|(?:1[0-2]|0?[1-9])\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|noon|midday|midnight|полудня|полуночи"
    r"|(?:[01]?\d|2[0-3])\s*(?:ч\.|час(?:а|ов)?(?![а-яё]))"
    r"|(?:1[0-2]|0?[1-9])\s+(?:утра|вечера|дня|ночи)(?![а-яё]))"
)
# Time zones a letter names after a time (lower case): abbreviations to IANA zones (a closed
# list), "UTC+3"/"GMT-05:00", and Moscow time in words.
ZONE_NAMES = {
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "gmt": "UTC", "utc": "UTC", "bst": "Europe/London", "uk time": "Europe/London",
    "london time": "Europe/London", "wet": "Europe/Lisbon", "cet": "Europe/Berlin",
    "cest": "Europe/Berlin", "eet": "Europe/Helsinki", "eest": "Europe/Helsinki",
    "msk": "Europe/Moscow", "мск": "Europe/Moscow", "по мск": "Europe/Moscow",
    "по москве": "Europe/Moscow", "по московскому времени": "Europe/Moscow",
    "moscow time": "Europe/Moscow", "ist": "Asia/Kolkata", "gst": "Asia/Dubai",
    "sgt": "Asia/Singapore", "jst": "Asia/Tokyo", "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "eastern": "America/New_York", "eastern time": "America/New_York",
    "central": "America/Chicago", "central time": "America/Chicago",
    "mountain": "America/Denver", "mountain time": "America/Denver",
    "pacific": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "new york time": "America/New_York", "berlin time": "Europe/Berlin",
    "paris time": "Europe/Paris", "amsterdam time": "Europe/Amsterdam",
    "dubai time": "Asia/Dubai", "singapore time": "Asia/Singapore",
    "tokyo time": "Asia/Tokyo", "san francisco time": "America/Los_Angeles",
    "по берлину": "Europe/Berlin", "по лондону": "Europe/London",
    "по екатеринбургу": "Asia/Yekaterinburg", "по новосибирску": "Asia/Novosibirsk",
    "по владивостоку": "Asia/Vladivostok", "по калининграду": "Europe/Kaliningrad",
}  # fmt: skip
ZONE = (
    r"(?:(?:utc|gmt)\s*[+−-]\s*\d{1,2}(?::?[0-5]\d)?"
    r"|(?:" + "|".join(re.escape(z) for z in sorted(ZONE_NAMES, key=len, reverse=True)) + r"))"
    r"(?![\w+−-])"
)
TIME = rf"(?:{_CLOCK}(?:\s*\(?{ZONE}\)?)?)"
COMPONENT = rf"(?:{CALENDAR_DATE}|{NUMERIC_DATE}|{DAY_OF_MONTH}|{WEEKDAY}|{RELATIVE_DAY}|{TIME})"
_SEPARATOR = r"(?:\s*,\s*|\s+)(?:(?:в|во|at|on|до|by|к|the|—|–|-)\s+)?"
EXPRESSION = rf"{COMPONENT}(?:{_SEPARATOR}{COMPONENT}){{0,3}}"

# Applied to lower-case fragments (resolve lower-cases its input).
_CALENDAR_RE = lazy(CALENDAR_DATE)
_NUMERIC_RE = lazy(NUMERIC_DATE)
_WEEKDAY_RE = lazy(WEEKDAY)
_RELATIVE_RE = lazy(RELATIVE_DAY)
_DAY_OF_MONTH_RE = lazy(DAY_OF_MONTH)
_TIME_RE = lazy(_CLOCK)
_ZONE_AFTER = lazy(rf"\s*\(?(?P<zone>{ZONE})")
_OFFSET = lazy(r"(?:utc|gmt)\s*(?P<sign>[+−-])\s*(?P<h>\d{1,2})(?::?(?P<m>[0-5]\d))?")
_HAS_YEAR = lazy(r"(?:19|20)\d{2}")
_ORDINAL_TAIL = lazy(r"(?<=\d)-?(?:го|е)(?![а-яё])|(?<!\s)\s*(?:г\.|года?(?![а-яё])|г$)")
_CYRILLIC = lazy(r"[а-яё]")
_DIGIT = lazy(r"\d")
_NUMBER = lazy(r"\d+")

RECENT_PAST = timedelta(days=90)  # a yearless date this far back is past, not next year's


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved point in time: local datetime and whether a time of day was given."""

    at: datetime
    has_time: bool


def resolve(fragment: str, sent: datetime, tz: tzinfo) -> Resolved | None:
    """Resolve a date/time expression relative to the letter's local `sent` time; None when it
    names no time, or one off the calendar (near datetime.min or datetime.max)."""
    try:
        return _resolve(fragment, sent, tz)
    except (OverflowError, ValueError):
        return None


def _resolve(fragment: str, sent: datetime, tz: tzinfo) -> Resolved | None:
    fragment = fragment.lower()
    day, rest = _day(fragment, sent)
    clock, zone = _clock(rest)
    if day is None:
        if clock is None:
            return None
        day = sent.date()
        if datetime.combine(day, clock, zone or tz) < sent:
            day += timedelta(days=1)
    if clock is None:
        return Resolved(datetime.combine(day, END_OF_DAY, tz), has_time=False)
    # A time in another zone ("11 am ET") is that moment, shown in the user's zone.
    return Resolved(datetime.combine(day, clock, zone or tz).astimezone(tz), has_time=True)


END_OF_DAY = time(23, 59)  # the `at` of a date-only deadline: the end of that day


def _day(fragment: str, sent: datetime) -> tuple[date | None, str]:
    """The day a fragment names, and the fragment without the words that named it."""
    base = sent.date()
    if _DIGIT.search(fragment):  # calendar, numeric and day-of-month dates have digits
        m = _CALENDAR_RE.search(fragment)
        if m:
            return _calendar_date(m.group(0), base), _without(fragment, m)
        m = _NUMERIC_RE.search(fragment)
        if m:
            russian = _CYRILLIC.search(fragment) is not None
            return _numeric_date(m.group(0), base, russian), _without(fragment, m)
        m = _DAY_OF_MONTH_RE.search(fragment)
        if m:
            day = int(_NUMBER.findall(m.group(0))[0])
            return _day_of_month(day, base), _without(fragment, m)
    relative = list(_RELATIVE_RE.finditer(fragment))
    if relative:
        # "EOD tomorrow": the day word decides, the end-of-day word only says "that day".
        shifted = [r for r in relative if r.group(0).lower().startswith(_DAY_SHIFTS)]
        for r in relative:
            fragment = _without(fragment, r)
        weekday = None if shifted else _WEEKDAY_RE.search(fragment)
        if weekday and relative[0].group(0).lower().startswith(_THAT_DAY):
            # "COB Thursday", «до конца дня в пятницу»: the weekday names the day.
            day = next_weekday(base, _weekday_index(weekday.group(0).lower()))
            return day, _without(fragment, weekday)
        return _relative_day((shifted or relative)[0].group(0).lower(), base), fragment
    m = _WEEKDAY_RE.search(fragment)
    if m:
        return next_weekday(base, _weekday_index(m.group(0).lower())), _without(fragment, m)
    return None, fragment


def _without(fragment: str, m: re.Match[str]) -> str:
    """The fragment with the match blanked out (positions kept)."""
    return fragment[: m.start()] + " " * (m.end() - m.start()) + fragment[m.end() :]


def next_weekday(base: date, weekday: int) -> date:
    """The next such weekday strictly after `base` (Monday is 0)."""
    return base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)


def _weekday_index(text: str) -> int:
    word = text.split()[-1]
    for i, stem in enumerate(_RU_WEEKDAYS):
        if word.startswith(stem):
            return i
    for i, name in enumerate(_EN_WEEKDAYS):
        if word.startswith(name):
            return i
    raise ValueError(text)


def _day_of_month(day: int, base: date) -> date | None:
    """The next date (from `base` on) with this day of the month."""
    year, month = base.year, base.month
    for _ in range(3):
        if day <= monthrange(year, month)[1] and date(year, month, day) >= base:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


_DAY_SHIFTS = ("послезавтра", "завтра", "tomorrow", "the day after", "day after")
# End-of-day words: with a weekday they mean "at the end of that day".
_THAT_DAY = ("eod", "cob", "close of business", "end of", "the end of", "конц", "конец")


def _relative_day(text: str, base: date) -> date:
    if text.startswith(("послезавтра", "the day after", "day after")):
        return base + timedelta(days=2)
    if text.startswith(("завтра", "tomorrow")):
        return base + timedelta(days=1)
    if "недел" in text or "week" in text or text == "eow":
        # The working week ends on Friday; from the weekend on, the week's last day.
        friday = base + timedelta(days=4 - base.weekday())
        return friday if base <= friday else base + timedelta(days=6 - base.weekday())
    if "месяц" in text or "month" in text or text == "eom":
        return base.replace(day=monthrange(base.year, base.month)[1])
    return base  # сегодня, конец дня, вечера, обеда, today, tonight, EOD, COB


def _with_year(month: int, day: int, base: date) -> date | None:
    """The yearless day/month: this year's, or next year's when it has long passed."""
    try:
        candidate = date(base.year, month, day)
    except ValueError:
        candidate = None
    if candidate is not None and candidate >= base - RECENT_PAST:
        return candidate
    try:
        return date(base.year + 1, month, day)
    except ValueError:
        return None


def _numeric_date(text: str, base: date, russian: bool) -> date | None:
    try:
        if "-" in text:
            return date.fromisoformat(text)
        sep = "." if "." in text else "/"
        parts = [int(p) for p in text.split(sep)]
        if sep == "." or russian:
            day, month = parts[0], parts[1]
        else:
            month, day = parts[0], parts[1]
        if len(parts) == 3:
            year = parts[2] + 2000 if parts[2] < 100 else parts[2]
            return date(year, month, day)
        return _with_year(month, day, base)
    except ValueError:
        return None


def _calendar_date(text: str, base: date) -> date | None:
    language = "ru" if _CYRILLIC.search(text) else "en"
    clean = " ".join(_ORDINAL_TAIL.sub("", text).replace(",", " ").split())
    parsed = parse_calendar_date(clean.lower(), language)
    if parsed is None:
        return None
    year, month, day = parsed
    if _HAS_YEAR.search(text):
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _with_year(month, day, base)


@lru_cache(maxsize=4096)
def parse_calendar_date(fragment: str, language: str) -> tuple[int, int, int] | None:
    """Day, month (and year, when written) of a short fragment, by dateparser."""
    result = _dateparser(language).get_date_data(fragment).date_obj
    if result is None:
        return None
    return result.year, result.month, result.day


@lru_cache(maxsize=4)
def _dateparser(language: str) -> Any:  # dateparser is imported lazily
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY" if language == "ru" else "MDY",
        "RELATIVE_BASE": datetime(2000, 1, 1),  # a leap year: "29 февраля" parses
        "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["day", "month"],
    }
    return DateDataParser(languages=[language], settings=settings)


def _clock(fragment: str) -> tuple[time | None, tzinfo | None]:
    """The time of day a fragment names, and the zone it names right after it (if any)."""
    m = _TIME_RE.search(fragment)
    if m is None:
        return None, None
    zone_match = _ZONE_AFTER.match(fragment, m.end())
    zone = zone_of(zone_match.group("zone")) if zone_match else None
    return _time_of(m.group(0).lower()), zone


def zone_of(name: str) -> tzinfo | None:
    """The zone a letter names ("ET", "CET", "UTC+3", «по Москве»), None when unknown."""
    name = " ".join(name.lower().split())
    m = _OFFSET.fullmatch(name)
    if m:
        hours, minutes = int(m.group("h")), int(m.group("m") or 0)
        if hours > 14:
            return None
        sign = -1 if m.group("sign") in "-−" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    iana = ZONE_NAMES.get(name)
    return ZoneInfo(iana) if iana else None


def _time_of(text: str) -> time:
    if text in ("noon", "midday", "полудня"):
        return time(12, 0)
    if text in ("midnight", "полуночи"):
        return time(23, 59)
    digits = _NUMBER.findall(text)
    hour = int(digits[0])
    minute = int(digits[1]) if len(digits) > 1 else 0
    if ("p" in text or "вечера" in text or "дня" in text) and hour < 12:
        hour += 12
    elif ("a" in text or "ночи" in text) and hour == 12:
        hour = 0
    return time(hour, minute)
