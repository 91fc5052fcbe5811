"""The letter's event time: resolved for the notification, and never taken for a deadline."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.mail.model import Address, ParsedMail

MON = "2026-11-23T10:15:00+03:00"  # Monday


def _analysis(body: str, subject: str = "Hello", date: str = MON) -> Analysis:
    mail = ParsedMail(
        subject=subject,
        sender=Address(name="Ivan", email="ivan@acme.io"),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat(date),
        text=body,
        text_source="plain",
    )
    return analyze(mail, AnalysisContext(timezone="Europe/Moscow"))


def _event(body: str, **kw: str) -> str | None:
    event = _analysis(body, **kw).event_time
    if event is None:
        return None
    assert event.at.tzinfo is not None and event.evidence[0].source == "event"
    return event.at.strftime("%Y-%m-%dT%H:%M" if event.has_time else "%Y-%m-%d")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Let's have a call tomorrow at 3pm.", "2026-11-24T15:00"),
        ("Созвон завтра в 11:00, ссылку пришлю.", "2026-11-24T11:00"),
        ("The meeting is on Thursday at 10:00:\nMeeting ID: 123", "2026-11-26T10:00"),
        ("В субботу собираемся у бабушки, приезжай к 18:00.", "2026-11-28T18:00"),
        ("Вебинар пройдёт 3 декабря в 19:00 по Москве.", "2026-12-03T19:00"),
        ("The sync is at 9 am ET on Wednesday.", "2026-11-25T17:00"),
    ],
)
def test_a_relative_or_dated_meeting_time_resolves_to_an_event_time(
    body: str, expected: str
) -> None:
    assert _event(body) == expected


def test_an_event_time_is_not_a_deadline_and_a_deadline_is_not_an_event_time() -> None:
    result = _analysis("The call is on Thursday at 10:00. Send me the slides by Wednesday.")
    assert result.event_time is not None
    assert result.event_time.at.strftime("%a %H:%M") == "Thu 10:00"
    assert result.deadline is not None and result.deadline.at.strftime("%a") == "Wed"


@pytest.mark.parametrize(
    "body",
    [
        "Please send me the report by Thursday at 10:00.",
        "Thanks for the call yesterday, it was useful.",
        "We met on 20 November at 10:00 and agreed on the plan.",
    ],
)
def test_no_event_time_without_an_upcoming_event(body: str) -> None:
    assert _event(body) is None


def test_a_meeting_time_in_the_quoted_earlier_letter_is_no_event_time() -> None:
    body = (
        "Sounds good, thanks!\n\n"
        "On Mon, 23 Nov 2026 at 09:00, Anna <anna@acme.io> wrote:\n"
        "> Let's have a call tomorrow at 3pm.\n"
    )
    assert _event(body) is None
