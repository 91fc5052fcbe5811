"""Reply expected (requests and questions, To vs Cc, machines) and urgency, ru and en."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.mail.model import Address, ParsedMail

USER = "alex@gmail.com"


def _analyze(
    body: str,
    subject: str = "Hello",
    sender: str = "Ivan Petrov <ivan@acme.io>",
    to: tuple[str, ...] = (USER,),
    cc: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    date: str = "2026-11-24T10:00:00+03:00",
    ctx: AnalysisContext | None = None,
) -> Analysis:
    name, email = parseaddr(sender)
    mail = ParsedMail(
        subject=subject,
        sender=Address(name=name, email=email),
        to=[Address(email=a) for a in to],
        cc=[Address(email=a) for a in cc],
        date=datetime.fromisoformat(date),
        headers=headers or {},
        text=body,
    )
    return analyze(mail, ctx or AnalysisContext(timezone="Europe/Moscow", user_emails=[USER]))


@pytest.mark.parametrize(
    "body",
    [
        "Пришли, пожалуйста, отчёт по проекту.",
        "Подтвердите участие до среды.",
        "Сашенька, позвони, когда сможешь.",
        "Можешь посмотреть мой PR?",
        "Как вам урожай?",
        "Can you confirm you'll make it?",
        "Please confirm by Wednesday whether you can attend.",
        "Are you in? Let me know!",
        "What do you think about the draft?",
    ],
)
def test_requests_and_questions_to_the_user_expect_a_reply(body: str) -> None:
    result = _analyze(body)
    assert result.reply_expected
    assert result.reply_evidence


@pytest.mark.parametrize(
    "body",
    [
        "Созвонимся завтра в 11:00 по диплому. До встречи!",
        "Here are the minutes from today's sync. No action needed.",
        "Высылаю договор. Отвечать на это письмо не нужно.",
        "Please find attached the signed contract.",
        "Thanks, that's all. If you have any questions, let me know.",
        "Готово. Если будут вопросы — пиши.",
    ],
)
def test_statements_and_closing_offers_expect_no_reply(body: str) -> None:
    assert not _analyze(body).reply_expected


def test_a_question_repeated_in_a_reply_subject_is_not_a_new_question() -> None:
    assert not _analyze("Great, see you there!", subject="Re: Dinner on Saturday?").reply_expected


def test_quoted_questions_are_not_asked_again() -> None:
    body = (
        "Отлично, договорились.\n\n24.11.2026, 10:00, Alex <alex@gmail.com>:\n> Сможешь завтра?\n"
    )
    assert not _analyze(body).reply_expected


@pytest.mark.parametrize(
    ("sender", "body", "headers"),
    [
        ("Bank <noreply@bank.ru>", "Оплатите счёт до 5 декабря. Есть вопросы?", {}),
        ("VK <admin@notify.vk.com>", "Иван пишет: «Ты завтра будешь на игре?»", {}),
        ("Shop <news@shop.com>", "Can you believe these prices?", {"precedence": "bulk"}),
    ],
)
def test_machines_and_mailing_lists_expect_no_reply(sender: str, body: str, headers: dict):
    assert not _analyze(body, sender=sender, headers=headers).reply_expected


def test_a_machine_that_clearly_asks_for_a_reply_expects_one() -> None:
    body = "To confirm your booking, please reply to this email with YES."
    assert _analyze(body, sender="Hotel <reservations@hotel.example>").reply_expected


def test_cc_only_letter_does_not_expect_a_reply_but_a_direct_one_does() -> None:
    body = "Can you check the numbers?"
    assert not _analyze(body, to=("team@acme.io",), cc=(USER,)).reply_expected
    assert _analyze(body, to=(USER,), cc=("boss@acme.io",)).reply_expected


def test_group_letter_expects_a_reply_only_when_asked_to_answer() -> None:
    group = ("team@acme.io",)
    assert not _analyze("Hi all, please complete the survey in Workday.", to=group).reply_expected
    assert _analyze("Коллеги, сообщите, пожалуйста, кто будет.", to=group).reply_expected


# --- urgency ---------------------------------------------------------------------------


def test_vip_sender_is_urgent_even_for_a_plain_note() -> None:
    ctx = AnalysisContext(timezone="UTC", sender_lists={"VIP": ["acme.io"]})
    result = _analyze("Just sharing the photos.", ctx=ctx)
    assert result.urgency == "urgent"
    assert result.urgency_reasons[0].source == "rule:VIP"
    assert result.sender.categories == ["VIP"]


def test_vip_list_names_come_from_the_context() -> None:
    ctx = AnalysisContext(timezone="UTC", sender_lists={"Boss": ["acme.io"]}, vip_lists=["Boss"])
    assert _analyze("FYI.", ctx=ctx).urgency == "urgent"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("СРОЧНО: упал прод", "Саша, продакшн не отвечает."),
        ("Server down", "We need you ASAP."),
        ("Invoice overdue - action required", "Please arrange payment."),
        ("Вопрос", "Перезвони как можно скорее."),
    ],
)
def test_urgency_words_make_a_letter_urgent(subject: str, body: str) -> None:
    result = _analyze(body, subject=subject)
    assert result.urgency == "urgent"
    assert result.urgency_reasons


def test_immediately_is_urgent_from_a_person_but_not_from_a_machine() -> None:
    assert _analyze("Please call me immediately.").urgency == "urgent"
    machine = _analyze(
        "Your plan change takes effect immediately.", sender="Service <noreply@service.example>"
    )
    assert machine.urgency != "urgent"


def test_not_urgent_and_for_urgent_matters_are_not_urgent() -> None:
    assert _analyze("Не срочно, но посмотри, пожалуйста, PR.").urgency == "normal"
    ooo = _analyze(
        "I'm out of the office. For urgent matters contact Dave.",
        headers={"auto-submitted": "auto-replied"},
    )
    assert ooo.urgency == "low"


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Яндекс ID <noreply@id.yandex.ru>",
            "Вход в аккаунт",
            "Выполнен вход с нового устройства.",
        ),
        ("Google <no-reply@accounts.google.com>", "Security alert", "New sign-in on Windows."),
        ("GitHub <noreply@github.com>", "Your password was changed", "Your password was changed."),
    ],
)
def test_security_alerts_are_urgent(sender: str, subject: str, body: str) -> None:
    result = _analyze(body, subject=subject, sender=sender)
    assert (result.category, result.urgency) == ("security", "urgent")


def test_deadline_within_24_hours_of_the_letter_is_urgent_later_is_not() -> None:
    assert _analyze("Please send it by EOD today.").urgency == "urgent"
    assert _analyze("Пришли до 18:00, пожалуйста.").urgency == "urgent"
    assert _analyze("Пришли отчёт до пятницы, пожалуйста.").urgency == "normal"


@pytest.mark.parametrize(
    ("sender", "subject", "body", "headers"),
    [
        ("Shop <news@shop.ru>", "Скидки до 70%", "Распродажа! Успейте!", {"precedence": "bulk"}),
        ("Digest <digest@habr.com>", "Дайджест", "Лучшие статьи недели.", {"precedence": "list"}),
        ("LinkedIn <notifications-noreply@linkedin.com>", "Anna commented on your post",
         "Anna commented on your post.", {}),
        ("Bank <noreply@sberbank.ru>", "Списание", "Покупка 450 ₽ по карте *1234.", {}),
        ("Dana <dana@acme.io>", "FYI: minutes", "For reference, the minutes. No action needed.",
         {}),
        ("Пётр <petr@rambler.ru>", "Фото с дачи", "Высылаю фотографии с дачи. Как вам урожай?",
         {}),
    ],
)  # fmt: skip
def test_promotions_newsletters_social_routine_and_fyi_are_low(
    sender: str, subject: str, body: str, headers: dict
) -> None:
    assert _analyze(body, subject=subject, sender=sender, headers=headers).urgency == "low"


def test_an_ordinary_request_or_a_meeting_is_normal_with_a_reason() -> None:
    result = _analyze("Can you review my slides when you have a moment?")
    assert (result.urgency, result.urgency_reasons[0].source) == ("normal", "rule:request")
    result = _analyze("Tomorrow's sync is at 3pm: https://us02web.zoom.us/j/812")
    assert (result.urgency, result.urgency_reasons[0].source) == ("normal", "rule:event")


def test_a_person_flagging_the_letter_high_priority_makes_it_urgent() -> None:
    assert _analyze("See the notes.", headers={"importance": "High"}).urgency == "urgent"
    assert _analyze("See the notes.", headers={"x-priority": "1 (Highest)"}).urgency == "urgent"
    assert _analyze("See the notes.", headers={"x-priority": "3 (Normal)"}).urgency != "urgent"
    shop = _analyze("Sale!", sender="Shop <news@shop.ru>", headers={"importance": "high"})
    assert shop.urgency != "urgent"


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        ("Облако <billing@cloudbox.io>", "Оплата не прошла",
         "Мы не смогли списать 990 ₽: платёж не прошёл. Обновите карту."),
        ("Водоканал <robot@vodokanal.ru>", "Квитанция",
         "За вами числится задолженность 1 200 ₽, начислены пени."),
        ("Hosting <billing@hostly.com>", "Action on your account",
         "Your payment was declined: insufficient funds on the card ending 4242."),
        ("Ads <ads@adplatform.com>", "Campaign paused", "Your campaign is over budget for May."),
    ],
)  # fmt: skip
def test_a_money_problem_is_urgent_with_its_words_as_evidence(
    sender: str, subject: str, body: str
) -> None:
    result = _analyze(body, subject=subject, sender=sender)
    assert result.urgency == "urgent"
    assert result.urgency_reasons[0].source.startswith("rule:money-problem")


def test_a_bill_that_warns_of_a_future_late_fee_is_not_a_money_problem() -> None:
    body = "Your bill of $40 is ready. Pay by the 5th of next month to avoid a late fee."
    result = _analyze(body, subject="Your bill", sender="Power <billing@power.com>")
    assert result.urgency != "urgent"


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        ("Клиника <robot@clinic-zdorovie.ru>", "Запись",
         "Вы записаны на приём к стоматологу 12 марта в 10:00."),
        ("Магазин <orders@shop.ru>", "Заказ", "Курьер привезёт ваш заказ сегодня с 18 до 22."),
        ("Shop <orders@shop.com>", "Your order", "Good news: your order is out for delivery."),
        ("Поезда <tickets@rail-tickets.ru>", "Электронный билет",
         "Спасибо за покупку! Поезд № 12, вагон 4, место 7, отправление 30.12 в 08:47."),
    ],
)  # fmt: skip
def test_an_appointment_a_delivery_arriving_or_a_ticket_from_a_machine_is_normal(
    sender: str, subject: str, body: str
) -> None:
    result = _analyze(body, subject=subject, sender=sender)
    assert result.urgency == "normal"
    assert result.urgency_reasons[0].source in ("rule:booked", "rule:booking")


def test_a_shipping_update_or_a_reminder_from_a_machine_stays_low() -> None:
    shop = "Shop <orders@shop.com>"
    shipped = _analyze("Your order has shipped. Track it here.", "Shipped", shop)
    assert shipped.urgency == "low"
    reminder = _analyze("Reminder: the sync starts at 10:00.", "Reminder", "Cal <noreply@cal.com>")
    assert reminder.urgency == "low"


@pytest.mark.parametrize(
    "body",
    [
        "Ноутбук готов. Заберите его, пожалуйста, в 305 кабинете до пятницы.",
        "Your badge is ready. Please collect it at the front desk on Monday.",
        "Прошу сдать пропуск на ресепшен до конца месяца.",
    ],
)
def test_a_polite_request_to_do_something_asks_for_no_reply_but_is_a_request(body: str) -> None:
    result = _analyze(body)
    assert result.reply_expected is False
    assert result.reply_evidence[0].source == "rule:asks-to-act"
    assert result.urgency == "normal"


@pytest.mark.parametrize(
    "body",
    [
        "Посмотрите, пожалуйста, договор и пришлите правки.",
        "Please confirm the new date.",
        "Прошу сообщить номер вашего пропуска.",
        "Could you collect the badge, please?",
    ],
)
def test_a_polite_request_for_an_answer_or_an_opinion_expects_a_reply(body: str) -> None:
    assert _analyze(body).reply_expected is True


def test_let_me_know_if_anything_is_unclear_is_an_offer_not_a_request() -> None:
    result = _analyze("Attached is my invoice for November. Let me know if anything is unclear.")
    assert result.reply_expected is False
    assert _analyze("Let me know if you can make it on Friday.").reply_expected is True


def test_a_package_arriving_tomorrow_or_an_appointment_reminder_is_normal() -> None:
    shop = _analyze("Your order will arrive tomorrow 9-13.", "Order", "Shop <orders@shop.com>")
    assert (shop.urgency, shop.urgency_reasons[0].source) == ("normal", "rule:booked")
    body = "A reminder of your dental appointment on Thursday at 10:30."
    dentist = _analyze(body, "Reminder", "Dental <robot@dental.example>")
    assert (dentist.urgency, dentist.urgency_reasons[0].source) == ("normal", "rule:booked")


def test_a_persons_invoice_is_normal_even_without_a_request() -> None:
    body = "Attached is my invoice for November, EUR 1,800. Thanks for the work together."
    result = _analyze(body, subject="Invoice 114", sender="Peter <peter@novak-design.cz>")
    assert (result.category, result.urgency) == ("finance", "normal")
    assert result.urgency_reasons[0].source == "rule:category"


def test_a_finished_ride_is_a_low_receipt_but_a_ticket_is_a_normal_booking() -> None:
    ride = _analyze("Thanks for riding! Total: $23.10.", "Receipt", "R <receipts@ride.example>")
    assert ride.urgency == "low"
    body = "Your flight RX 12 departs on 3 Dec at 07:40. Check in opens 24 hours before."
    ticket = _analyze(body, "Your e-ticket", "Air <noreply@air.example>")
    assert (ticket.category, ticket.urgency) == ("travel", "normal")


@pytest.mark.parametrize(
    "body",
    [
        "Heads up: you've exceeded your Dining budget for November by $62.",
        "Внимание: превышен месячный бюджет на рекламу.",
    ],
)
def test_spending_over_a_budget_is_a_money_problem(body: str) -> None:
    result = _analyze(body, "Budget alert", "Budgets <robot@budgets.example>")
    assert result.urgency == "urgent"
    assert result.urgency_reasons[0].source.startswith("rule:money-problem")


def test_a_request_for_today_without_a_parsed_deadline_is_urgent() -> None:
    result = _analyze("We need your signature today, the client signs tomorrow morning.")
    assert result.urgency == "urgent"
    assert result.urgency_reasons[0].source == "rule:asked-for-today body"
    assert _analyze("Пришли, пожалуйста, сегодня исправленную смету.").urgency == "urgent"


def test_today_far_from_any_request_is_not_an_ask_for_today() -> None:
    body = (
        "Today we closed the quarter with a record result for the whole department and all "
        "of the partners in the region. Could you send me your notes next week?"
    )
    assert _analyze(body, "Quarter").urgency == "normal"


def test_a_friends_question_about_lunch_tomorrow_is_normal() -> None:
    result = _analyze("Are we still on for lunch tomorrow?", "lunch?", "Jen <jen.m@gmail.com>")
    assert (result.category, result.urgency) == ("personal", "normal")
    assert result.urgency_reasons[0].source == "rule:event"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Карта", "Мы заблокировали вашу карту *4421. Позвоните в банк."),
        ("Карта", "Ваша карта *4421 заблокирована."),
        ("Your card", "Your card ending 4421 has been blocked. Call us."),
        ("Sign-in", "Someone tried to sign in to your account from Lagos."),
        ("Вход", "Кто-то пытался войти в ваш аккаунт."),
    ],
)
def test_a_blocked_card_or_a_sign_in_attempt_is_an_urgent_security_letter(
    subject: str, body: str
) -> None:
    result = _analyze(body, subject=subject, sender="Bank <robot@bank-horizon.example>")
    assert (result.category, result.urgency) == ("security", "urgent")
    assert result.urgency_reasons[0].source == "rule:security"


def test_a_machine_asking_to_confirm_by_a_reply_letter_expects_a_reply() -> None:
    body = "Вы записаны на приём 3 декабря. Подтвердите запись ответным письмом."
    result = _analyze(body, "Запись", "Клиника <robot@clinic.example>")
    assert result.reply_expected is True


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        ("Портал <no-reply@portal.example>", "Штраф",
         "Вам выписан штраф 500 ₽. Оплатите со скидкой в течение двадцати дней."),
        ("Power <billing@power.example>", "Your bill", "Your bill: $84.20. Amount due next month."),
    ],
)  # fmt: skip
def test_a_bill_or_a_fine_to_pay_later_from_a_machine_is_normal(
    sender: str, subject: str, body: str
) -> None:
    result = _analyze(body, subject=subject, sender=sender)
    assert result.urgency == "normal"
    assert result.urgency_reasons[0].source in ("rule:bill", "deadline")


def test_a_card_purchase_notice_stays_a_low_routine_letter() -> None:
    body = "Покупка 2 340 ₽, магазин у дома, карта *7781. Доступно 48 120 ₽."
    result = _analyze(body, "Покупка", "Банк <noreply@bank-horizon.example>")
    assert (result.category, result.urgency) == ("finance", "low")


@pytest.mark.parametrize(
    "body",
    ["Пойдём в субботу в кино? На 19:30 есть билеты.", "Let's grab a drink on Friday, wanna?"],
)
def test_a_friends_proposal_to_do_something_together_is_normal(body: str) -> None:
    result = _analyze(body, "суббота", "Лиза <liza.k@yandex.ru>")
    assert (result.category, result.urgency) == ("personal", "normal")


@pytest.mark.parametrize(
    "body",
    [
        "Выписка за ноябрь готова. Задолженности нет, следующий платёж 5 января.",
        "Your November statement is ready. You have no overdue invoices.",
        "Кредит погашается без просрочек. Спасибо, что вы с нами.",
    ],
)
def test_a_money_problem_that_the_letter_denies_is_no_money_problem(body: str) -> None:
    result = _analyze(body, "Выписка", "Bank <statements@bank-horizon.example>")
    assert result.urgency != "urgent"


@pytest.mark.parametrize(
    ("body", "urgency"),
    [
        ("We need the signed form back by 10 am ET tomorrow.", "urgent"),
        ("We need the signed form back by 4 pm ET tomorrow.", "urgent"),
        ("We need the signed form back by 10 am ET on Thursday.", "normal"),
    ],
)
def test_a_deadline_tomorrow_in_the_writers_zone_is_urgent_past_24_hours_for_the_user(
    body: str, urgency: str
) -> None:
    # Written on Tuesday at 8:00 in New York (16:00 in Moscow): 10 am ET tomorrow is 18:00 on
    # Wednesday in Moscow, 26 hours on, 4 pm ET is 32 hours on; Thursday is not tomorrow.
    result = _analyze(body, date="2026-11-24T08:00:00-05:00")
    assert result.deadline is not None
    assert result.urgency == urgency


@pytest.mark.parametrize(
    ("body", "urgency"),
    [
        (
            "Налог к уплате: 5 368 руб., срок уплаты — не позднее 1 декабря. Если на счёте "
            "недостаточно средств, пополните его. С 2 декабря на сумму недоимки начисляются пени.",
            "normal",
        ),
        ("If your card has insufficient funds, the payment will be retried on Dec 7.", "low"),
        ("На карте недостаточно средств: платёж за подписку не прошёл.", "urgent"),
    ],
)
def test_a_money_problem_only_supposed_or_a_penalty_warned_of_is_no_money_problem(
    body: str, urgency: str
) -> None:
    result = _analyze(body, subject="Уведомление", sender="Service <noreply@service.example>")
    assert result.urgency == urgency


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ответьте, пожалуйста, на это письмо, какой вариант вам удобнее.", True),
        ("Please reply, if you can, to this email with your choice.", True),
        ("Отвечать на это письмо не нужно.", False),
        ("Не отвечайте, пожалуйста, на это письмо.", False),
    ],
)
def test_a_machine_letter_asking_for_a_reply_with_words_between_awaits_one(
    body: str, expected: bool
) -> None:
    result = _analyze(body, subject="Перенос приёма", sender="Клиника <admin@clinic.example>")
    assert result.reply_expected is expected
