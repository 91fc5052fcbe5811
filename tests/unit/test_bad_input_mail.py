"""Malformed letters: parse → analyse → decide → render never raises, stays bounded, and the
notification says what could be read. ``CORPUS`` is also delivered through the whole pipeline
by ``tests/integration/test_bad_input.py``."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from shared_lib.gmail import RawMessage
from shared_lib.gmail_sync import build_record
from shared_lib.models import Account, User
from shared_lib.notification import render_notification
from shared_lib.rules import Rules
from telemail_local.telegram_server import MAX_TEXT, plain_text_of

MAX_RECORD_BYTES = 64_000  # far below Firestore's 1 MiB document limit


@dataclass(frozen=True)
class BadLetter:
    name: str
    build: Callable[[str], bytes]  # the recipient's address → the raw letter
    expect: tuple[str, ...]  # what the notification must show of it (each unique in CORPUS)


def _head(subject: str, to: str, sender: str = "Odd Sender <odd@bad.example>") -> str:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        "Date: Wed, 25 Nov 2026 12:00:00 +0300\r\nMIME-Version: 1.0\r\n"
    )


def truncated_mime(to: str) -> bytes:
    """Cut off in the middle of its first part: no closing boundary, no end of line."""
    return (
        _head("Truncated MIME", to) + 'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nReadable beginning of a trunc"
    ).encode()


def truncated_headers(to: str) -> bytes:
    """Cut off inside the header block."""
    head = f"From: Cut Off <cutoff@bad.example>\r\nTo: {to}\r\nSubject: Cut in the head\r\n"
    return (head + "Content-Ty").encode()


def bad_base64(to: str) -> bytes:
    """A base64 text part full of characters that are not base64, beside a readable part."""
    return (
        _head("Bad base64 body", to) + 'Content-Type: multipart/alternative; boundary="A"\r\n\r\n'
        "--A\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n%%%% not *base64* at all @@@\r\n====\r\n"
        "--A\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(b"<p>Readable HTML twin</p>").decode()[:-3]  # also truncated
        + "\r\n--A--\r\n"
    ).encode()


def unknown_charsets(to: str) -> bytes:
    """Charsets no codec knows, in an encoded word and in the body."""
    return (
        _head("=?x-klingon?Q?Unknown_charset_subject?=", to)
        + "Content-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + "qapla' batlh \xff\xfe tlhIngan\r\n".encode("latin-1")


def huge_attachment(to: str) -> bytes:
    """A 20 MB attachment (27 MB as base64)."""
    data = base64.encodebytes(random.Random(7).randbytes(20_000_000))
    return (
        (
            _head("Twenty megabytes attached", to)
            + 'Content-Type: multipart/mixed; boundary="M"\r\n\r\n'
            "--M\r\nContent-Type: text/plain\r\n\r\nThe archive is attached.\r\n"
            '--M\r\nContent-Type: application/zip; name="huge-archive.zip"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode()
        + data
        + b"\r\n--M--\r\n"
    )


def megabyte_subject(to: str) -> bytes:
    """A 1 MB subject line."""
    return (_head("Megabyte subject " + "S" * 1_000_000, to) + "\r\nShort body.\r\n").encode()


def empty_letter(to: str) -> bytes:
    return b""


def no_headers(to: str) -> bytes:
    return b"\r\nNothing but a body without any header at all.\r\n"


def control_bytes(to: str) -> bytes:
    """NUL and other control bytes in the subject and body."""
    return (_head("Nul\x00and\x07bell subject", to) + "\r\nBody\x00with\x1bcontrols.\r\n").encode()


def raw_8bit_headers(to: str) -> bytes:
    """Undeclared 8-bit bytes (cp1251) in the From and Subject fields."""
    return (
        b"From: \xc8\xe2\xe0\xed <ivan@bad.example>\r\nTo: " + to.encode() + b"\r\n"
        b"Subject: \xce\xf2\xf7\xe5\xf2 8bit\r\n\r\nBody.\r\n"
    )


def deep_nesting(to: str) -> bytes:
    """Multiparts nested 300 levels deep."""
    head = _head("Nested three hundred deep", to)
    nest = "".join(
        f'Content-Type: multipart/mixed; boundary="n{i}"\r\n\r\n--n{i}\r\n' for i in range(300)
    )
    return (head + nest + "Content-Type: text/plain\r\n\r\nAt the bottom.\r\n").encode()


def html_bomb(to: str) -> bytes:
    """100,000 unclosed nested tags around one sentence."""
    html = "<div><span>" * 50_000 + "Found under the tags." + "<b>" * 1000
    return (_head("Markup bomb", to) + "Content-Type: text/html\r\n\r\n" + html).encode()


def binary_garbage(to: str) -> bytes:
    """Random bytes after a readable From line."""
    return b"From: Noise <noise@bad.example>\r\n" + random.Random(3).randbytes(200_000)


CORPUS = (
    BadLetter("truncated MIME", truncated_mime, ("Truncated MIME", "Readable beginning")),
    BadLetter("truncated headers", truncated_headers, ("Cut in the head", "cutoff@bad.example")),
    BadLetter("bad base64", bad_base64, ("Bad base64 body",)),
    BadLetter("unknown charsets", unknown_charsets, ("Unknown charset subject", "qapla")),
    BadLetter("20 MB attachment", huge_attachment, ("Twenty megabytes", "huge-archive.zip")),
    BadLetter("1 MB subject", megabyte_subject, ("Megabyte subject SSSS",)),
    BadLetter("empty letter", empty_letter, ("could not be read: empty letter",)),
    BadLetter("no headers", no_headers, ("Nothing but a body",)),
    BadLetter("control bytes", control_bytes, ("bell subject",)),
    BadLetter("raw 8-bit headers", raw_8bit_headers, ("Отчет 8bit", "ivan@bad.example")),
    BadLetter("300 nested multiparts", deep_nesting, ("Nested three hundred deep",)),
    BadLetter("markup bomb", html_bomb, ("Markup bomb", "Found under the tags")),
    BadLetter("binary garbage", binary_garbage, ("noise@bad.example",)),
)

TO = "victim@gmail.example"


def _raw(letter: BadLetter) -> RawMessage:
    return RawMessage("m1", "m1", letter.build(TO), ("INBOX",), datetime.now(UTC))


def test_corpus_expectations_are_unique_so_each_notification_identifies_its_letter():
    marks = [m for letter in CORPUS for m in letter.expect]
    assert len(marks) == len(set(marks))
    for letter in CORPUS:
        others = [o for o in CORPUS if o is not letter]
        assert not any(m in o.name for m in letter.expect for o in others)


@pytest.mark.parametrize("letter", CORPUS, ids=[letter.name for letter in CORPUS])
def test_malformed_letter_is_notified_with_what_could_be_read(letter: BadLetter):
    record = build_record(
        _raw(letter),
        Account(user_id=1, email=TO, sealed_refresh_token="x"),
        User(user_id=1, chat_id=1),
        Rules(),
        timedelta(days=90),
    )
    message = render_notification(record, 1, 1, "en")
    plain = plain_text_of(message.text)  # Telegram's own check of the HTML

    assert record.notify_state == "pending"
    assert not record.notify_reason.startswith("analysis failed"), record.notify_reason
    assert len(record.model_dump_json()) < MAX_RECORD_BYTES
    assert 0 < len(plain) <= MAX_TEXT
    for mark in letter.expect:
        assert mark in plain, (mark, plain[:300])


def test_a_letter_the_analysis_fails_on_is_still_recorded_with_its_subject_and_sender(
    monkeypatch: pytest.MonkeyPatch,
):
    import shared_lib.analysis.analyze

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("secret body text must not reach the log")

    monkeypatch.setattr(shared_lib.analysis.analyze, "analyze", broken)
    record = build_record(
        _raw(CORPUS[0]),
        Account(user_id=1, email=TO, sealed_refresh_token="x"),
        User(user_id=1, chat_id=1),
        Rules(),
        timedelta(days=90),
    )

    assert record.notify_state == "pending"
    assert record.subject == "Truncated MIME" and record.sender_email == "odd@bad.example"
    assert "ValueError" in record.notify_reason and "secret" not in record.notify_reason
