"""The letter's own new text: the newest author's words, apart from quotes, forwarded parts,
signatures, footers and legal boilerplate (body.own_text, body.own_words)."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared_lib.analysis.body import own_text, own_words
from shared_lib.mail.model import Address, ParsedMail

NEW = "Can we move the review to Friday?"


@pytest.mark.parametrize(
    "tail",
    [
        "On Mon, 23 Nov 2026 at 16:02, Anna <anna@acme.io> wrote:\n> Review on Thursday.",
        "23 нояб. 2026 г., в 16:02, Анна <anna@acme.ru>:\n> Ревью в четверг.",
        "Анна Иванова пишет:\n> Ревью в четверг.",
        "-----Original Message-----\nFrom: Anna\nSent: Monday\nSubject: Review",
        "From: Anna Smith <anna@acme.io>\nSent: Monday, November 23, 2026 4:02 PM\nTo: Alex",
        "От: Анна <anna@acme.ru>\nОтправлено: 23 ноября 2026 г. 16:02\nКому: Алекс",
        "---------- Forwarded message ---------\nFrom: Anna <anna@acme.io>",
        "Begin forwarded message:\n\nFrom: Anna <anna@acme.io>",
    ],
)
def test_reply_headers_and_forward_markers_end_the_own_text(tail: str) -> None:
    split = own_words(_mail(f"{NEW}\n\n{tail}"))
    assert split.own == NEW
    assert split.quoted.startswith(tail.split("\n")[0])


def test_quoted_lines_are_not_own_text_but_are_the_quoted_remainder() -> None:
    split = own_words(_mail(f"> Review on Thursday?\n{NEW}"))
    assert split.own == NEW
    assert split.quoted == "> Review on Thursday?"


@pytest.mark.parametrize(
    "tail",
    [
        "Best regards,\nAnna",
        "All the best,\nAnna\n12 Elm Street, Springfield",
        "Have a great weekend!\nAnna",
        "Хорошего дня!\nАнна, ул. Ленина, д. 5",
        "До связи,\nАнна",
        "С уважением,\nАнна Иванова",
        "--\nAnna Smith\nHead of Sales",
        "Anna Smith\nHead of Operations, Acme Labs\nFriedrichstraße 68, 10117 Berlin\n"
        "+49 30 555 1234",
        "Иван Петров\nруководитель отдела\nтел. +7 495 123-45-67",
        "- The Acme team\nAcme Inc., 500 Main St, Austin, TX 78701",
        "Unsubscribe: https://acme.example/u?x=1",
        "You received this email because you signed up at acme.example.",
        "This e-mail is confidential and intended solely for the addressee.",
        "ООО «Ромашка», 123456, г. Москва, ул. Ленина, д. 1",
    ],
)
def test_signatures_footers_and_legal_boilerplate_are_not_own_text(tail: str) -> None:
    assert own_text(f"{NEW}\n\n{tail}") == NEW


def test_a_pickup_address_block_at_the_end_stays_own_text() -> None:
    body = f"{NEW}\n\nПункт выдачи «Полка»\nг. Москва, ул. Ленина, д. 5\nтел. +7 495 123-45-67"
    assert "ул. Ленина, д. 5" in own_text(body)


def test_own_words_of_a_letter_without_quotes_has_an_empty_remainder() -> None:
    split = own_words(_mail(NEW))
    assert (split.own, split.quoted) == (NEW, "")


def _mail(body: str) -> ParsedMail:
    return ParsedMail(
        subject="Review",
        sender=Address(name="Anna Smith", email="anna@acme.io"),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat("2026-11-23T18:00:00+03:00"),
        text=body,
    )


def test_what_a_separator_joins_to_a_footer_phrase_is_footer() -> None:
    body = f"{NEW}\nTrailhead Outfitters, 400 Pine Street, Seattle | Unsubscribe | Privacy"
    assert own_text(body) == NEW


def test_an_html_letters_footer_and_quote_are_not_own_text() -> None:
    from shared_lib.mail.parse import parse_message

    raw = (
        b"From: Shop <news@shop.example>\nTo: a@gmail.com\nSubject: Order\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0300\nMIME-Version: 1.0\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><body><p>Your order is ready for pickup at 12 Baker Street.</p>"
        b'<p style="font-size:10px">Shop, 1 Main Street, Leeds | '
        b'<a href="https://shop.example/u">Unsubscribe</a></p>'
        b'<div class="gmail_quote">On Sun, 22 Nov 2026 at 09:00, Alex &lt;a@gmail.com&gt; '
        b"wrote:<blockquote>Meet at 5 Oak Road?</blockquote></div></body></html>"
    )
    split = own_words(parse_message(raw))
    assert split.own == "Your order is ready for pickup at 12 Baker Street."
    assert "5 Oak Road" in split.quoted


@pytest.mark.parametrize(
    "body",
    [
        NEW,
        f"{NEW}\n\nOn Mon, 23 Nov 2026 at 16:02, Anna <anna@acme.io> wrote:\n> At 5 Oak Road.",
        f"{NEW}\n\n---------- Forwarded message ---------\nFrom: Anna <anna@acme.io>",
        f"{NEW}\r\n\r\nOn Mon, 23 Nov 2026 at 16:02, Anna <anna@acme.io> wrote:\r\n> Review.",
    ],
)
def test_the_quote_is_looked_for_once_per_letter_for_own_text_and_quote_start(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared_lib.analysis import body as body_module
    from shared_lib.analysis.letter import prepare

    expected = (own_text(body, "Anna Smith"), body_module.reply_quote_start(body))
    calls = []
    search = body_module._quote_line
    monkeypatch.setattr(body_module, "_quote_line", lambda lines: calls.append(1) or search(lines))
    letter = prepare(_mail(body), "UTC")
    assert (letter.own, letter.quote_at) == expected
    assert len(calls) == (2 if "\r" in body else 1)  # "\r": offsets in the text as given


@pytest.mark.parametrize(
    "header",
    [
        "From: Anna Smith [mailto:anna@acme.io]\nSent: Monday, November 23, 2026 4:02 PM",
        "________________________________\nFrom: Anna Smith <anna@acme.io>\nSent: Monday",
        "----- Original Message -----\nFrom: Anna\nSent: Monday",
        "пт, 27 нояб. 2026 г. в 10:15, Анна Иванова <anna@acme.ru>:",
        '27.11.2026, 10:15, "Анна Иванова" <anna@acme.ru>:',
        "On Fri, Nov 27, 2026 at 10:15 AM Anna Smith <\nanna@acme.io> wrote:",
        "Le ven. 27 nov. 2026 à 10:15, Anna <anna@acme.fr> a écrit :",
        "El vie, 27 nov 2026 a las 10:15, Anna (<anna@acme.es>) escribió:",
        "Am Fr., 27. Nov. 2026 um 10:15 Uhr schrieb Anna <anna@acme.de>:",
    ],
)
def test_a_quote_header_in_any_mail_client_or_language_ends_the_own_text(header: str) -> None:
    body = f"{NEW}\n\n{header}\n\n> Review on Thursday at 5 Oak Road."
    assert own_text(body, "Alex") == NEW


@pytest.mark.parametrize(
    "signature",
    [
        "Sent from my iPhone",
        "Sent from Mail for Windows",
        "Sent from Yahoo Mail for iPhone",
        "Get Outlook for iOS",
        "Отправлено из мобильной Почты Mail.ru",
        "Отправлено с iPhone",
        "BR,\nAnna",
        "Спасибо заранее!\nАнна",
        "Заранее благодарю,\nАнна",
        "Удачи!\nАнна",
        "Thanks in advance,\nAnna",
    ],
)
def test_a_mobile_signature_or_a_closing_line_starts_the_signature(signature: str) -> None:
    assert own_text(f"{NEW}\n\n{signature}", "") == NEW


@pytest.mark.parametrize(
    "footer",
    [
        "Confidentiality: This email and any attachments are confidential.",
        "The information contained in this email is confidential and may be privileged.",
        "Информация в этом сообщении конфиденциальна и предназначена только для адресата.",
        "Данное электронное письмо и вложения к нему являются конфиденциальными.",
        "To stop receiving these emails, click here.",
        "If you no longer wish to receive these emails, update your settings.",
        "Чтобы отписаться от рассылки, нажмите здесь.",
        "Если вы не хотите получать наши письма, измените настройки.",
    ],
)
def test_a_footer_phrase_takes_its_whole_sentence_with_it(footer: str) -> None:
    assert own_text(f"{NEW}\n\n{footer}\n\nAcme Labs, 500 Main St, Austin") == NEW


def test_a_please_do_not_print_line_is_not_own_text() -> None:
    body = f"{NEW}\nPlease consider the environment before printing this email."
    assert own_text(body) == NEW


def test_sentences_before_a_footer_phrase_on_its_line_stay() -> None:
    body = "Your parcel waits at 12 Baker Street. To unsubscribe, click here."
    assert own_text(body) == "Your parcel waits at 12 Baker Street."


@pytest.mark.parametrize(
    "signature",
    [
        "Анна Иванова\nменеджер проектов, ООО «Ромашка»\nг. Москва, ул. Ленина, д. 1, офис 5",
        "Иванова Анна Сергеевна\nг. Москва, ул. Ленина, д. 1",
    ],
)
def test_a_russian_full_name_block_at_the_end_is_a_signature_whoever_sent_it(
    signature: str,
) -> None:
    new = "Сможем перенести ревью на пятницу?"
    assert own_text(f"{new}\n\n{signature}", "Acme Support") == new


@pytest.mark.parametrize(
    "body",
    [
        "Встречаемся в кафе.\n\nКафе Пушкин\nТверской бульвар, д. 26",
        "Let's meet here:\n\nCafe Pushkin\n26 Tverskoy Blvd, Moscow",
        "Заберите посылку.\n\nПункт выдачи «Полка»\nул. Ленина, д. 5",
    ],
)
def test_a_venue_block_at_the_end_is_not_taken_for_a_signature(body: str) -> None:
    assert own_text(body, "Anna Smith") == body
