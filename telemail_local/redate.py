"""Re-dating a letter to now: its ``Date:`` becomes the present moment, and every date written
in it (``5 December``, «1 декабря», ``2026-12-05``, ``05.12.2026``, ``Mon, 23 Nov 2026``) moves
by the same whole number of days, so "by Friday" and "until 1 December" keep their meaning.

The demo mailbox delivers its letters through this, so a demo letter's "by Friday" is the real
coming Friday. It works on the raw bytes of 7bit/8bit text (how the demo letters are written);
base64 or quoted-printable parts are left as they are.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_EN_MONTH = "|".join(f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m for m in _EN_MONTHS)
_EN_DAY = "|".join(f"{d[:3]}(?:{d[3:]})?" for d in _EN_DAYS)
_YEAR = r"(?:,?\s(?P<year>\d{4})\b)?"
_WEEKDAY = rf"(?:(?P<weekday>{_EN_DAY})\.?,?\s+)?"

_RU_MONTH = "(?i:" + "|".join(_RU_MONTHS) + ")"
# English names only capitalised (or in capitals), so "2 may fail" stays as it is.
_EN_MONTH = f"(?:{_EN_MONTH}|{_EN_MONTH.upper()})"

_PATTERNS = [
    # Mon, 23 Nov 2026 · 10 December · 4 декабря 2026
    re.compile(rf"\b{_WEEKDAY}(?P<day>\d{{1,2}})\s+(?P<month>{_EN_MONTH}|{_RU_MONTH})\b{_YEAR}"),
    # Thursday, December 10, 2026 · Dec 10
    re.compile(
        rf"\b{_WEEKDAY}(?P<month>{_EN_MONTH})\.?\s+(?P<day>\d{{1,2}})(?P<suffix>st|nd|rd|th)?\b{_YEAR}"
    ),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mm>\d{2})\.(?P<year>\d{4})\b"),
]
_DATE_FIELD = re.compile(rb"(?im)^Date:[ \t]*(?P<value>[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)")


def _month_number(word: str) -> int:
    low = word.lower()
    if low in _RU_MONTHS:
        return _RU_MONTHS.index(low) + 1
    return next(i for i, m in enumerate(_EN_MONTHS, 1) if m.lower().startswith(low[:3]))


def _ordinal_suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _same_style(new: str, old: str) -> str:
    """``new`` written as ``old`` was: abbreviated or not, capitalised or not."""
    if len(old) <= 3 or (len(old) == 4 and old.endswith(".")):
        new = new[:3] if new.lower() not in {m.lower() for m in _RU_MONTHS} else new
    if old[:1].islower():
        return new.lower()
    if len(old) > 1 and old.isupper():
        return new.upper()
    return new[:1].upper() + new[1:]


def _shift_match(match: re.Match[str], days: int, default_year: int) -> str:
    found = match.groupdict()
    try:
        month = int(found["mm"]) if found.get("mm") else _month_number(found["month"])
        year = int(found["year"]) if found.get("year") else default_year
        old = date(year, month, int(found["day"]))
    except (ValueError, StopIteration):
        return match.group(0)
    new = old + timedelta(days=days)
    text = match.group(0)
    # Replace each part in place, from the right so earlier offsets stay valid.
    parts: list[tuple[str, str]] = []
    if found.get("year"):
        parts.append(("year", str(new.year)))
    if found.get("mm"):
        parts.append(("mm", f"{new.month:02d}"))
    else:
        month_name = match.group("month")
        names = _RU_MONTHS if month_name.lower() in _RU_MONTHS else _EN_MONTHS
        parts.append(("month", _same_style(names[new.month - 1], month_name)))
    if found.get("suffix"):
        parts.append(("suffix", _ordinal_suffix(new.day)))
    day = match.group("day")
    padded = len(day) == 2 and (day.startswith("0") or bool(found.get("mm")))
    parts.append(("day", f"{new.day:02d}" if padded else str(new.day)))
    if found.get("weekday"):
        parts.append(("weekday", _same_style(_EN_DAYS[new.weekday()], found["weekday"])))
    start = match.start(0)
    for name, value in sorted(parts, key=lambda p: match.start(p[0]), reverse=True):
        a, b = match.start(name) - start, match.end(name) - start
        text = text[:a] + value + text[b:]
    return text


def shift_dates(text: str, days: int, default_year: int) -> str:
    """Every date written in ``text`` moved by ``days``; dates without a year are taken in
    ``default_year`` (the letter's own)."""
    if days == 0:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: _shift_match(m, days, default_year), text)
    return text


def redate(raw: bytes, now: datetime) -> bytes:
    """The letter as if it had been written at ``now`` (in its own ``Date:``'s zone).

    A letter without a readable ``Date:`` is returned unchanged."""
    head_end = min((i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0), default=-1)
    found = _DATE_FIELD.search(raw, 0, len(raw) if head_end < 0 else head_end)
    if found is None:
        return raw
    try:
        written = parsedate_to_datetime(found.group("value").decode("ascii", "replace"))
    except (TypeError, ValueError):
        return raw
    if written.tzinfo is None:
        return raw
    local_now = now.astimezone(written.tzinfo).replace(microsecond=0)
    days = (local_now.date() - written.date()).days
    text = raw.decode("utf-8", "surrogateescape")
    start, end = found.span()
    before = shift_dates(text[:start], days, written.year)
    after = shift_dates(text[end:], days, written.year)
    dated = before + "Date: " + format_datetime(local_now) + after
    return dated.encode("utf-8", "surrogateescape")
