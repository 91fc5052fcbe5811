"""Places: addresses, rooms, stations, cities and meeting links — and none where there are none."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import AnalysisContext, Place
from shared_lib.mail.model import Address, ParsedMail


def _places(body: str, links: tuple[str, ...] = (), subject: str = "Встреча") -> list[Place]:
    mail = ParsedMail(
        subject=subject,
        sender=Address(name="Irina", email="irina@alfa-consult.ru"),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat("2026-11-23T12:00:00+03:00"),
        text=body,
        links=list(links),
    )
    return analyze(mail, AnalysisContext(timezone="Europe/Moscow")).places


def _texts(places: list[Place]) -> list[str]:
    return [p.text for p in places]


def test_russian_address_with_city_street_and_house_and_a_meeting_room() -> None:
    places = _places("Адрес: г. Москва, ул. Тверская, д. 7, переговорная 301.")
    assert _texts(places) == ["г. Москва, ул. Тверская, д. 7", "переговорная 301"]
    assert [p.kind for p in places] == ["address", "room"]
    assert places[0].evidence[0].text == "г. Москва, ул. Тверская, д. 7"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Офис на Тверская, д. 7, заходите.", "Тверская, д. 7"),
        ("Ждём вас: Ленинский проспект, д. 32, корп. 2.", "Ленинский проспект, д. 32, корп. 2"),
        ("Пункт выдачи: ул. 8 Марта, д. 14.", "ул. 8 Марта, д. 14"),
        ("We're at Luigi's, 12 Baker Street, on Saturday.", "12 Baker Street"),
        ("The office is at 221B Baker Street, London.", "221B Baker Street"),
        ("Let's meet in room 4.12 after lunch.", "room 4.12"),
        ("Собеседование в кабинете 215.", "кабинете 215"),
        ("Встречаемся в переговорной «Байкал» на 3 этаже.", "переговорной «Байкал»"),
        ("Отправление: 12 декабря, Ленинградский вокзал.", "Ленинградский вокзал"),
        ("Вылет из аэропорта Домодедово.", "аэропорта Домодедово"),
        ("Departure from Sheremetyevo, Terminal B.", "Sheremetyevo, Terminal B"),
        ("Встречаемся у метро «Парк культуры».", "метро «Парк культуры»"),
        ("Location: Hotel Adlon, Unter den Linden 77", "Hotel Adlon, Unter den Linden 77"),
        ("Конференция пройдёт в Казани в марте.", "Казани"),
        ("Конференция пройдёт в г. Самара.", "Самара"),
    ],
)
def test_named_places_are_found(body: str, expected: str) -> None:
    assert expected in _texts(_places(body))


@pytest.mark.parametrize(
    ("url", "service", "host"),
    [
        ("https://us02web.zoom.us/j/81234567890?pwd=QWERTY", "Zoom", "zoom.us"),
        ("https://meet.google.com/abc-defg-hij", "Google Meet", "meet.google.com"),
        ("https://teams.microsoft.com/l/meetup-join/19%3ameeting", "Microsoft Teams", "teams.m"),
        ("https://telemost.yandex.ru/j/12345678901234", "Яндекс Телемост", "telemost.yandex.ru"),
        ("https://meet.jit.si/telemail-sync", "Jitsi", "meet.jit.si"),
        ("https://acme.webex.com/meet/alex", "Webex", "webex.com"),
    ],
)
def test_meeting_links_are_places_named_by_service_with_the_url(
    url: str, service: str, host: str
) -> None:
    places = _places(f"Созвонимся завтра в 11:00, ссылка: {url}")
    assert [(p.kind, p.text) for p in places] == [("meeting_link", service)]
    assert places[0].url is not None and host in places[0].url


def test_meeting_link_from_the_html_links_only() -> None:
    places = _places("Join the call", links=("https://meet.google.com/xyz-abcd-efg",))
    assert places[0].url == "https://meet.google.com/xyz-abcd-efg"


def test_meeting_link_written_without_a_scheme() -> None:
    places = _places("Link: meet.google.com/abc-defg-hij")
    assert places[0].url == "https://meet.google.com/abc-defg-hij"


def test_a_service_named_without_a_link_is_still_a_meeting_place() -> None:
    assert _texts(_places("Давай завтра созвонимся в Zoom в 19:00.")) == ["Zoom"]


@pytest.mark.parametrize(
    "body",
    [
        "Привет! Как дела? Пришли, пожалуйста, отчёт до пятницы.",
        "Your package has shipped and is arriving Thursday.",
        "Вход с нового устройства: Windows, Chrome, Новосибирск.",
        "Sign-in details. IP address: 187.12.3.4",
        "Please review the attached draft and see https://github.com/acme/repo/pull/12",
        "Tomorrow's sync is at 3pm Moscow time.",
        "I'm out of the office until January 4.",
        "Договор № 15 от 10.11.2026 во вложении, 2026 г.\nЕсли будут вопросы — пишите.",
        "We use Office 365 for mail.",
    ],
)
def test_no_places_in_letters_without_any(body: str) -> None:
    assert _places(body) == []


def test_a_services_own_pages_are_not_meeting_places() -> None:
    links = ("https://zoom.us/unsubscribe?u=1", "https://zoom.us/pricing", "https://zoom.us/")
    assert _places("Product news for you.", links=links, subject="News") == []
