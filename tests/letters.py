"""Test letters of many shapes, built with the email package (each with a unique subject)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime


def _base(subject: str, sender: tuple[str, str], to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = Address(sender[0], addr_spec=sender[1])
    msg["To"] = to
    msg["Date"] = format_datetime(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    msg["Message-ID"] = f"<{abs(hash(subject))}@test.example>"
    return msg


def plain(subject: str, to: str, body: str = "Hello, can you check this?") -> bytes:
    msg = _base(subject, ("Anna Petrova", "anna@corp.example"), to)
    msg.set_content(body)
    return msg.as_bytes()


def alternative(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Bob Stone", "bob@corp.example"), to)
    msg.set_content("Plain part: please send the report by Friday.")
    msg.add_alternative(
        "<p>HTML part: <b>please</b> send the report by Friday.</p>", subtype="html"
    )
    return msg.as_bytes()


def html_only(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Shop", "news@shop.example"), to)
    msg["List-Unsubscribe"] = "<https://shop.example/unsub>"
    msg.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Sale &amp; more</p>"
        "<script>track()</script></body></html>",
        subtype="html",
    )
    return msg.as_bytes()


def koi8r(subject: str, to: str) -> bytes:
    body = "Привет! Когда созвонимся?".encode("koi8-r")

    def word(text: str) -> str:
        return "=?koi8-r?B?" + base64.b64encode(text.encode("koi8-r")).decode() + "?="

    return (
        (
            f"From: {word('Мама')} <mom@mail.example>\r\n"
            f"To: {to}\r\nSubject: {word(subject)}\r\n"
            "Date: Wed, 25 Nov 2026 12:00:00 +0300\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode()
        + body
        + b"\r\n"
    )


def with_attachment(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Carol", "carol@corp.example"), to)
    msg.set_content("The contract is attached.")
    msg.add_attachment(
        b"%PDF-1.4 fake" * 100, maintype="application", subtype="pdf", filename="contract.pdf"
    )
    return msg.as_bytes()


def malformed(subject: str, to: str) -> bytes:
    """A multipart letter whose closing boundary is missing and whose base64 is broken."""
    return (
        f"From: Broken Sender <broken@odd.example>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        "Date: not a date at all\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
        "--XYZ\r\nContent-Type: text/plain; charset=bogus-charset\r\n\r\nReadable start\r\n"
        "--XYZ\r\nContent-Type: application/octet-stream; name=a.bin\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n@@@not base64!!!\r\n"
    ).encode()


SHAPES = (plain, alternative, html_only, koi8r, with_attachment, malformed)
