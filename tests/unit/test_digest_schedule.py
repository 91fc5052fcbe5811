"""Digest slots in the user's own time zone, across DST changes."""

from datetime import UTC, datetime

import pytest

from shared_lib.digest.schedule import next_digest_at, previous_slot, schedule_fields
from shared_lib.models import DigestSchedule

DAILY_9 = DigestSchedule(mode="daily", at="09:00")
HOURLY = DigestSchedule(mode="hourly")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        ("Europe/Moscow", utc(2026, 11, 2, 5, 0), utc(2026, 11, 2, 6, 0)),  # 08:00 MSK
        ("Europe/Moscow", utc(2026, 11, 2, 6, 0), utc(2026, 11, 3, 6, 0)),  # at 09:00: tomorrow
        ("America/New_York", utc(2026, 10, 30, 14, 0), utc(2026, 10, 31, 13, 0)),  # EDT
        ("America/New_York", utc(2026, 10, 31, 14, 0), utc(2026, 11, 1, 14, 0)),  # EST from Nov 1
        ("UTC", utc(2026, 11, 2, 8, 59), utc(2026, 11, 2, 9, 0)),
    ],
)
def test_daily_digest_is_at_local_nine_in_the_users_zone(zone, now, expected):
    assert next_digest_at(DAILY_9, zone, now) == expected


def test_time_repeated_by_the_fall_back_is_served_once():
    schedule = DigestSchedule(mode="daily", at="01:30")
    first = next_digest_at(schedule, "America/New_York", utc(2026, 11, 1, 5, 0))
    assert first == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first of the two
    after = next_digest_at(schedule, "America/New_York", first)
    assert after == utc(2026, 11, 2, 6, 30)  # not 01:30 EST the same night


def test_time_skipped_by_the_spring_forward_is_served_just_after_the_gap():
    schedule = DigestSchedule(mode="daily", at="02:30")
    slot = next_digest_at(schedule, "America/New_York", utc(2026, 3, 8, 5, 0))
    assert slot == utc(2026, 3, 8, 7, 30)  # 03:30 EDT


def test_hourly_digest_is_on_the_next_whole_hour():
    assert next_digest_at(HOURLY, "Asia/Tokyo", utc(2026, 11, 2, 10, 20)) == utc(2026, 11, 2, 11)
    assert next_digest_at(HOURLY, "Asia/Tokyo", utc(2026, 11, 2, 10, 0)) == utc(2026, 11, 2, 11)


def test_off_has_no_slot_and_unknown_zone_falls_back_to_utc():
    assert next_digest_at(DigestSchedule(), "Europe/Moscow", utc(2026, 11, 2)) is None
    assert next_digest_at(DAILY_9, "Mars/Olympus", utc(2026, 11, 2, 8)) == utc(2026, 11, 2, 9)


def test_first_period_of_a_daily_digest_is_the_previous_day_across_dst():
    assert previous_slot(DAILY_9, "America/New_York", utc(2026, 11, 1, 14)) == utc(2026, 10, 31, 13)
    assert previous_slot(HOURLY, "UTC", utc(2026, 11, 1, 14)) == utc(2026, 11, 1, 13)


def test_turning_digests_on_starts_the_period_now():
    now = utc(2026, 11, 2, 12)
    fields = schedule_fields({"digest": {"mode": "off"}}, now, DAILY_9, "Europe/Moscow")
    assert fields == {
        "next_digest_at": utc(2026, 11, 3, 6),
        "digest_since": now,
        "digest_floor": now,
    }


def test_changing_the_zone_moves_the_slot_and_keeps_the_period_start():
    stored = {
        "digest": DAILY_9.model_dump(),
        "timezone": "Europe/Moscow",
        "next_digest_at": utc(2026, 11, 3, 6),
    }
    fields = schedule_fields(stored, utc(2026, 11, 2, 12), timezone="America/New_York")
    assert fields == {"next_digest_at": utc(2026, 11, 2, 14)}


def test_turning_digests_off_clears_the_slot():
    stored = {"digest": HOURLY.model_dump(), "next_digest_at": utc(2026, 11, 2, 13)}
    fields = schedule_fields(stored, utc(2026, 11, 2, 12), DigestSchedule(mode="off"))
    assert fields == {"next_digest_at": None}


def test_mail_retention_is_a_setting_of_ninety_days_by_default():
    from types import SimpleNamespace

    from shared_lib.config import Settings
    from shared_lib.digest.retention import mail_retention

    assert mail_retention(Settings()).days == 90
    assert mail_retention(SimpleNamespace(mail_retention_days=30)).days == 30
    assert mail_retention(SimpleNamespace(mail_retention_days=0)).days == 1


# -- the first hour (issue #17): digests respect quiet hours -------------------------------------


def test_a_digest_due_in_quiet_hours_is_deferred_to_their_end_in_the_users_zone():
    from shared_lib.digest.schedule import deferred_by_quiet_hours
    from shared_lib.models import QuietHours

    night = QuietHours(start="23:00", end="08:00")
    lunch = QuietHours(start="13:00", end="14:00")
    moscow_0730 = datetime(2026, 11, 4, 4, 30, tzinfo=UTC)
    assert deferred_by_quiet_hours(night, "Europe/Moscow", moscow_0730) == datetime(
        2026, 11, 4, 5, 0, tzinfo=UTC
    )
    moscow_1330 = datetime(2026, 11, 4, 10, 30, tzinfo=UTC)
    assert deferred_by_quiet_hours(lunch, "Europe/Moscow", moscow_1330) == datetime(
        2026, 11, 4, 11, 0, tzinfo=UTC
    )
    assert deferred_by_quiet_hours(lunch, "Europe/Moscow", moscow_0730) is None
    assert deferred_by_quiet_hours(None, "Europe/Moscow", moscow_0730) is None
    assert deferred_by_quiet_hours(lunch, "Nowhere/Atlantis", moscow_1330) is None  # UTC 10:30
