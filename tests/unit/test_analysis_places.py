"""Places: addresses, rooms, stations and meeting links — and none where there are none."""

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


def test_a_room_on_the_address_line_is_part_of_that_one_place() -> None:
    places = _places("Адрес: г. Москва, ул. Тверская, д. 7, 2 этаж, переговорная 301.")
    assert _texts(places) == ["г. Москва, ул. Тверская, д. 7, 2 этаж, переговорная 301"]
    assert [p.kind for p in places] == ["address"]
    assert places[0].evidence[0].text == places[0].text


def test_a_room_in_another_sentence_is_a_place_of_its_own() -> None:
    places = _places("Офис: ул. Тверская, д. 7. Встречаемся в переговорной 301.")
    assert _texts(places) == ["ул. Тверская, д. 7", "переговорной 301"]
    assert [p.kind for p in places] == ["address", "room"]


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


@pytest.mark.parametrize(
    "body",
    [
        "Конференция пройдёт в Казани в марте.",
        "I'll be in London next week, let's catch up.",
    ],
)
def test_a_city_alone_is_not_a_place(body: str) -> None:
    assert _places(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Your order has shipped.\n\nThanks for shopping with us!\n"
        "Paper Goods, 88 Rope Lane, Bristol BS1 6QR, UK",
        "Заказ ждёт вас в пункте выдачи.\n\nООО «Ромашка», 123456, г. Москва, ул. Ленина, д. 1",
        "We could not charge your card.\n\n- The Acme team\n"
        "Acme Inc., 500 Main St, Austin, TX 78701",
        "Everything is 40% off until Sunday.\n\nShop Ltd, 400 Pine Street, Seattle\n"
        "Unsubscribe: https://shop.example/unsubscribe",
    ],
)
def test_a_company_address_in_the_footer_or_signature_is_not_a_place(body: str) -> None:
    assert _places(body, subject="Order") == []


def test_a_sign_in_alerts_approximate_location_is_not_a_place() -> None:
    body = (
        "Someone signed in to your account.\n\nDevice: Linux, Firefox\n"
        "Location: Lima, Peru (approximate)\nIP address: 203.0.113.9"
    )
    assert _places(body, subject="New sign-in") == []


def test_an_invitation_address_with_a_postcode_is_still_a_place() -> None:
    body = (
        "Your booking is confirmed.\n\nHotel Lumen\n5 Rue Cler, 75007 Paris\nCheck-in from 15:00."
    )
    assert "5 Rue Cler" in " ".join(_texts(_places(body, subject="Booking")))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Давай в кофейне на Покровке, 17, часов в шесть.", "Покровке, 17"),
        ("Встречаемся у бабушки на Октябрьской, 21, как всегда.", "Октябрьской, 21"),
        ("Офис теперь на Арбате, 10.", "Арбате, 10"),
    ],
)
def test_a_street_named_in_the_locative_without_its_type_is_a_place(
    body: str, expected: str
) -> None:
    assert expected in _texts(_places(body))


@pytest.mark.parametrize(
    "body",
    [
        "Отчёт на Пятнице, 12 страниц, посмотри.",
        "Созвон на Неделе, 15 минут.",
        "Встреча на Октябрьской, 21 декабря.",
        "Поговорим на Совете, 3 вопроса.",
    ],
)
def test_a_capitalised_word_after_na_that_is_no_street_is_no_place(body: str) -> None:
    assert _places(body) == []


def test_letters_without_a_street_candidate_do_not_load_the_morphology() -> None:
    from shared_lib.analysis import morphology as morph

    morph._analyzer.cache_clear()
    _places("Let's meet in room 4.12 after lunch. Встреча в переговорной 301.")
    assert morph._analyzer.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Jazz night on Saturday at Harbor Lights Hall, doors at 7.", "Harbor Lights Hall"),
        ("Good news: the Lakeside Pavilion has the big hall free.", "Lakeside Pavilion"),
        ("Dinner at the Blue Door Bistro on Friday?", "Blue Door Bistro"),
    ],
)
def test_a_venue_named_with_its_kind_is_a_place(body: str, expected: str) -> None:
    assert expected in _texts(_places(body, subject="Plans"))


@pytest.mark.parametrize(
    "body",
    [
        "Questions? Visit the Help Center or write to us.",
        "Manage your devices at the Security Center.",
        "Thanks for the great party at our place.",
    ],
)
def test_a_services_help_pages_are_no_venue(body: str) -> None:
    assert _places(body, subject="Account") == []


def test_a_meeting_link_in_the_quoted_earlier_letter_is_not_a_place() -> None:
    body = (
        "Thanks, the notes are attached.\n\n"
        "On Mon, 23 Nov 2026 at 09:00, Anna <anna@acme.io> wrote:\n"
        "> Join here: https://zoom.us/j/123456789\n"
    )
    assert _places(body, links=("https://zoom.us/j/123456789",), subject="Re: Sync") == []


def test_a_meeting_link_in_a_forwarded_invitation_is_a_place() -> None:
    body = (
        "FYI, please join.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Anna <anna@acme.io>\n"
        "Join here: https://zoom.us/j/123456789\n"
    )
    assert [p.text for p in _places(body, subject="Fwd: Sync")] == ["Zoom"]


def test_a_teams_invitation_framed_by_rules_is_the_letters_own() -> None:
    rule = "_" * 60
    body = (
        f"See you on Tuesday.\n\n{rule}\nJoin Microsoft Teams meeting:\n"
        f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc\n{rule}\n"
    )
    assert [p.text for p in _places(body, subject="Review")] == ["Microsoft Teams"]


def test_a_last_sentence_naming_an_address_with_a_postcode_is_not_a_footer() -> None:
    body = "Your parcel is ready for pickup at the Post Office, 15 High Street, Cambridge CB2 1TN."
    assert _texts(_places(body, subject="Parcel")) == ["15 High Street"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Встречаемся на Тверском бульваре, 26А в 19:00.", "Тверском бульваре, 26А"),
        ("Заберите заказ по адресу ул. Ленина, 5.", "ул. Ленина, 5"),
    ],
)
def test_an_inflected_street_type_and_a_house_number_ending_the_sentence_are_read(
    body: str, expected: str
) -> None:
    assert _texts(_places(body)) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "Поезд отправляется с Ленинградского вокзала в 23:55.",
        "Встречу тебя у Ленинградского вокзала.",
        "Отправление: Ленинградский вокзал, 23:55.",
    ],
)
def test_a_station_named_in_any_case_is_shown_in_the_nominative(body: str) -> None:
    assert _texts(_places(body, subject="Поезд")) == ["Ленинградский вокзал"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Departure: London Heathrow (LHR), Terminal 5, 10:40",
            "London Heathrow (LHR), Terminal 5",
        ),
        ("Вылет: Москва, Шереметьево (SVO), терминал B", "Шереметьево (SVO), терминал B"),
        ("Arrival: Berlin Brandenburg (BER)", "Berlin Brandenburg (BER)"),
    ],
)
def test_an_airport_named_with_its_code_on_a_departure_line_is_a_place(
    body: str, expected: str
) -> None:
    assert _texts(_places(body, subject="Flight")) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "Check-in is open for your flight SU 100 Moscow (SVO) - Berlin (BER) on Friday.",
        "See the Report (PDF) attached before the departure.",
    ],
)
def test_a_route_between_cities_or_a_file_type_is_no_airport(body: str) -> None:
    assert _places(body, subject="Flight") == []


def test_a_sentence_naming_an_address_with_commas_and_a_postcode_is_no_postal_footer() -> None:
    body = "The workshop is at WeWork, 25 Old Broad Street, London EC2N 1HQ."
    assert _texts(_places(body, subject="Workshop")) == ["25 Old Broad Street"]


def test_a_room_right_before_the_address_on_its_line_is_one_place_with_it() -> None:
    body = "Interview at 10:00, Building 4, Room 210, 500 Oracle Parkway."
    assert _texts(_places(body, subject="Interview")) == ["Room 210, 500 Oracle Parkway"]


@pytest.mark.parametrize(
    "body",
    [
        "Вы запросили новый пароль в онлайн-кинотеатре «Кинозал+».",
        "Спасибо за заказ в интернет-магазине «Полка»!",
        "Откройте раздел «Настройки» в приложении.",
    ],
)
def test_an_online_service_or_a_section_named_in_quotes_is_no_venue(body: str) -> None:
    assert _places(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("We'll be in meeting room 'Everest', 3rd floor.", "meeting room 'Everest'"),
        ("We'll be in the ‘Everest’ room, no: in room ‘Fuji’.", "room ‘Fuji’"),
        ("Meet me at 350 5th Ave, New York, NY 10118.", "350 5th Ave"),
        ("The clinic moved to 41 W 72nd Street.", "41 W 72nd Street"),
    ],
)
def test_a_room_in_single_quotes_and_a_numbered_avenue_are_places(body: str, expected: str) -> None:
    assert expected in _texts(_places(body, subject="Meeting"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Встреча у метро Чистые пруды, выход 2.", "метро Чистые пруды"),
        ("Встречаемся у метро Охотный ряд в семь.", "метро Охотный ряд"),
        ("Жду у метро Парк культуры.", "метро Парк культуры"),
        ("Жду у метро Сокол завтра.", "метро Сокол"),
        ("У метро Арбатская встретимся.", "метро Арбатская"),
    ],
)
def test_a_station_name_goes_on_in_lower_case_only_where_morphology_reads_one_name(
    body: str, expected: str
) -> None:
    assert _texts(_places(body)) == [expected]


@pytest.mark.parametrize(
    "footer",
    [
        "Acme Inc. · 500 Main Street · Austin, TX 78701",
        "Acme Labs | 500 Main Street | Austin",
        "Acme Labs GmbH\nFriedrichstraße 68\n10117 Berlin",
        "ООО «Ромашка»\n123456, г. Москва, ул. Ленина, д. 1",
        "This email was sent to alex@gmail.com by Acme Labs, 500 Main Street, Austin.",
    ],
)
def test_a_senders_postal_footer_in_any_layout_is_not_a_place(footer: str) -> None:
    body = f"Your weekly report is ready. Open the dashboard to see it.\n\n{footer}"
    assert _places(body, subject="Weekly report") == []


def test_a_venue_block_after_a_booking_stays_a_place() -> None:
    body = "Your table is booked for Friday at 19:00.\n\nBistro Lumen\n5 Rue Cler, 75007 Paris"
    assert "5 Rue Cler" in " ".join(_texts(_places(body, subject="Booking")))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Папа встретит вас на станции Малаховка в 11 часов.", "станции Малаховка"),
        ("Поезд уходит с платформы Лосиноостровская.", "платформы Лосиноостровская"),
        ("Приём там же: ул. Новослободская, 14/19, стр. 1.", "ул. Новослободская, 14/19"),
    ],
)
def test_a_railway_station_and_a_corner_house_number_are_read(body: str, expected: str) -> None:
    assert expected in " ".join(_texts(_places(body)))


def test_a_labelled_place_wrapped_onto_the_next_line_is_one_place() -> None:
    body = (
        "Место: Отдел по вопросам миграции ОМВД России по району Хамовники,\n"
        "г. Москва, ул. Усачёва, д. 8, окно 5\n\nВозьмите паспорт."
    )
    texts = _texts(_places(body, subject="Приглашение на приём"))
    assert len(texts) == 1 and "ул. Усачёва, д. 8" in texts[0]


def test_the_departure_airport_is_a_place_and_the_arrival_airport_is_not() -> None:
    body = (
        "Check-in is now open.\n\n  AY1332  Mon 14 Dec 2026\n"
        "  London Heathrow (LHR), Terminal 3   dep 10:40\n"
        "  Helsinki (HEL), Terminal 2          arr 15:35\n"
    )
    assert _texts(_places(body, subject="Check-in")) == ["London Heathrow (LHR), Terminal 3"]


def test_a_banks_legal_name_line_ending_with_a_full_stop_keeps_its_address_a_footer() -> None:
    body = (
        "Если это были не вы, позвоните нам.\n\n"
        "АО «ТБанк», лицензия Банка России № 2673.\n"
        "127287, г. Москва, ул. 2-я Хуторская, д. 38А, стр. 26"
    )
    assert _places(body, subject="Вход с нового устройства") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Оттуда пешком до Фабрики на Ниношвили, 8 - там пообедаем.", ["Ниношвили, 8"]),
        ("Офис теперь на Пушкина, 10, третий этаж.", ["Пушкина, 10"]),
        ("Я был на Иванова, 3 раза за неделю.", []),
    ],
)
def test_a_street_named_after_a_person_after_na_is_a_place(body: str, expected: list) -> None:
    assert _texts(_places(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Your parcel is now waiting for you at:\n\n  Mount Pleasant Delivery Office, "
            "Phoenix Place, London WC1X 0DL\n  Opening hours: Mon-Fri 07:00-20:00",
            "Phoenix Place",
        ),
        ("Посылка ждёт вас по адресу:\nПочтовое отделение 101000, Мясницкая, 26", "Мясницкая"),
    ],
)
def test_the_line_after_at_colon_is_the_place(body: str, expected: str) -> None:
    assert expected in " ".join(_texts(_places(body, subject="Parcel")))


def test_a_time_after_at_colon_is_no_place() -> None:
    assert _places("The parcel was scanned at:\n12:45 today.", subject="Parcel") == []


def test_a_forwarded_bookings_stated_address_is_a_place_and_its_recalled_prose_is_not() -> None:
    booking = (
        "fyi - booked the Lisbon place, confirmation below.\n\n"
        "---------- Forwarded message ---------\nFrom: Casa do Rio <res@casa.example>\n"
        "Date: Thu, Nov 19, 2026 at 4:40 PM\nSubject: Reservation confirmed\n\n"
        "Your reservation is confirmed.\n\nAddress: Rua dos Fanqueiros 214, 1100-232 Lisboa\n"
    )
    assert "Rua dos Fanqueiros 214" in " ".join(_texts(_places(booking, subject="Fwd: Booking")))
    complaint = (
        "Ответь им, пожалуйста, до среды.\n\n---------- Пересылаемое сообщение ---------\n"
        "От: Сергей <s@atlant.example>\nТема: Сроки\n\n"
        "На встрече у нас в офисе на Тверской, 22 мы договорились о сроках.\n"
    )
    assert _places(complaint, subject="Fwd: Сроки") == []
