"""When a user's next digest is due: wall-clock slots in the user's own time zone.

- ``hourly``: every whole hour (UTC-aligned, which is every whole local hour in all zones with
  whole-hour offsets; the scheduler ticks on the hour).
- ``daily`` at "HH:MM": that local time every day. A time skipped by a DST jump (02:30 on a
  spring-forward night) is served at the same offset as before the jump, i.e. just after the
  gap; a time repeated by a fall-back is served once, at its first occurrence.
- ``off``: never.

A digest never comes before its slot, and never inside the user's quiet hours: a slot that
falls in them is served when they end (``deferred_by_quiet_hours``, applied when the digest is
taken, so a change of quiet hours is honoured at once).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared_lib.decide import quiet_end
from shared_lib.models import DigestSchedule, QuietHours

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
DEFAULT_DAILY_AT = "09:00"


def zone_of(timezone: str) -> ZoneInfo:
    """The user's zone; an unknown name falls back to UTC rather than stopping digests."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def deferred_by_quiet_hours(
    quiet: QuietHours | None, timezone: str, now: datetime
) -> datetime | None:
    """When a digest due at ``now`` is to come instead: the end (UTC) of the quiet hours
    ``now`` falls in; None when ``now`` is not in quiet hours."""
    if quiet is None:
        return None
    try:
        return quiet_end(quiet, zone_of(timezone).key, now.astimezone(UTC))
    except ValueError:  # unreadable quiet hours never stop digests
        return None


def daily_time(schedule: DigestSchedule) -> time:
    """The local "HH:MM" of a daily digest (09:00 when unset or unreadable)."""
    try:
        return time.fromisoformat(schedule.at or DEFAULT_DAILY_AT).replace(second=0, tzinfo=None)
    except ValueError:
        return time.fromisoformat(DEFAULT_DAILY_AT)


def next_digest_at(schedule: DigestSchedule, timezone: str, now: datetime) -> datetime | None:
    """The first digest slot strictly after ``now`` (UTC), or None when digests are off."""
    now = now.astimezone(UTC)
    if schedule.mode == "hourly":
        return now.replace(minute=0, second=0, microsecond=0) + HOUR
    if schedule.mode != "daily":
        return None
    zone, at = zone_of(timezone), daily_time(schedule)
    day = now.astimezone(zone).date() - DAY  # yesterday's slot may still lie ahead (DST, gaps)
    while True:
        slot = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if slot > now:
            return slot
        day += DAY


def previous_slot(schedule: DigestSchedule, timezone: str, slot: datetime) -> datetime:
    """The slot before ``slot``: where the very first digest's period starts."""
    if schedule.mode != "daily":
        return slot - HOUR
    zone, at = zone_of(timezone), daily_time(schedule)
    day = slot.astimezone(zone).date() - DAY
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def schedule_fields(
    user_data: dict[str, Any],
    now: datetime,
    schedule: DigestSchedule | dict[str, Any] | None = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    """The digest bookkeeping fields to write with a change of the schedule and/or time zone
    of the user whose stored document is ``user_data``: ``next_digest_at`` always, and
    ``digest_since = digest_floor = now`` when digests are turned on (digests cover letters
    stored from then on; other changes keep the period start, so no letter falls between two
    digests).

    Write them in the same update (or transaction) as the change itself.
    """
    stored = DigestSchedule.model_validate(user_data.get("digest") or {})
    was_on = stored.mode != "off" and user_data.get("next_digest_at") is not None
    new = DigestSchedule.model_validate(schedule) if schedule is not None else stored
    zone = timezone if timezone is not None else str(user_data.get("timezone") or "UTC")
    fields: dict[str, Any] = {"next_digest_at": next_digest_at(new, zone, now)}
    if fields["next_digest_at"] is not None and not was_on:
        fields["digest_since"] = fields["digest_floor"] = now
    return fields
