"""Sender kind, domain and list membership; the letter's category, ru and en."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import CATEGORIES, Analysis, AnalysisContext
from shared_lib.mail.model import Address, ParsedMail


def _analyze(
    sender: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    list_id: str = "",
    list_unsubscribe: str = "",
    ctx: AnalysisContext | None = None,
) -> Analysis:
    name, email = parseaddr(sender)
    mail = ParsedMail(
        subject=subject,
        sender=Address(name=name, email=email.lower()),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat("2026-11-24T10:00:00+03:00"),
        list_id=list_id,
        list_unsubscribe=list_unsubscribe,
        headers=headers or {},
        text=body,
    )
    return analyze(mail, ctx or AnalysisContext(timezone="Europe/Moscow"))


def test_person_sender_has_name_domain_and_kind() -> None:
    sender = _analyze("Лиза Сергиенко <e.sergienko@hse.ru>", "Отчёт", "Привет!").sender
    assert (sender.name, sender.email, sender.domain, sender.kind) == (
        "Лиза Сергиенко",
        "e.sergienko@hse.ru",
        "hse.ru",
        "person",
    )


@pytest.mark.parametrize(
    ("sender", "kwargs", "kind", "evidence_source"),
    [
        ("Bank <info@bank.ru>", {"headers": {"auto-submitted": "auto-generated"}}, "automated",
         "header:Auto-Submitted"),
        ("X <x@corp.com>", {"headers": {"x-auto-response-suppress": "All"}}, "automated",
         "header:X-Auto-Response-Suppress"),
        ("Google <no-reply@accounts.google.com>", {}, "automated", "address"),
        ("GitHub <notifications@github.com>", {}, "automated", "address"),
        ("VK <admin@notify.vk.com>", {}, "automated", "address"),
        ("Shop <news@shop.ru>", {"headers": {"precedence": "bulk"}}, "mailing_list",
         "header:Precedence"),
        ("Habr <digest@habr.com>", {"list_id": "<digest.habr.com>"}, "mailing_list",
         "header:List-Id"),
        ("Lamoda <hello-team@lamoda.ru>", {"list_unsubscribe": "<https://x/unsub>"},
         "mailing_list", "header:List-Unsubscribe"),
        ("LinkedIn <notifications-noreply@linkedin.com>",
         {"list_unsubscribe": "<https://x/unsub>"}, "automated", "header:List-Unsubscribe"),
        ("Shop <hi@shop.example>", {"headers": {"x-mailchimp-campaign": "7"}}, "mailing_list",
         "header:x-mailchimp-campaign"),
        ("App <hi@app.example>", {"headers": {"feedback-id": "1:2:ses"}}, "automated",
         "header:feedback-id"),
        ("Daemon <x@mx.example>", {"headers": {"return-path": "<>"}}, "automated",
         "header:Return-Path"),
        ("Tom <tom.becker@gmail.com>", {"headers": {"x-mailer": "Apple Mail (2.3696)"}}, "person",
         None),
    ],
)  # fmt: skip
def test_sender_kind_from_headers_and_address(
    sender: str, kwargs: dict, kind: str, evidence_source: str | None
) -> None:
    info = _analyze(sender, "Hello", "Hello there.", **kwargs).sender
    assert info.kind == kind
    if evidence_source:
        assert info.evidence[0].source == evidence_source


def test_automated_message_notice_in_the_body_makes_the_sender_automated() -> None:
    body = "Your bill is ready.\nThis is an automated message; please do not reply."
    assert _analyze("Power <billing-dept@power.com>", "Bill", body).sender.kind == "automated"


def test_sender_lists_match_exact_addresses_and_domains_with_subdomains() -> None:
    ctx = AnalysisContext(
        timezone="UTC",
        sender_lists={
            "VIP": ["boss@corp.com"],
            "colleagues": ["hse.ru"],
            "family": ["@mail.ru"],
        },
    )
    assert _analyze("Boss <Boss@corp.com>", "Hi", "Hi", ctx=ctx).sender.categories == ["VIP"]
    sub = _analyze("Lisa <lisa@cs.hse.ru>", "Hi", "Hi", ctx=ctx).sender
    assert sub.categories == ["colleagues"]
    assert sub.evidence[-1].source == "list:colleagues"
    assert _analyze("Mom <mom@mail.ru>", "Hi", "Hi", ctx=ctx).sender.categories == ["family"]
    assert _analyze("X <x@nothse.ru>", "Hi", "Hi", ctx=ctx).sender.categories == []
    assert _analyze("Y <other@corp.com>", "Hi", "Hi", ctx=ctx).sender.categories == []


@pytest.mark.parametrize(
    ("sender", "subject", "body", "kwargs", "category"),
    [
        ("Лиза <e.sergienko@hse.ru>", "Отчёт по проекту", "Пришли отчёт по проекту.", {}, "work"),
        ("Mark <mark@northwind-legal.com>", "Contract", "The client needs the contract.", {},
         "work"),
        ("Никита <n.lebedev@yandex.ru>", "Созвон по диплому",
         "Созвонимся завтра, ссылка: https://telemost.yandex.ru/j/1", {}, "work"),
        ("Tom <tom.becker@gmail.com>", "Dinner on Saturday?", "Are you in?", {}, "personal"),
        ("Мама <galina@mail.ru>", "Позвони", "Позвони, как поедем к бабушке на Новый год.", {},
         "personal"),
        ("СберБанк <noreply@sberbank.ru>", "Списание по карте *1234",
         "Покупка 2 450,00 ₽ по карте MIR-1234.", {}, "finance"),
        ("AR <ar@brightlabs.co>", "Invoice INV-2291 is overdue",
         "Please arrange payment within 2 days.", {}, "finance"),
        ("РЖД <ticket@rzd.ru>", "Электронный билет", "Вагон 5, место 23. Поезд 752А.", {},
         "travel"),
        ("Hotels <noreply@bookings.example>", "Your hotel reservation",
         "Check-in from 15:00. Your reservation is confirmed.", {}, "travel"),
        ("OZON <info@sender.ozon.ru>", "Заказ ждёт вас", "Заказ доставлен в пункт выдачи.", {},
         "shopping"),
        ("Shop <orders@shop.example>", "Your order has shipped",
         "Your package is arriving Thursday.", {}, "shopping"),
        ("Lamoda <news@lamoda.ru>", "Скидки до 70%", "Чёрная пятница: скидки! Успейте!",
         {"headers": {"precedence": "bulk"}}, "promotions"),
        ("Bose <offers@email.bose.com>", "Black Friday: up to 40% off", "Shop now.",
         {"list_id": "<offers.bose.com>"}, "promotions"),
        ("LinkedIn <notifications-noreply@linkedin.com>", "Anna commented on your post",
         "Anna commented on your post.", {}, "social"),
        ("ВКонтакте <admin@notify.vk.com>", "Новое сообщение", "У вас новое сообщение.", {},
         "social"),
        ("Habr <digest@habr.com>", "Лучшие статьи недели", "Дайджест публикаций за неделю.",
         {"list_id": "<digest.habr.com>"}, "newsletters"),
        ("Tech <newsletter@tech.example>", "Weekly digest", "This week: top stories.",
         {"list_id": "<weekly.tech.example>"}, "newsletters"),
        ("GitHub <notifications@github.com>", "Run failed: CI", "All jobs have failed.",
         {"list_id": "<repo.github.com>"}, "notifications"),
        ("Госуслуги <no-reply@gosuslugi.ru>", "Статус заявления изменён",
         "Статус вашего заявления изменён.", {}, "notifications"),
        ("Яндекс ID <noreply@id.yandex.ru>", "Вход в аккаунт с нового устройства",
         "Выполнен вход в аккаунт. Смените пароль.", {}, "security"),
        ("Google <no-reply@accounts.google.com>", "Security alert",
         "A new sign-in on Windows.", {}, "security"),
    ],
)  # fmt: skip
def test_category_ru_and_en(sender: str, subject: str, body: str, kwargs: dict, category: str):
    result = _analyze(sender, subject, body, **kwargs)
    assert result.category == category
    assert result.category_evidence, "a category keeps the evidence that produced it"


def test_every_category_is_one_of_the_models_categories() -> None:
    result = _analyze("Someone <someone@unknown.example>", "", "")
    assert result.category in CATEGORIES


def test_a_users_list_named_family_makes_a_letter_personal() -> None:
    ctx = AnalysisContext(timezone="UTC", sender_lists={"family": ["petrov.org"]})
    result = _analyze("Oleg <oleg@petrov.org>", "Report", "See the report.", ctx=ctx)
    assert result.category == "personal"
    assert any(e.source == "list:family" for e in result.category_evidence)


def test_a_family_display_name_makes_a_letter_personal() -> None:
    result = _analyze("Мама <mom@mail.example>", "Созвон", "Привет! Когда созвонимся?")
    assert result.category == "personal"
    assert ("sender", "Мама") in {(e.source, e.text) for e in result.category_evidence}


def test_sender_the_user_has_written_to_is_a_known_contact_with_evidence() -> None:
    ctx = AnalysisContext(timezone="Europe/Moscow", known_contacts=["anna@corp.example"])
    known = _analyze("Anna <Anna@Corp.example>", "Lunch?", "Are you free?", ctx=ctx).sender
    assert known.known_contact
    assert [e.text for e in known.evidence if e.source == "sent mail"] == ["anna@corp.example"]
    other = _analyze("Bob <bob@corp.example>", "Lunch?", "Are you free?", ctx=ctx).sender
    assert not other.known_contact and all(e.source != "sent mail" for e in other.evidence)


def test_a_tool_notifying_about_a_work_item_is_a_notification_even_with_a_comment() -> None:
    result = _analyze(
        "Трекер <tracker@tasks.acme.ru>",
        "Вам назначена задача",
        "Мария назначила вам задачу OPS-12 в проекте «Склад». Срок: пятница.\n"
        "Комментарий Марии: подготовь отчёт к ревью.",
        headers={"auto-submitted": "auto-generated"},
    )
    assert result.category == "notifications"
    assert any(ev.text in ("задач*", "проект*", "отчет*") for ev in result.category_evidence)


def test_a_letter_to_colleagues_is_work_even_about_holidays() -> None:
    result = _analyze(
        "Ольга Ким <o.kim@stroyinvest.ru>",
        "Офис в праздники",
        "Коллеги, добрый день!\n\nВ новогодние праздники офис закрыт с 1 по 8 января. "
        "С наступающим Новым годом!",
    )
    assert result.category == "work"
    assert ("greeting", "Коллеги") in [(ev.source, ev.text) for ev in result.category_evidence]


def test_a_social_networks_weekly_digest_is_social_not_a_newsletter() -> None:
    result = _analyze(
        "Linkly <digest@mail.linkly.example>",
        "Your weekly update: you appeared in 9 searches this week",
        "Your weekly network update. Who viewed your profile this week: 12 people.\n"
        "From your network: Ann posted an update (30 reactions).",
        list_id="<weekly.linkly.example>",
    )
    assert result.category == "social"


def test_a_landlords_letter_about_the_lease_is_personal() -> None:
    result = _analyze(
        "Ирина Павловна <i.pavlovna61@postbox.example>",
        "Продление договора аренды",
        "Добрый вечер! Договор аренды квартиры кончается в декабре. Коммуналка по-прежнему "
        "отдельно. Продлеваем?",
    )
    assert result.category == "personal"


def test_a_mention_in_a_trackers_issue_is_a_notification_not_social() -> None:
    result = _analyze(
        "Tracker <notify@tasks.example>",
        "Anna mentioned you in OPS-318",
        "Anna mentioned you in a comment on OPS-318 Rotate the API keys: can you take it?",
    )
    assert result.category == "notifications"
    assert "OPS-318" in [ev.text for ev in result.category_evidence]


def test_a_comment_on_the_users_photo_is_social() -> None:
    result = _analyze(
        "Friendbook <notify@friendbook.example>",
        "Anna commented on your photo",
        "Anna commented on your photo: 'Lovely view!'",
    )
    assert result.category == "social"


@pytest.mark.parametrize("local", ["appointments", "reminders", "calendar", "confirmation"])
def test_a_role_mailbox_is_a_machine_sender(local: str) -> None:
    sender = _analyze(f"Smile Dental <{local}@smiledental.example>", "Hi", "See you.").sender
    assert (sender.kind, sender.evidence[0].source) == ("automated", "address")


def test_a_card_brand_is_not_travel() -> None:
    result = _analyze(
        "Shop <orders@gearhub.example>",
        "Receipt for order 5512",
        "Order 5512 shipped. Paid with Visa ending 4242.",
    )
    assert result.category == "shopping"


@pytest.mark.parametrize(
    "return_path",
    [
        "<0100018c2f3a9b1e-6f1b2c3d-aaaa-bbbb-cccc-000000000000-000000@amazonses.com>",
        "<bounces+1234567-abcd-alex=gmail.com@em123.shop.example>",
        "<pm_bounces@pm-bounces.acme.example>",
        "<3xYzABCDEFG@doclist.bounces.google.com>",
    ],
)
def test_a_bounce_return_path_marks_a_machine_sender(return_path: str) -> None:
    sender = _analyze(
        "Anna from Acme <anna@acme.example>", "Hi", "Hello!", headers={"return-path": return_path}
    ).sender
    assert (sender.kind, sender.evidence[0].source) == ("automated", "header:Return-Path")


def test_a_persons_own_return_path_keeps_them_a_person() -> None:
    headers = {"return-path": "<anna.kim@acme.example>"}
    assert _analyze(
        "Anna <anna.kim@acme.example>", "Hi", "Hello!", headers=headers
    ).sender.kind == ("person")


@pytest.mark.parametrize("domain", ["web.de", "yahoo.co.uk", "hotmail.fr", "gmx.at", "seznam.cz"])
def test_a_public_mail_providers_mailbox_counts_as_private(domain: str) -> None:
    result = _analyze(f"Jonas <jonas.k@{domain}>", "Saturday", "Shall we meet on Saturday?")
    assert ("sender", f"free mail: {domain}") in [
        (ev.source, ev.text) for ev in result.category_evidence
    ]
    assert result.category == "personal"


def test_a_company_host_named_like_a_provider_is_not_free_mail() -> None:
    result = _analyze("Jonas <jonas@outlook.acme.com>", "Saturday", "Shall we meet on Saturday?")
    assert ("sender", "organisation: outlook.acme.com") in [
        (ev.source, ev.text) for ev in result.category_evidence
    ]


def test_an_error_trackers_new_issue_is_a_notification_not_a_newsletter() -> None:
    result = _analyze(
        "Errors <noreply@errors.example>",
        "New issue: TypeError in checkout.js",
        "A new issue was detected in project web-app: TypeError. 1,204 events in the last hour.",
    )
    assert result.category == "notifications"


def test_a_numbered_issue_from_a_list_is_a_newsletter() -> None:
    result = _analyze(
        "Data Eng <editor@dataeng.example>",
        "Issue #201: Iceberg, DuckDB and more",
        "Iceberg 2.0 lands, DuckDB tips and a long read on streaming joins.",
        list_id="<dataeng.example>",
    )
    assert (result.category, result.category_evidence[0].text) == ("newsletters", "Issue #201")


def test_a_doctors_practice_writing_through_its_booking_robot_is_personal() -> None:
    result = _analyze(
        "Клиника «Здоровье» <robot@clinic-zdorovie.example>",
        "Запись на приём",
        "Вы записаны на приём к терапевту 22.12 в 09:30. Подтвердите визит ответом на письмо.",
        headers={"auto-submitted": "auto-generated"},
    )
    assert result.sender.kind == "automated"
    assert result.category == "personal"
    assert result.category_evidence[0].text.startswith("doctor's practice")


def test_a_booking_portal_or_a_social_network_is_not_a_doctors_practice() -> None:
    portal = _analyze(
        "Запись к врачу <noreply@zapis.example>",
        "Запись",
        "Вы записаны на приём к терапевту 22.12 в 09:30.",
    )
    assert portal.category == "notifications"
    social = _analyze(
        "Friendbook <notify@friendbook.example>",
        "Dana mentioned you",
        "Dana mentioned you in a comment on 'Our hiking trip photos'.",
    )
    assert social.category == "social"


@pytest.mark.parametrize(
    "where",
    [
        "Адрес: ул. Лесная, д. 12, переговорная 4.",  # a room joined to its address
        "Встречаемся в переговорной 4.",  # a room alone
    ],
)
def test_a_colleague_inviting_to_a_room_counts_the_room_for_work(where: str) -> None:
    analysis = _analyze(
        "Олег Панов <o.panov@stroyinvest.ru>",
        "Встреча по бюджету",
        f"Добрый день! Приглашаем вас на встречу по бюджету в четверг в 15:00. {where}",
    )
    assert analysis.category == "work"
    assert ("place", "meeting link or room") in [
        (e.source, e.text) for e in analysis.category_evidence
    ]


def test_a_self_hosted_tools_notification_is_one_whatever_its_project_is_named() -> None:
    result = _analyze(
        "GitLab <gitlab@git.acme-soft.ru>",
        "billing/payment-gateway | Failed pipeline for feature/refunds | 3f9a2c17",
        "Your pipeline has failed.\n\nProject: billing / payment-gateway\nBranch: feature/refunds",
        headers={"auto-submitted": "auto-generated", "x-gitlab-pipeline-status": "failed"},
    )
    assert result.category == "notifications"
    assert any(e.source == "header:x-gitlab-pipeline-status" for e in result.category_evidence)


@pytest.mark.parametrize(
    ("sender", "subject", "body", "category"),
    [
        (
            "Mateo Silva <mateo@silvadev.pt>",
            "Re: November invoice",
            "Corrected invoice attached. Could you confirm the hours breakdown by Friday?",
            "work",
        ),
        (
            "Ольга Кравец <o.kravets@uralsoft.ru>",
            "Акт за ноябрь",
            "Без подписанного акта банк клиента не проводит оплату. Пришли скан сегодня.",
            "work",
        ),
        (
            "Accounts Receivable <ar@brightlabs.co>",
            "Invoice INV-2291 is overdue",
            "Invoice INV-2291 for €1,250.00 remains unpaid. Please arrange payment.",
            "finance",
        ),
    ],
)
def test_a_colleague_writing_about_money_is_work_unless_the_user_is_asked_to_pay(
    sender: str, subject: str, body: str, category: str
) -> None:
    assert _analyze(sender, subject, body).category == category


def test_a_webinar_announcement_from_a_list_is_a_newsletter() -> None:
    result = _analyze(
        "Acme Events <events@mail.acme.io>",
        "Live webinar on Thursday: observability basics",
        "Join our free webinar on Thursday. Register here: https://acme.io/webinar",
        list_unsubscribe="<https://acme.io/u>",
    )
    assert result.category == "newsletters"


def test_a_conference_organisers_letter_to_a_speaker_is_work_despite_hotel_and_check_in() -> None:
    result = _analyze(
        "Ines Moreira <ines@datadays.example>",
        "Your talk on 15 December - please confirm",
        "Welcome aboard as a speaker at the conference! Speaker check-in from 08:30. "
        "Please upload your slides by Friday. Hotel claims go through the portal.",
    )
    assert result.category == "work"
