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
