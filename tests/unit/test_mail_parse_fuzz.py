"""parse_message on 1,000 malformed letters: it must return a bounded ParsedMail, never raise."""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from shared_lib.mail.model import ParsedMail
from shared_lib.mail.parse import (
    MAX_ADDRESSES,
    MAX_ATTACHMENTS,
    MAX_LINKS,
    MAX_SUBJECT,
    MAX_TEXT,
    parse_message,
)

SEED = 20261125
LETTERS = 1000


def seed_letters() -> list[bytes]:
    """Well-formed letters of the shapes seen in mail, built with the email package."""
    letters = []
    plain = EmailMessage()
    plain["From"] = "Ирина Котова <i.kotova@alfa-consult.ru>"
    plain["To"] = "Alex <alex@gmail.com>, Dana <dana@example.com>"
    plain["Subject"] = "Встреча по бюджету в четверг"
    plain["Date"] = format_datetime(datetime(2026, 11, 23, 9, 40, tzinfo=UTC))
    plain.set_content("Приглашаем на встречу в 15:00.\nhttps://telemost.yandex.ru/j/123\n")
    letters.append(plain.as_bytes())

    alternative = EmailMessage()
    alternative["From"] = "Shop <news@shop.example>"
    alternative["Subject"] = "Sale: up to 70% off"
    alternative["List-Unsubscribe"] = "<https://shop.example/unsub>"
    alternative.set_content("Sale ends Sunday. https://shop.example/sale\n")
    alternative.add_alternative(
        "<html><body><p>Sale <b>ends</b> Sunday</p><a href='https://shop.example/sale'>Shop</a>"
        "<script>x()</script></body></html>",
        subtype="html",
    )
    letters.append(alternative.as_bytes())

    mixed = EmailMessage()
    mixed["From"] = "=?koi8-r?B?8MXU0iDp18HOz9fJ3g==?= <piotr@rambler.ru>"
    mixed["Subject"] = "Фото"
    mixed.set_content(
        "Высылаю фото.".encode("koi8-r"), "text", "plain", cte="8bit", params={"charset": "koi8-r"}
    )
    mixed.add_attachment(b"\xff\xd8" * 500, "image", "jpeg", filename="дача.jpg")
    mixed.add_attachment(b"%PDF" * 300, "application", "pdf", filename="bilet.pdf")
    letters.append(mixed.as_bytes())

    forwarded = EmailMessage()
    forwarded["Subject"] = "Fwd: report"
    forwarded.set_content("See the attached letter.")
    forwarded.add_attachment(plain)
    letters.append(forwarded.as_bytes())

    letters.append(
        b"From: a@b.c\r\nSubject: =?windows-1251?Q?=D1=F7=B8=F2?=\r\n"
        b"Content-Type: multipart/related; boundary=rel\r\n\r\n"
        b"--rel\r\nContent-Type: text/html; charset=windows-1251\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>=D1=F7=B8=F2</p>\r\n"
        b"--rel\r\nContent-Type: image/png\r\nContent-ID: <i>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"\x89PNG" * 50)
        + b"--rel--\r\n"
    )
    return letters


GARBAGE_HEADERS = [
    b"X-Garbage: \xff\xfe\x00\x01",
    b'Content-Type: text/plain; charset="x-no-such-charset"',
    b"Content-Type: text/plain; charset=base64",
    b'Content-Type: multipart/mixed; boundary=""',
    b"Content-Type: multipart/mixed",
    b"Content-Type: message/rfc822",
    b'Content-Type: ;;;==="""',
    b"Content-Transfer-Encoding: base64",
    b"Content-Transfer-Encoding: quoted-printable",
    b"Content-Transfer-Encoding: x-uuencode",
    b"Content-Disposition: attachment; filename*0*=bogus''%ZZ%; filename*1=x",
    b"Subject: =?utf-8?B?!!!notbase64?= =?bogus?Q?=FF=FE?= =?utf-8?Q?=E2=82?=",
    b'From: "unterminated <broken@@example.com',
    b"To: ,,,;;;:::<<<>>>",
    b"Date: Mon, 99 Foo 99999 99:99:99 +9999",
    b" continuation line without a header",
    b"not a header line at all",
    b"From nobody Mon Jan 1 00:00:00 2026",
]


def mutate(raw: bytes, rng: random.Random) -> bytes:
    """One to three random damages to a letter."""
    for _ in range(rng.randint(1, 3)):
        raw = rng.choice(_MUTATIONS)(raw, rng)
    return raw


def _truncate(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randint(0, len(raw))]


def _flip_bytes(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _insert_header(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.split(b"\n")
    lines.insert(rng.randint(0, min(len(lines), 12)), rng.choice(GARBAGE_HEADERS) + b"\r")
    return b"\n".join(lines)


def _bogus_charset(raw: bytes, rng: random.Random) -> bytes:
    bogus = rng.choice([b"x-unknown", b"utf-16", b"utf-7", b"zlib", b"koi8-r", b"", b"\xff"])
    return raw.replace(b"charset=", b"charset=" + bogus + b"-", 1)


def _wrong_boundary(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b'boundary="', b'boundary="x' * rng.randint(1, 2), 1)


def _drop_boundary_lines(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.split(b"\n")
    return b"\n".join(line for line in lines if not (line.startswith(b"--") and rng.random() < 0.5))


def _nest(raw: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([2, 5, 30])
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\r\n\r\n--n%d\r\n" % (i, i)
        for i in range(depth)
    )
    return head + raw + b"".join(b"\r\n--n%d--\r\n" % i for i in reversed(range(depth)))


def _garbage_chunk(raw: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(raw))
    return raw[:at] + rng.randbytes(rng.randint(1, 2000)) + raw[at:]


def _line_ends(raw: bytes, rng: random.Random) -> bytes:
    return rng.choice(
        [raw.replace(b"\r\n", b"\n"), raw.replace(b"\n", b"\r\n"), raw.replace(b"\n", b"\r")]
    )


def _long_line(raw: bytes, rng: random.Random) -> bytes:
    filler = rng.choice([b"=?utf-8?Q?", b"a", b"<", b'"', b"(", b",", b" ", b"=", b"--"])
    return b"Subject: " + filler * rng.randint(1000, 50_000) + b"\r\n" + raw


def _no_separator(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b"\n\n", b"\n", 1).replace(b"\r\n\r\n", b"\r\n", 1)


def _bad_base64(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b"base64\n\n", b"base64\n\n!!*=QQ=", 1).replace(
        b"base64\r\n\r\n", b"base64\r\n\r\n===A", 1
    )


_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _truncate,
    _flip_bytes,
    _insert_header,
    _bogus_charset,
    _wrong_boundary,
    _drop_boundary_lines,
    _nest,
    _garbage_chunk,
    _line_ends,
    _long_line,
    _no_separator,
    _bad_base64,
]


def _check(mail: ParsedMail, raw: bytes) -> None:
    assert isinstance(mail, ParsedMail)
    assert mail.size == len(raw)
    assert len(mail.subject) <= MAX_SUBJECT
    assert len(mail.text) <= MAX_TEXT
    assert mail.text_source in ("plain", "html", "none")
    assert len(mail.links) <= MAX_LINKS
    assert len(mail.attachments) <= MAX_ATTACHMENTS
    assert all(a.size >= 0 for a in mail.attachments)
    assert max(len(mail.to), len(mail.cc), len(mail.reply_to)) <= MAX_ADDRESSES
    assert mail.date is None or mail.date.tzinfo is not None
    assert all(isinstance(d, str) and d for d in mail.defects)
    # The catch-all in parse_message is a last resort: no part of the parser itself may raise.
    assert not [d for d in mail.defects if d.startswith("letter could not be parsed")], raw[:300]
    mail.model_dump_json()  # storable: no lone surrogates or other unencodable text


def test_malformed_letters_never_raise_and_stay_bounded():
    rng = random.Random(SEED)
    seeds = seed_letters()
    started = time.perf_counter()
    for _ in range(LETTERS):
        raw = mutate(rng.choice(seeds), rng)
        _check(parse_message(raw), raw)
    assert time.perf_counter() - started < 10


def test_random_bytes_never_raise():
    rng = random.Random(SEED + 1)
    for size in (0, 1, 2, 10, 100, 1000, 10_000):
        for _ in range(20):
            raw = rng.randbytes(size)
            _check(parse_message(raw), raw)


def test_well_formed_seed_letters_parse_without_defects():
    for raw in seed_letters():
        mail = parse_message(raw)
        assert mail.text, raw[:200]
        assert mail.defects in (
            [],
            ["no From header"],
            ["no Date header"],
            ["no From header", "no Date header"],
        )


def test_parameters_in_hostile_charsets_never_raise():
    """RFC 2231 parameters whose charset is a codec that cannot decode with replacement
    (idna), is no text codec (zlib) or is unknown: the email package raises on some of them."""
    for charset in ("idna", "punycode", "utf-7", "utf-32", "zlib", "rot13", "x-bogus", "\xff"):
        value = f"{charset}''%FF%FEabc"
        for part_header in (
            f"Content-Type: text/plain; charset*={value}",
            f"Content-Type: text/plain; format*={value}",
            f"Content-Type: application/pdf; name*={value}",
            f"Content-Disposition: attachment; filename*={value}",
            f"Content-Type: text/plain; charset={charset}",
        ):
            for top in (
                f"Content-Type: multipart/mixed; boundary*={value}",
                f"Content-Type: multipart/mixed; charset={charset}",
                "Content-Type: multipart/mixed; boundary=b",
            ):
                raw = (
                    f"{top}\r\n\r\n--b\r\n{part_header}\r\n\r\n\xff\xfe body\r\n--b--\r\n"
                ).encode("utf-8", "surrogateescape")
                _check(parse_message(raw), raw)
