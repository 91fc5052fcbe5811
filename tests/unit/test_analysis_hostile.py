"""No letter can stall the analysis: each stage takes bounded time on the worst text we know at
the size of the analysis window, and no date, however absurd, makes it raise.

Each hostile text below is the worst case of one stage (a pattern retried from every position
of a long run, quantifiers that share a run of spaces, thousands of candidates). Times are CPU
seconds of this process (a loaded machine slows the wall clock, not these), with a wide margin:
on the development machine every stage takes under 0.1 s, and took 0.4-67 s before the fix.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.body import MAX_TEXT
from shared_lib.analysis.budget import Budget
from shared_lib.analysis.category import categorize
from shared_lib.analysis.deadline import find_deadline
from shared_lib.analysis.event_time import find_event_time
from shared_lib.analysis.gist import make_gist
from shared_lib.analysis.hashtags import match_hashtags
from shared_lib.analysis.letter import Letter, prepare
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.analysis.places import MAX_PLACES, find_places
from shared_lib.analysis.reply import reply_expected
from shared_lib.analysis.sender import analyse_sender
from shared_lib.mail.model import Address, ParsedMail
from shared_lib.mail.parse import parse_message
from shared_lib.models import Lang, MailRecord
from shared_lib.notification import render_text
from tests.timing import cpu_seconds

STAGE_LIMIT = 0.25  # CPU seconds for one stage on one hostile text (under 0.1 s here)
LETTER_LIMIT = 1.0  # CPU seconds to parse and analyse a whole hostile letter

CONTEXT = AnalysisContext(
    timezone="Europe/Moscow",
    user_emails=["me@example.com"],
    hashtags={"project": ["проект", "project"], "report": ["отчёт", "status report"]},
)
SENT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def fill(unit: str, head: str = "", tail: str = "", size: int = MAX_TEXT) -> str:
    """`unit` repeated between `head` and `tail`, `size` characters in all."""
    body = (unit * (size // len(unit) + 1))[: size - len(head) - len(tail)]
    return head + body + tail


# Per stage, the texts that were its worst case (and what made it slow before).
HOSTILE: dict[str, dict[str, str]] = {
    "body": {
        # `\S+\W*$` on a "link-only" line: every split of the punctuation run was tried
        "link line of punctuation": "http://" + "!" * (MAX_TEXT - 10) + " a",
        "wrapped lower-case lines": fill("a\n"),
        "quote headers": fill("1234" * 30 + "<a@" + "b" * 300 + ":\n"),
        "contact blocks": fill("Anna Smith\n+49 30 555 1234\n\n"),
        "postal lines": fill("Shop Ltd, 1 Main St, London EC1A 1BB\n"),
        "footer separators": fill("Shop, 1 Main St | ", tail="Unsubscribe"),
        "underscore rules": fill("_" * 20 + "\n"),
    },
    "places": {
        # [\w-]+ from every capital of one long hyphenated run (3.8 s in the issue)
        "house words": fill("ДОМ-"),
        # each host widened over the whole comma-joined run (1.5 s in the issue)
        "meeting links": fill("https://zoom.us/j/123456789,"),
        "terminals": fill("A-terminal-"),
        "rooms": fill("кабинет1"),
        "streets": fill("ш.1"),
        "addresses": fill("Тверская, д. 1\n"),
        "house and spaces": fill("Тверская д. 1" + " " * 50 + "\n"),
        "streets after на": fill("на Покровке, 17 "),
        "stations in any case": fill("Казанского вокзала "),
        "venues": fill("at the Grand Harbor Hall "),
        "venue words": fill("Hall "),
        "airport codes": fill("Departure: Aa Bb-Cc Dd (ABC), Terminal 1 "),
        "codes without names": fill("(ABC)"),
    },
    "event_time": {
        "event sentences": fill("Встреча завтра в 11:00. "),
        "dates in one call": fill("call on 5 May at 10:00, 6 May at 11:00, ", tail="x"),
        "days and times apart": fill("dinner on Friday and then at 7 pm ", tail="."),
    },
    "deadline": {
        # "due", "срок": three quantifiers over one run of spaces (67 s for 10,000 spaces)
        "due and spaces": "due" + " " * 3000 + fill("до 1.12 ", size=MAX_TEXT - 3003),
        "term and spaces": "срок" + " " * 3000 + fill("до 1.12 ", size=MAX_TEXT - 3004),
        "trigger words": fill("к "),
        "weekday prefixes": fill("до ближайш"),
        "calendar dates": fill("до 5 января 2027, "),
        "long sentence": fill("до 5 мая пришлите отчёт, ", tail="x"),
        "working weeks": fill("в течение 999 рабочих недель. "),
    },
    "sender": {"machine words": fill("автоматическ")},
    "reply": {"requests": fill("пожалуйста пришлите "), "questions": fill("можете? ")},
    "hashtags": {"keywords": fill("отчёт проект-")},
    "gist": {"sentences": fill("Привет. ")},
}


def mail_of(text: str, subject: str = "Hello", date: datetime | None = SENT) -> ParsedMail:
    links = [u for u in text.split(",") if u.startswith("http")][:200]
    return ParsedMail(
        subject=subject,
        sender=Address(name="Anna", email="anna@corp.example"),
        to=[Address(email="me@example.com")],
        date=date,
        text=text,
        links=links,
    )


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Compile the lazy patterns and import dateparser before anything is timed."""
    analyze(mail_of("Привет. До 5 мая пришлите отчёт, zoom.us/j/1, Тверская, д. 7."), CONTEXT)
    analyze(mail_of("Встреча на Покровке, 17, у Казанского вокзала."), CONTEXT)  # morphology
    analyze(mail_of("The call is on 5 May at 10:00."), CONTEXT)  # the English date parser


STAGES: dict[str, Callable[[Letter], Any]] = {
    "places": find_places,
    "deadline": lambda letter: find_deadline(letter, "work"),
    "event_time": lambda letter: find_event_time(letter, "work"),
    "sender": lambda letter: analyse_sender(letter, {}, ()),
    "reply": lambda letter: reply_expected(letter, analyse_sender(letter, {}, ()), ["me@x.y"]),
    "hashtags": lambda letter: match_hashtags(letter, CONTEXT.hashtags),
    "gist": make_gist,
}


def _cases(stage: str) -> list[Any]:
    return [pytest.param(text, id=name) for name, text in HOSTILE[stage].items()]


@pytest.mark.parametrize("text", _cases("body"))
def test_preparing_the_own_words_takes_bounded_time(text: str) -> None:
    assert cpu_seconds(lambda: prepare(mail_of(text), CONTEXT.timezone)) < STAGE_LIMIT


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        pytest.param(stage, text, id=f"{stage}: {name}")
        for stage in STAGES
        for name, text in HOSTILE[stage].items()
    ],
)
def test_each_stage_takes_bounded_time_on_its_worst_text(stage: str, text: str) -> None:
    letter = prepare(mail_of(text), CONTEXT.timezone)
    assert cpu_seconds(lambda: STAGES[stage](letter)) < STAGE_LIMIT


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=n) for texts in HOSTILE.values() for n, t in texts.items()]
)
def test_category_takes_bounded_time_on_every_hostile_text(text: str) -> None:
    letter = prepare(mail_of(text), CONTEXT.timezone)
    sender = analyse_sender(letter, {}, ())
    assert cpu_seconds(lambda: categorize(letter, sender, [])) < STAGE_LIMIT


def test_a_subject_of_spaces_takes_bounded_time() -> None:
    mail = mail_of("Hi", subject="aw" + " " * 990 + "x")
    assert cpu_seconds(lambda: analyze(mail, CONTEXT)) < STAGE_LIMIT


def test_a_text_naming_thousands_of_places_keeps_the_first_few() -> None:
    letter = prepare(mail_of(HOSTILE["places"]["addresses"]), CONTEXT.timezone)
    places = find_places(letter)
    assert 0 < len(places) <= MAX_PLACES


def test_a_meeting_link_among_hundreds_of_hosts_is_still_found() -> None:
    text = fill("https://zoom.us/j/123456789,")
    places = find_places(prepare(mail_of(text), CONTEXT.timezone))
    assert [p.text for p in places if p.kind == "meeting_link"] == ["Zoom"]


def test_working_days_are_counted_as_before_in_whole_weeks() -> None:
    """The count by whole weeks ends where the day-by-day count ends (Saturday + 5 → Friday)."""
    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    for days, expected in ((1, 7), (5, 11), (10, 18), (12, 22)):
        text = f"Пришлите, пожалуйста, отчёт в течение {days} рабочих дней."
        deadline = analyze(mail_of(text, date=saturday), AnalysisContext()).deadline
        assert deadline is not None
        assert deadline.at.date() == datetime(2026, 12, expected).date(), days


@pytest.mark.parametrize(
    "unit", [pytest.param(u, id=n) for texts in HOSTILE.values() for n, u in texts.items()]
)
def test_parse_and_analyse_of_a_whole_hostile_letter_takes_under_a_second(unit: str) -> None:
    body = fill(unit, size=100_000)  # the parser keeps 100,000 characters, the analysis 10,000
    raw = (
        "From: Anna <anna@corp.example>\r\nTo: me@example.com\r\nSubject: hostile\r\n"
        "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n")
    ).encode()
    assert cpu_seconds(lambda: analyze(parse_message(raw), CONTEXT)) < LETTER_LIMIT


# --- absurd dates -------------------------------------------------------------------------

# Every kind of date expression the deadline understands, each resolved against the letter's Date.
EVERY_DATE_WORD = (
    "Пришлите, пожалуйста, отчёт до завтра, до пятницы, до конца месяца, до 31.12, до 31 "
    "декабря, до 29 февраля, к 15 числа, до 18:00, послезавтра, в течение 999 рабочих недель, "
    "в течение 3 часов, в течение 5 минут. Please send it by EOD, by tomorrow 5pm, by the end "
    "of the month, by Friday, by the 31st, by December 31, by 12/31, within 999 weeks, "
    "within 24 hours. Пришлите сегодня."
)
FAR_ZONE = timezone(timedelta(hours=23, minutes=59))
FAR_WEST = timezone(-timedelta(hours=23, minutes=59))
ABSURD_DATES = {
    "year 1": datetime(1, 1, 1, tzinfo=UTC),
    "year 1, far east": datetime(1, 1, 1, 0, 0, tzinfo=FAR_ZONE),
    "year 1, far west": datetime(1, 1, 1, 23, 59, tzinfo=FAR_WEST),
    "datetime.min": datetime.min.replace(tzinfo=UTC),
    "year 9999": datetime(9999, 12, 31, 12, 0, tzinfo=UTC),
    "datetime.max": datetime.max.replace(tzinfo=UTC),
    "year 9999, far east": datetime(9999, 12, 31, 23, 59, tzinfo=FAR_ZONE),
    "year 9999, far west": datetime(9999, 12, 31, 23, 59, tzinfo=FAR_WEST),
    "year 2999, last minute": datetime(2999, 12, 30, 23, 59, tzinfo=FAR_WEST),
    "year 1900, first minute": datetime(1900, 1, 1, 0, 0, tzinfo=FAR_ZONE),
    "no zone": datetime(2026, 12, 1, 10, 0),
    "none": None,
}  # fmt: skip
USER_ZONES = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "No/Such_Zone")


@pytest.mark.parametrize("zone", USER_ZONES)
@pytest.mark.parametrize("date", [pytest.param(d, id=n) for n, d in ABSURD_DATES.items()])
def test_no_date_however_absurd_makes_the_analysis_raise(date: datetime | None, zone: str) -> None:
    mail = mail_of(EVERY_DATE_WORD, subject="Срочно: отчёт до завтра", date=date)
    analysis = analyze(mail, AnalysisContext(timezone=zone))
    if analysis.deadline is not None:  # any deadline is one a notification can show
        analysis.deadline.at.astimezone(UTC)


@pytest.mark.parametrize(
    "header",
    [
        "Fri, 31 Dec 9999 23:59:59 -2359",
        "Fri, 31 Dec 9999 23:59:59 +2359",
        "Mon, 1 Jan 0001 00:00:00 +2359",
        "Mon, 1 Jan 0001 00:00:00 -2359",
        "1 Jan 1 00:00 +9999",
        "31 Dec 99999 23:59 +0000",
        "Tue, 01 Dec 2026 10:00:00 +9960",
        "Tue, 01 Dec 2026 25:61:61 +0000",
    ],
)
def test_no_date_header_however_absurd_makes_parse_and_analysis_raise(header: str) -> None:
    raw = (
        f"From: a@b.example\r\nTo: me@example.com\r\nSubject: x\r\nDate: {header}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{EVERY_DATE_WORD}"
    ).encode()
    analyze(parse_message(raw), CONTEXT)


# --- the per-letter budget ----------------------------------------------------------------

LETTER = (
    "Добрый день! Пришлите, пожалуйста, отчёт по проекту до пятницы 18:00. "
    "Встреча в Zoom: https://zoom.us/j/123456789"
)


class Ticks:
    """A clock that advances one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_a_letter_within_its_budget_is_analysed_in_full() -> None:
    full = analyze(mail_of(LETTER), CONTEXT)
    budgeted = analyze(mail_of(LETTER), CONTEXT, Budget(60.0))
    assert not budgeted.partial
    assert budgeted == full
    assert full.deadline is not None and full.places and full.hashtags


def test_a_spent_budget_keeps_the_sender_and_gist_and_marks_the_analysis_partial() -> None:
    analysis = analyze(mail_of(LETTER), CONTEXT, Budget(0.0))
    assert analysis.partial
    assert analysis.sender.email == "anna@corp.example"
    assert analysis.gist.startswith("Пришлите")
    assert analysis.places == [] and analysis.deadline is None and analysis.hashtags == []


def test_a_budget_that_runs_out_midway_keeps_the_stages_done_before() -> None:
    # Ticks: read once at the start, once per check; 2.5 s lasts two checks (places, category).
    analysis = analyze(mail_of(LETTER), CONTEXT, Budget(2.5, clock=Ticks()))
    assert analysis.partial
    assert analysis.places and analysis.category == "work"
    assert analysis.deadline is None and analysis.hashtags == []


@pytest.mark.parametrize(("lang", "note"), [("en", "Analysis cut short"), ("ru", "Разбор прерван")])
def test_the_notification_of_a_partial_analysis_says_it_was_cut_short(
    lang: Lang, note: str
) -> None:
    def record(analysis: Analysis) -> MailRecord:
        return MailRecord(
            message_id="m1",
            thread_id="m1",
            account="me@example.com",
            received_at=SENT,
            subject="Отчёт",
            sender_email="anna@corp.example",
            created_at=SENT,
            expires_at=SENT,
            analysis=analysis,
        )

    partial = analyze(mail_of(LETTER), CONTEXT, Budget(0.0))
    assert note in render_text(record(partial), lang)
    assert note not in render_text(record(analyze(mail_of(LETTER), CONTEXT)), lang)


PHRASE_WORDS = ("отчёт", "проект", "договор", "встреча", "report", "status", "project")
# The most hashtags the settings accept (rules.MAX_HASHTAGS × MAX_KEYWORDS phrases of up to 100
# characters), every first stem in the body: compiling them as regexes took over a second.
MAX_TAGS = {
    f"tag{i}": [
        " ".join(f"{word}{'а' * (n % 4)}" for n, word in enumerate(PHRASE_WORDS[j % 4 :] * 3))[:100]
        + f" x{i}y{j}"
        for j in range(30)
    ]
    for i in range(50)
}


def test_the_most_hashtags_take_bounded_time_even_on_a_cold_instance() -> None:
    from shared_lib.analysis.hashtags import _first_stems, read_keywords

    letter = prepare(mail_of(fill("отчёт проекта договор встреча ")), CONTEXT.timezone)
    read_keywords.cache_clear()
    _first_stems.cache_clear()
    assert cpu_seconds(lambda: match_hashtags(letter, MAX_TAGS)) < STAGE_LIMIT
    assert cpu_seconds(lambda: match_hashtags(letter, MAX_TAGS)) < STAGE_LIMIT


def test_the_most_hashtags_stop_when_the_letters_budget_is_spent() -> None:
    from shared_lib.analysis.hashtags import read_keywords

    read_keywords.cache_clear()
    mail = mail_of(fill("отчёт проекта договор встреча "))
    started = time.process_time()
    ticks = itertools.count(0.0, 0.05)  # a clock that moves 50 ms at every look: no race
    budget = Budget(0.3, clock=lambda: next(ticks))
    analysis = analyze(mail, AnalysisContext(hashtags=MAX_TAGS), budget)
    assert time.process_time() - started < 1.0
    assert analysis.partial
    assert len(analysis.hashtags) < len(MAX_TAGS)
