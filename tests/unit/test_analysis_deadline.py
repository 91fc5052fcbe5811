"""Deadlines: ru/en phrasings resolved in the user's time zone, and no false positives."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import AnalysisContext
from shared_lib.mail.model import Address, ParsedMail


def _mail(body: str, date: str, subject: str = "Вопрос", sender: str = "Ivan <ivan@acme.io>"):
    name, email = parseaddr(sender)
    return ParsedMail(
        subject=subject,
        sender=Address(name=name, email=email),
        to=[Address(name="Alex", email="alex@gmail.com")],
        date=datetime.fromisoformat(date),
        text=body,
        text_source="plain",
    )


def _deadline(body: str, date: str, tz: str = "Europe/Moscow", **kw) -> str | None:
    result = analyze(_mail(body, date, **kw), AnalysisContext(timezone=tz))
    if result.deadline is None:
        return None
    d = result.deadline
    assert d.at.tzinfo is not None
    assert d.evidence and d.evidence[0].source == "deadline"
    return d.at.strftime("%Y-%m-%dT%H:%M" if d.has_time else "%Y-%m-%d")


MON = "2026-11-23T10:15:00+03:00"  # Monday


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Пришлите, пожалуйста, отчёт до пятницы.", "2026-11-27"),
        ("Пришли отчёт до пятницы 18:00.", "2026-11-27T18:00"),
        ("Документы нужно сдать не позднее 15.12.", "2026-12-15"),
        ("Ответь завтра до 18:00, пожалуйста.", "2026-11-24T18:00"),
        ("Нужно оплатить до 5 декабря.", "2026-12-05"),
        ("Срок сдачи отчёта — 30 ноября.", "2026-11-30"),
        ("Подготовь, пожалуйста, слайды к среде.", "2026-11-25"),
        ("Жду ответа в течение двух дней.", "2026-11-25"),
        ("Оплату за ноябрь необходимо внести до 10 числа.", "2026-12-10"),
        ("Сделай, пожалуйста, до конца недели.", "2026-11-27"),
        ("Please send it by EOD tomorrow.", "2026-11-24"),
        ("Please sign and return no later than March 3.", "2027-03-03"),
        ("Please pay by December 5.", "2026-12-05"),
        ("Please reply within 2 days.", "2026-11-25"),
        ("Can you review this within an hour?", "2026-11-23T11:15"),
        ("The deadline for submissions is January 15.", "2027-01-15"),
        ("Payment due: 12/15/2026.", "2026-12-15"),
        ("RSVP by 5 p.m. Friday, please.", "2026-11-27T17:00"),
        ("Please get back to me by the 30th.", "2026-11-30"),
    ],
)
def test_deadline_phrasings_resolve_relative_to_the_letter(body: str, expected: str) -> None:
    assert _deadline(body, MON) == expected


def test_friday_from_thursday_31_december_is_first_of_january_next_year() -> None:
    assert _deadline("Занеси ключи до пятницы.", "2026-12-31T11:00:00+03:00") == "2027-01-01"


def test_yearless_date_after_new_year_resolves_to_next_year() -> None:
    assert _deadline("Please confirm by January 5.", "2026-12-20T10:00:00+00:00") == "2027-01-05"


def test_weekday_named_on_that_weekday_means_the_next_week() -> None:
    friday = "2026-11-27T09:00:00+03:00"
    assert _deadline("Пришли до пятницы, пожалуйста.", friday) == "2026-12-04"


def test_utc_late_evening_resolves_tomorrow_in_moscow_as_the_day_after() -> None:
    # 22:30 UTC on 7 Dec is 01:30 on 8 Dec in Moscow: "завтра" is the 9th there.
    late = "2026-12-07T22:30:00+00:00"
    assert _deadline("Выдай доступ до завтра 12:00.", late) == "2026-12-09T12:00"
    assert _deadline("Выдай доступ до завтра 12:00.", late, tz="UTC") == "2026-12-08T12:00"


def test_eod_today_is_the_letters_date_in_the_users_zone() -> None:
    # 23:30 in New York is already the next day in Moscow.
    late = "2026-11-24T23:30:00-05:00"
    assert _deadline("I need it by EOD today.", late, tz="America/New_York") == "2026-11-24"
    assert _deadline("I need it by EOD today.", late, tz="Europe/Moscow") == "2026-11-25"


def test_within_an_hour_keeps_the_time_in_the_users_zone() -> None:
    assert _deadline("Нужен доступ в течение часа.", "2026-11-24T11:02:00+00:00") == (
        "2026-11-24T15:02"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Пришли, пожалуйста, отчёт сегодня.", "2026-11-23"),
        ("Нужно сдать отчёт завтра.", "2026-11-24"),
        ("Please send the signed copy today.", "2026-11-23"),
        ("Could you call me tomorrow?", "2026-11-24"),
        ("Созвонимся завтра в 11:00.", None),
        ("Пришлю завтра, не переживай.", None),
        ("Надо обсудить завтра на встрече.", None),
        ("Can we meet tomorrow?", None),
    ],
)
def test_a_request_for_today_or_tomorrow_without_a_trigger_word(body: str, expected) -> None:
    assert _deadline(body, MON) == expected


def test_the_earliest_of_several_deadlines_is_kept() -> None:
    body = "Черновик пришли до среды, а финальную версию — до 5 декабря."
    assert _deadline(body, MON) == "2026-11-25"


@pytest.mark.parametrize(
    "body",
    [
        "Встреча по бюджету в четверг, 26 ноября, в 15:00.",
        "Our sync is on Friday, November 27 at 2:00 PM.",
        "Отправление поезда: 12 декабря 2026, 07:00.",
        "The invoice was due on November 15, 2026 and remains unpaid.",
        "Офис работает с 10:00 до 19:00.",
        "Встреча продлится до 17:00.",
        "I'm out of the office until December 4.",
        "Я в отпуске до понедельника.",
        "Скидки до 70% только до воскресенья!",
        "Offer valid until December 1.",
        "Спасибо! До встречи в пятницу.",
        "Сдал отчёт к сожалению поздно, извини.",
        "Revenue grew by 10.12% this quarter.",
        "Your package is arriving Thursday.",
        "Привет! Как дела? Созвонимся завтра в 11:00.",
    ],
)
def test_no_deadline_in_letters_with_plain_dates_or_no_task(body: str) -> None:
    assert _deadline(body, MON) is None


def test_a_shops_offer_ending_is_not_a_deadline() -> None:
    body = "Акция действует только до воскресенья. Успейте!"
    assert _deadline(body, MON, subject="Скидки до 70%", sender="Shop <news@shop.ru>") is None


def test_a_deadline_in_a_quoted_reply_is_not_this_letters_deadline() -> None:
    body = (
        "Готово, отправил.\n\n"
        "On Mon, Nov 23, 2026 at 9:00 AM Alex <alex@gmail.com> wrote:\n> Пришли до пятницы.\n"
    )
    assert _deadline(body, MON) is None


def test_no_deadline_without_a_letter_date() -> None:
    mail = _mail("Пришли до пятницы.", MON).model_copy(update={"date": None})
    assert analyze(mail, AnalysisContext(timezone="Europe/Moscow")).deadline is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Please sign and return it by 11 am ET tomorrow.", "2026-11-24T19:00"),
        ("Could you review it before 20:00 CET today?", "2026-11-23T22:00"),
        ("Send me the numbers by 3 pm PT on Wednesday.", "2026-11-26T02:00"),
        ("Пришлите отчёт до 12:00 UTC+5 завтра.", "2026-11-24T10:00"),
        ("Пришлите отчёт до 15:00 по Москве.", "2026-11-23T15:00"),
    ],
)
def test_a_deadline_in_another_zone_is_converted_into_the_users_zone(
    body: str, expected: str
) -> None:
    assert _deadline(body, MON) == expected


def test_the_earliest_of_deadlines_in_several_zones_counts() -> None:
    body = "Send the draft by 18:00 CET on Tuesday and the final by 9 am ET on Wednesday."
    assert _deadline(body, MON) == "2026-11-24T20:00"


def test_end_of_business_with_a_weekday_is_that_weekday() -> None:
    assert _deadline("Could you send me the figures by COB Thursday?", MON) == "2026-11-26"


def test_a_day_asked_for_keeps_the_time_given_after_it() -> None:
    body = "Could you send me your slides tomorrow at 3pm at the latest?"
    assert _deadline(body, MON) == "2026-11-24T15:00"


@pytest.mark.parametrize(
    "body",
    [
        "Booking confirmed.\nCheck-in: 10 December 2026, from 15:00\n"
        "Check-out: 13 December 2026, until 11:00",
        "Заезд с 14:00, выезд до 12:00 в день отъезда.",
        "В субботу собираемся у нас, приезжай к 18:00.",
        "The party is on Friday, come by 7 pm.",
        "Если вы уже оплатили счёт: платёж поступит к нам в течение 5 рабочих дней.",
    ],
)
def test_hotel_times_arrival_times_and_processing_times_are_no_deadline(body: str) -> None:
    assert _deadline(body, MON, subject="Info") is None


def test_a_request_before_the_date_stays_a_deadline_whatever_follows_its_clause() -> None:
    body = "Want to come? Let me know by Thursday, otherwise I'll offer the ticket to Chris."
    assert _deadline(body, MON, subject="Concert") == "2026-11-26"


def test_a_request_before_an_abbreviation_still_governs_its_within_phrase() -> None:
    body = "Заберите ноутбук, пожалуйста, в каб. 214 (2 этаж) в течение 3 рабочих дней."
    assert _deadline(body, MON, subject="Ноутбук") == "2026-11-26"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Can you review it by Wednesday 9am Pacific?", "2026-11-25T20:00"),
        ("We need your decision by Thursday, 2 pm Berlin time.", "2026-11-26T16:00"),
        ("Ответьте до 12:00 по Екатеринбургу в среду.", "2026-11-25T10:00"),
    ],
)
def test_a_zone_named_in_words_is_converted_too(body: str, expected: str) -> None:
    assert _deadline(body, MON) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Приедем к 18:00, встречай.",
        "Выезжаем к 6 утра, не проспи.",
        "Заеду за тобой к 9.",
        "Жду тебя к 8 вечера.",
        "Зайду к тебе к семи.",
    ],
)
def test_a_time_to_come_or_to_be_waited_for_in_any_verb_form_is_no_deadline(body: str) -> None:
    assert _deadline(body, MON) is None


def test_a_task_beside_a_verb_of_motion_keeps_its_deadline() -> None:
    assert _deadline("Курьер заедет к 12, отдай ему договор до 15:00.", MON) == "2026-11-23T15:00"
    assert _deadline("Жду отчёт к пятнице.", MON) == "2026-11-27"


@pytest.mark.parametrize(
    "body",
    [
        "Changed your mind? You can return unworn items free of charge within 30 days.",
        "Вы можете вернуть товар в течение 14 дней.",
    ],
)
def test_a_right_the_user_has_within_some_days_is_no_deadline(body: str) -> None:
    assert _deadline(body, MON, subject="Your order has shipped") is None


def test_a_request_if_you_can_keeps_its_deadline() -> None:
    assert _deadline("If you can return the form by Friday, great.", MON) == "2026-11-27"


def test_a_request_hard_wrapped_before_its_within_phrase_keeps_its_deadline() -> None:
    body = (
        "To keep your workspace active, please update your payment method\n"
        "within 7 days. After that, the workspace moves to the Free plan."
    )
    assert _deadline(body, MON, sender="Billing <billing@tally.example>") == "2026-11-30"
