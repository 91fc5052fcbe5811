"""parse_message: one test per behaviour, on letters built here (byte literals or `email`)."""

from __future__ import annotations

import base64
import quopri
import random
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

from shared_lib.mail.model import ParsedMail
from shared_lib.mail.parse import (
    MAX_ADDRESSES,
    MAX_DEPTH,
    MAX_LINKS,
    MAX_PARSE_DEPTH,
    MAX_SUBJECT,
    MAX_TEXT,
    parse_message,
)


def b_word(text: str, charset: str) -> str:
    """An RFC 2047 B-encoded word."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def q_word(text: str, charset: str) -> str:
    """An RFC 2047 Q-encoded word, safe in a display name (only letters and digits left as is)."""
    encoded = "".join(
        chr(byte) if chr(byte).isalnum() and byte < 128 else "_" if byte == 32 else f"={byte:02X}"
        for byte in text.encode(charset)
    )
    return f"=?{charset}?Q?{encoded}?="


def letter(*headers: str, body: bytes = b"Hello.\r\n", crlf: bool = True) -> bytes:
    """A raw letter from header lines and a body (the headers are ASCII unless given 8-bit)."""
    eol = "\r\n" if crlf else "\n"
    head = eol.join(headers).encode("utf-8", "surrogateescape")
    return head + eol.encode() + eol.encode() + body


def multipart(subtype: str, boundary: str, *parts: bytes, close: bool = True) -> bytes:
    """A multipart body: each part is its raw headers + blank line + body."""
    out = b"This is a multi-part message in MIME format.\r\n"
    for part in parts:
        out += f"--{boundary}\r\n".encode() + part + b"\r\n"
    if close:
        out += f"--{boundary}--\r\n".encode()
    return out


def part(ctype: str, body: bytes, *extra: str) -> bytes:
    return "\r\n".join([f"Content-Type: {ctype}", *extra]).encode() + b"\r\n\r\n" + body


# --- headers ---------------------------------------------------------------------------------


def test_utf8_encoded_name_and_subject_in_russian_are_decoded():
    raw = letter(
        f"From: {b_word('Елизавета Сергиенко', 'utf-8')} <E.Sergienko@HSE.ru>",
        f"Subject: {b_word('Отчёт по проекту', 'utf-8')} {q_word('к пятнице', 'utf-8')}",
    )
    mail = parse_message(raw)
    assert mail.sender.name == "Елизавета Сергиенко"
    assert mail.sender.email == "e.sergienko@hse.ru"
    assert mail.sender.domain == "hse.ru"
    assert mail.subject == "Отчёт по проектук пятнице"  # whitespace between words is dropped


def test_koi8r_encoded_name_and_subject_are_decoded():
    raw = letter(
        f"From: {b_word('Пётр Иванович', 'koi8-r')} <piotr@rambler.ru>",
        f"Subject: {b_word('Фотографии с дачи', 'koi8-r')}",
    )
    mail = parse_message(raw)
    assert (mail.sender.name, mail.subject) == ("Пётр Иванович", "Фотографии с дачи")
    assert mail.defects == ["no Date header"]


def test_windows1251_quoted_printable_words_are_decoded():
    raw = letter(
        f'From: "{q_word("Бухгалтерия ООО «Ромашка»", "windows-1251")}" <buh@romashka.ru>',
        f"Subject: {q_word('Счёт №17 на оплату', 'windows-1251')}",
    )
    mail = parse_message(raw)
    assert mail.sender.name == "Бухгалтерия ООО «Ромашка»"
    assert mail.subject == "Счёт №17 на оплату"


def test_english_encoded_words_and_plain_headers_are_read():
    raw = letter(
        f"From: {q_word('Mark Feldman, Esq.', 'iso-8859-1')} <mark@legal.com>",
        "Subject: Re: =?us-ascii?Q?signed_contract?= needed =?UTF-8?B?dG9kYXk=?=",
    )
    mail = parse_message(raw)
    assert mail.sender.name == "Mark Feldman, Esq."
    assert mail.subject == "Re: signed contract needed today"


def test_comma_left_unencoded_in_an_encoded_name_does_not_split_the_address():
    mail = parse_message(letter("From: =?utf-8?Q?Feldman,_Mark?= <mark@legal.com>"))
    assert (mail.sender.name, mail.sender.email) == ("Feldman, Mark", "mark@legal.com")


def test_character_split_between_two_encoded_words_survives():
    data = "Привет".encode()
    first, second = base64.b64encode(data[:3]).decode(), base64.b64encode(data[3:]).decode()
    mail = parse_message(letter(f"Subject: =?utf-8?B?{first}?=\r\n =?utf-8?B?{second}?="))
    assert mail.subject == "Привет"
    assert not any("encoded word" in d for d in mail.defects)


def test_folded_subject_is_unfolded():
    mail = parse_message(letter("Subject: a long subject\r\n\tthat was folded\r\n  twice"))
    assert mail.subject == "a long subject that was folded twice"


def test_raw_utf8_header_is_read_without_defect():
    mail = parse_message(letter("From: Иван Петров <ivan@x.ru>", "Subject: Привет, мир"))
    assert (mail.sender.name, mail.subject) == ("Иван Петров", "Привет, мир")
    assert not any("8-bit" in d for d in mail.defects)


def test_raw_cp1251_header_is_guessed_and_noted():
    raw = b"Subject: " + "Срочно: отчёт за неделю".encode("cp1251") + b"\r\n\r\nbody\r\n"
    mail = parse_message(raw)
    assert mail.subject == "Срочно: отчёт за неделю"
    assert any("8-bit Subject" in d and "cp1251" in d for d in mail.defects)


def test_encoded_word_with_unknown_charset_is_read_and_noted():
    payload = base64.b64encode("Привет".encode()).decode()
    mail = parse_message(letter(f"Subject: =?x-bogus-charset?B?{payload}?= all"))
    assert mail.subject == "Привет all"
    assert any("x-bogus-charset" in d for d in mail.defects)


def test_address_lists_are_split_decoded_and_lowercased():
    raw = letter(
        'To: "Ivanov, Ivan" <Ivan@X.ru>, bob@example.COM (Bob B), Team: a@t.io, b@t.io;',
        f"Cc: {b_word('Дана', 'utf-8')} <dana@x.ru>, <DANA@x.ru>, undisclosed-recipients:;",
        "Reply-To: Support <help@x.ru>",
    )
    mail = parse_message(raw)
    assert [(a.name, a.email) for a in mail.to] == [
        ("Ivanov, Ivan", "ivan@x.ru"),
        ("Bob B", "bob@example.com"),
        ("", "a@t.io"),
        ("", "b@t.io"),
    ]
    assert [(a.name, a.email) for a in mail.cc] == [("Дана", "dana@x.ru")]  # duplicate dropped
    assert [(a.name, a.email) for a in mail.reply_to] == [("Support", "help@x.ru")]


def test_repeated_to_headers_are_joined():
    mail = parse_message(letter("To: a@x.ru", "To: b@x.ru"))
    assert [a.email for a in mail.to] == ["a@x.ru", "b@x.ru"]


def test_address_list_is_bounded():
    to = ", ".join(f"user{i}@example.com" for i in range(1000))
    mail = parse_message(letter(f"To: {to}"))
    assert len(mail.to) == MAX_ADDRESSES
    assert any("To list cut" in d for d in mail.defects)


def test_from_without_address_keeps_the_name_and_notes_it():
    mail = parse_message(letter("From: Just A Name"))
    assert (mail.sender.name, mail.sender.email) == ("Just A Name", "")
    assert "no address in the From header" in mail.defects


def test_date_is_timezone_aware():
    mail = parse_message(letter("Date: Mon, 23 Nov 2026 10:15:00 +0300 (MSK)"))
    assert mail.date == datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
    assert mail.date.utcoffset() == timedelta(hours=3)


def test_date_in_uncommon_form_is_read_by_the_email_package():
    mail = parse_message(letter("Date: 23 Nov 26 10:15 EST"))
    assert mail.date == datetime(2026, 11, 23, 10, 15, tzinfo=timezone(timedelta(hours=-5)))


def test_date_without_zone_is_taken_as_utc():
    mail = parse_message(letter("Date: Mon, 23 Nov 2026 10:15:00 -0000"))
    assert mail.date == datetime(2026, 11, 23, 10, 15, tzinfo=UTC)


def test_unreadable_date_is_none_with_a_defect():
    for value in ("next Tuesday", "Mon, 31 Feb 2026 10:00:00 +0300", "Mon, 1 Jan 2026 1:00 +9999"):
        mail = parse_message(letter(f"Date: {value}"))
        assert mail.date is None
        assert any(d.startswith("unreadable Date header") for d in mail.defects)


def test_list_and_message_id_headers_are_read():
    raw = letter(
        "Message-ID: <123.abc@mail.example.com>",
        "List-Id: Habr digest <digest.habr.com>",
        "List-Unsubscribe: <https://habr.com/unsub?u=1>,\r\n <mailto:unsub@habr.com>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    )
    mail = parse_message(raw)
    assert mail.message_id == "<123.abc@mail.example.com>"
    assert mail.list_id == "Habr digest <digest.habr.com>"
    assert mail.list_unsubscribe == "<https://habr.com/unsub?u=1>, <mailto:unsub@habr.com>"
    assert mail.headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"


def test_headers_that_tell_automated_mail_are_kept_lowercased_and_bounded():
    raw = letter(
        "Received: from mx.example.com by mx.google.com",
        "DKIM-Signature: v=1; a=rsa-sha256; b=AAAA",
        "AUTO-SUBMITTED: auto-generated",
        "Precedence: bulk",
        "X-Auto-Response-Suppress: All",
        "X-Mailer: Bitrix24",
        "In-Reply-To: <a@b>",
        "References: " + " ".join(f"<ref{i}@example.com>" for i in range(200)),
        "Importance: high",
        "X-Priority: 1 (Highest)",
        "Feedback-ID: 123:campaign:esp",
        "X-Campaign-Id: spring-sale",
        f"X-Autoreply: {b_word('да', 'utf-8')}",
    )
    headers = parse_message(raw).headers
    assert headers["auto-submitted"] == "auto-generated"
    assert headers["precedence"] == "bulk"
    assert headers["x-auto-response-suppress"] == "All"
    assert headers["x-mailer"] == "Bitrix24"
    assert headers["in-reply-to"] == "<a@b>"
    assert headers["importance"] == "high"
    assert headers["x-priority"] == "1 (Highest)"
    assert headers["feedback-id"] == "123:campaign:esp"
    assert headers["x-campaign-id"] == "spring-sale"
    assert headers["x-autoreply"] == "да"
    assert len(headers["references"]) == 1000
    assert "received" not in headers and "dkim-signature" not in headers


def test_one_megabyte_subject_is_bounded():
    mail = parse_message(letter("Subject: " + "Очень длинная тема " * 60_000, "From: a@b.c"))
    assert len(mail.subject) == MAX_SUBJECT
    assert mail.subject.startswith("Очень длинная тема")
    assert mail.sender.email == "a@b.c"
    assert any("subject cut" in d for d in mail.defects)


# --- body text -------------------------------------------------------------------------------


def test_multipart_alternative_prefers_plain_text():
    body = multipart(
        "alternative",
        "b1",
        part('text/plain; charset="utf-8"', "Встреча в 15:00, переговорная 301.".encode()),
        part("text/html", b"<p>HTML version <b>only</b></p>"),
    )
    mail = parse_message(letter("Content-Type: multipart/alternative; boundary=b1", body=body))
    assert mail.text == "Встреча в 15:00, переговорная 301."
    assert mail.text_source == "plain"


def test_empty_plain_alternative_gives_way_to_html():
    body = multipart(
        "alternative",
        "b1",
        part("text/plain", b"  \r\n"),
        part("text/html", b"<p>The real text.</p>"),
    )
    mail = parse_message(letter('Content-Type: multipart/alternative; boundary="b1"', body=body))
    assert (mail.text, mail.text_source) == ("The real text.", "html")


def test_stub_plain_alternative_gives_way_to_much_longer_html():
    html = "<p>" + "Your order has shipped and will arrive on Thursday. " * 10 + "</p>"
    body = multipart(
        "alternative",
        "b1",
        part("text/plain", b"Please view this email in an HTML viewer."),
        part("text/html", html.encode()),
    )
    mail = parse_message(letter("Content-Type: multipart/alternative; boundary=b1", body=body))
    assert mail.text_source == "html"
    assert mail.text.startswith("Your order has shipped")


def test_html_only_letter_gives_text_without_tags_scripts_or_styles():
    html = (
        "<html><head><title>Ignored title</title><style>p {color: red}</style>"
        "<script>var secret = 1;</script></head><body>"
        "<div>Black&nbsp;Friday &laquo;sale&raquo; &amp; more</div><p>Save <b>40%</b>"
        " today.</p>Line one<br>Line two<table><tr><td>Item</td><td>$10</td></tr></table>"
        "<!-- a comment --><script>track()</script></body></html>"
    )
    raw = letter("Content-Type: text/html; charset=utf-8", body=html.encode())
    mail = parse_message(raw)
    assert mail.text_source == "html"
    assert mail.text == "Black Friday «sale» & more\nSave 40% today.\nLine one\nLine two\nItem $10"


def test_html_charset_from_meta_tag_is_used():
    html = '<html><head><meta charset="koi8-r"></head><body>Привет</body></html>'
    raw = letter("Content-Type: text/html", body=html.encode("koi8-r"))
    assert parse_message(raw).text == "Привет"


def test_koi8r_body_is_decoded():
    text = "Высылаю фотографии с дачи, как обещал."
    raw = letter(
        'Content-Type: text/plain; charset="koi8-r"',
        "Content-Transfer-Encoding: 8bit",
        body=text.encode("koi8-r"),
    )
    mail = parse_message(raw)
    assert mail.text == text
    assert mail.defects == ["no From header", "no Date header"]


def test_windows1251_quoted_printable_body_is_decoded():
    text = "Добрый день! Счёт во вложении.\r\nС уважением, бухгалтерия"
    raw = letter(
        "Content-Type: text/plain; charset=windows-1251",
        "Content-Transfer-Encoding: quoted-printable",
        body=quopri.encodestring(text.encode("cp1251")),
    )
    assert parse_message(raw).text == text.replace("\r\n", "\n")


def test_cp866_and_iso8859_5_bodies_are_decoded():
    for charset in ("cp866", "iso-8859-5"):
        raw = letter(f"Content-Type: text/plain; charset={charset}", body="Ёжик".encode(charset))
        assert parse_message(raw).text == "Ёжик"


def test_utf16_body_is_decoded_but_a_bytes_codec_name_is_not_taken_as_a_charset():
    raw = letter("Content-Type: text/plain; charset=UTF-16", body="Ёжик".encode("utf-16"))
    assert parse_message(raw).text == "Ёжик"
    raw = letter("Content-Type: text/plain; charset=base64", body=b"0JXQttC40Lo=")
    mail = parse_message(raw)
    assert mail.text == "0JXQttC40Lo="  # not decoded as base64: "base64" is no charset
    assert any("unknown charset 'base64'" in d for d in mail.defects)


def test_unknown_charset_falls_back_to_utf8_with_a_defect():
    raw = letter("Content-Type: text/plain; charset=x-unheard-of", body="Привет".encode())
    mail = parse_message(raw)
    assert mail.text == "Привет"
    assert any("unknown charset 'x-unheard-of'" in d for d in mail.defects)


def test_wrongly_declared_utf8_body_is_read_as_windows1251():
    text = "Пожалуйста, подтвердите участие до среды."
    raw = letter("Content-Type: text/plain; charset=utf-8", body=text.encode("cp1251"))
    mail = parse_message(raw)
    assert mail.text == text
    assert any("not valid 'utf-8'; read as cp1251" in d for d in mail.defects)


def test_body_without_charset_in_koi8r_is_guessed():
    text = "Заберите заказ до пятницы, иначе он вернётся продавцу."
    raw = letter("Content-Type: text/plain", body=text.encode("koi8-r"))
    assert parse_message(raw).text == text


def test_format_flowed_text_is_unwrapped():
    body = b"This is a long line \r\nwrapped by the mailer.\r\n-- \r\nSignature"
    raw = letter('Content-Type: text/plain; format="flowed"', body=body)
    assert parse_message(raw).text == "This is a long line wrapped by the mailer.\n-- \nSignature"


def test_text_is_bounded():
    raw = letter("Content-Type: text/plain", body=b"word " * 50_000)
    mail = parse_message(raw)
    assert len(mail.text) == MAX_TEXT
    assert any("text cut" in d for d in mail.defects)


def test_letter_with_lf_line_ends_is_read_like_crlf():
    raw = letter("From: a@b.c", "Subject: LF only", body=b"Line 1\nLine 2\n", crlf=False)
    mail = parse_message(raw)
    assert (mail.subject, mail.text) == ("LF only", "Line 1\nLine 2")


def test_crlf_header_end_followed_by_a_bare_lf_line_is_found():
    mail = parse_message(b"Subject: mixed ends\r\nFrom: a@b.c\r\n\r\n\nBody after an LF line\n")
    assert (mail.subject, mail.sender.email) == ("mixed ends", "a@b.c")
    assert mail.text == "Body after an LF line"
    assert mail.defects == ["no Date header"]


def test_nested_mixed_alternative_related_letter_is_walked():
    related = multipart(
        "related",
        "rel",
        part("text/html", b'<p>See the <img src="cid:logo"> picture</p>'),
        part(
            "image/png",
            base64.b64encode(b"\x89PNG" * 10),
            "Content-Transfer-Encoding: base64",
            "Content-ID: <logo>",
            "Content-Disposition: inline",
        ),
    )
    alternative = multipart(
        "alternative",
        "alt",
        part("text/plain", b"See the picture"),
        part("multipart/related; boundary=rel", related),
    )
    mixed = multipart(
        "mixed",
        "mix",
        part("multipart/alternative; boundary=alt", alternative),
        part(
            "application/pdf; name=report.pdf",
            base64.b64encode(b"%PDF" * 100),
            "Content-Transfer-Encoding: base64",
        ),
    )
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=mix", body=mixed))
    assert (mail.text, mail.text_source) == ("See the picture", "plain")
    assert [(a.filename, a.content_type, a.size) for a in mail.attachments] == [
        ("report.pdf", "application/pdf", 400)
    ]  # the embedded logo is not an attachment
    assert mail.defects == ["no From header", "no Date header"]


def test_well_formed_letters_are_read_as_the_email_package_reads_them():
    rng = random.Random(1)
    for i in range(20):
        msg = EmailMessage()
        msg["From"] = f"Иван Петров {i} <Ivan.{i}@example.ru>"
        msg["To"] = "Alex <alex@gmail.com>, Dana Whitfield <dana@example.com>"
        msg["Subject"] = f"Отчёт №{i}: " + "очень " * rng.randint(1, 20) + "важно"
        msg["Date"] = format_datetime(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=i))
        msg.set_content("Текст письма " * rng.randint(1, 50), cte=rng.choice(["base64", "8bit"]))
        msg.add_attachment(rng.randbytes(rng.randint(0, 5000)), "application", "octet-stream",
                           filename=f"файл {i}.bin")  # fmt: skip
        raw = msg.as_bytes(policy=policy.SMTP if i % 2 else policy.default)
        expected = BytesParser(policy=policy.default).parsebytes(raw)
        mail = parse_message(raw)
        assert mail.subject == expected["subject"]
        assert mail.sender.name == expected["from"].addresses[0].display_name
        assert mail.sender.email == expected["from"].addresses[0].addr_spec.lower()
        assert [a.email for a in mail.to] == [a.addr_spec for a in expected["to"].addresses]
        assert mail.date == expected["date"].datetime
        body = expected.get_body(("plain",)).get_content()
        assert mail.text == body.strip()
        attachment = next(expected.iter_attachments())
        assert [(a.filename, a.size) for a in mail.attachments] == [
            (attachment.get_filename(), len(attachment.get_content()))
        ]
        assert mail.defects == []


# --- links -----------------------------------------------------------------------------------


def test_links_come_from_text_and_from_html_hrefs():
    body = multipart(
        "alternative",
        "b",
        part("text/plain", b"Join: https://zoom.us/j/123?pwd=x. (see https://x.org/a_(b)) end"),
        part(
            "text/html",
            b'<a href=" https://zoom.us/j/123?pwd=x">Join</a>'
            b'<a href="https://example.com/unsub?a=1&amp;b=2">unsubscribe</a>'
            b'<a href="mailto:x@y.z">mail</a><a href="/relative">rel</a>',
        ),
    )
    mail = parse_message(letter("Content-Type: multipart/alternative; boundary=b", body=body))
    assert mail.links == [
        "https://zoom.us/j/123?pwd=x",
        "https://x.org/a_(b)",
        "https://example.com/unsub?a=1&b=2",
    ]


def test_links_are_bounded():
    text = " ".join(f"https://example.com/{i}" for i in range(1000))
    mail = parse_message(letter("Content-Type: text/plain", body=text.encode()))
    assert len(mail.links) == MAX_LINKS


# --- attachments -----------------------------------------------------------------------------


def test_attachment_names_types_and_sizes_are_reported():
    pdf, doc = b"%PDF-1.4 " * 1001, b"QP text = 100%\r\n" * 10
    body = multipart(
        "mixed",
        "m",
        part("text/plain; charset=utf-8", "Счёт во вложении".encode()),
        part(
            'application/pdf; name="invoice.pdf"',
            base64.encodebytes(pdf),
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment",
        ),
        part(
            "text/plain",
            quopri.encodestring(doc),
            "Content-Transfer-Encoding: quoted-printable",
            'Content-Disposition: attachment; filename="notes.txt"',
        ),
        part("image/jpeg", b"\xff\xd8raw-bytes", "Content-Transfer-Encoding: binary"),
    )
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=m", body=body))
    assert mail.text == "Счёт во вложении"  # the text/plain attachment is not the body
    assert [(a.filename, a.content_type, a.size) for a in mail.attachments] == [
        ("invoice.pdf", "application/pdf", len(pdf)),
        ("notes.txt", "text/plain", len(doc)),
        ("", "image/jpeg", 11),
    ]


def test_rfc2231_and_rfc2047_encoded_filenames_are_decoded():
    rfc2231 = "attachment; filename*=utf-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%202026.pdf"
    continued = "attachment; filename*0*=koi8-r''%F3%DE%C5%D4; filename*1=\"-17.xlsx\""
    body = multipart(
        "mixed",
        "m",
        part("application/pdf", b"x", f"Content-Disposition: {rfc2231}"),
        part("application/vnd.ms-excel", b"x", f"Content-Disposition: {continued}"),
        part(f'application/msword; name="{b_word("Договор.docx", "windows-1251")}"', b"x"),
        part("application/zip", b"x", 'Content-Disposition: attachment; filename="C:\\tmp\\a.zip"'),
    )
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=m", body=body))
    names = [a.filename for a in mail.attachments]
    assert names == ["отчёт 2026.pdf", "Счет-17.xlsx", "Договор.docx", "a.zip"]


def test_twenty_megabyte_attachment_is_sized_without_decoding():
    payload = random.Random(3).randbytes(15 * 1024 * 1024)
    encoded = base64.encodebytes(payload)  # 76-character lines, about 20 MB
    body = multipart(
        "mixed",
        "big",
        part("text/plain", b"Archive attached."),
        part(
            "application/zip",
            encoded,
            "Content-Transfer-Encoding: base64",
            'Content-Disposition: attachment; filename="backup.zip"',
        ),
    )
    raw = letter("Subject: backup", "Content-Type: multipart/mixed; boundary=big", body=body)
    assert len(raw) > 20_000_000
    mail = parse_message(raw)
    assert mail.text == "Archive attached."
    assert [(a.filename, a.size) for a in mail.attachments] == [("backup.zip", len(payload))]
    assert mail.size == len(raw)


def test_attached_letter_is_listed_and_its_text_used_when_the_outer_has_none():
    inner = letter(f"Subject: {b_word('Пересланное', 'utf-8')}", "Content-Type: text/plain",
                   body="Текст пересланного письма".encode())  # fmt: skip
    body = multipart("mixed", "m", part("message/rfc822", inner))
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=m", body=body))
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("Пересланное.eml", "message/rfc822")
    ]
    assert mail.text == "Текст пересланного письма"


# --- broken letters --------------------------------------------------------------------------


def test_missing_closing_boundary_keeps_the_parts_and_notes_it():
    body = multipart(
        "mixed",
        "m",
        part("text/plain", b"First part text"),
        part("application/pdf; name=a.pdf", b"%PDF"),
        close=False,
    )
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=m", body=body))
    assert mail.text == "First part text"
    assert [a.filename for a in mail.attachments] == ["a.pdf"]
    assert "multipart closing boundary missing" in mail.defects


def test_wrong_boundary_is_guessed_from_the_body():
    body = multipart("mixed", "real", part("text/plain", b"Readable after all"))
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=declared", body=body))
    assert mail.text == "Readable after all"
    assert any("boundary not found" in d for d in mail.defects)


def test_multipart_without_any_boundary_is_read_as_text():
    raw = letter("Content-Type: multipart/mixed", body=b"Just some text\r\n")
    mail = parse_message(raw)
    assert mail.text == "Just some text"
    assert any("without a boundary" in d for d in mail.defects)


def test_bad_base64_body_is_read_as_far_as_possible_with_a_defect():
    good = base64.b64encode("Оплатите счёт до пятницы".encode()).decode()
    raw = letter(
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        body=(good + "QQ=!!*").encode(),
    )
    mail = parse_message(raw)
    assert mail.text.startswith("Оплатите счёт до пятницы")
    assert any("bad base64" in d for d in mail.defects)


def test_letter_cut_in_the_middle_of_a_part_keeps_what_was_read():
    body = multipart(
        "mixed",
        "m",
        part("text/plain", b"Complete text part"),
        part(
            "application/pdf; name=cut.pdf",
            base64.encodebytes(b"x" * 3000),
            "Content-Transfer-Encoding: base64",
        ),
    )
    raw = letter("Subject: cut", "Content-Type: multipart/mixed; boundary=m", body=body)
    mail = parse_message(raw[: len(raw) - 2000])
    assert (mail.subject, mail.text) == ("cut", "Complete text part")
    assert [a.filename for a in mail.attachments] == ["cut.pdf"]
    assert "multipart closing boundary missing" in mail.defects


def test_malformed_header_line_ends_the_headers():
    raw = b"Subject: ok\r\nthis line is not a header\r\nFrom: late@x.ru\r\n\r\nbody\r\n"
    mail = parse_message(raw)
    assert mail.subject == "ok"
    assert mail.sender.email == ""
    assert mail.text.startswith("this line is not a header")
    assert "a malformed header line ends the header block" in mail.defects


def test_deeply_nested_html_keeps_its_text():
    html = "<p>start</p>" + "<div>" * 3000 + "deep text" + "</div>" * 3000
    mail = parse_message(letter("Content-Type: text/html", body=html.encode()))
    assert mail.text == "start\ndeep text"


def test_empty_input_gives_an_empty_letter_with_a_defect():
    for raw in (b"", b"\r\n\r\n  \n"):
        mail = parse_message(raw)
        assert isinstance(mail, ParsedMail)
        assert (mail.subject, mail.text, mail.defects) == ("", "", ["empty letter"])


def test_binary_garbage_does_not_raise():
    garbage = random.Random(5).randbytes(100_000)
    mail = parse_message(garbage)
    assert mail.size == len(garbage)
    assert mail.defects


def test_input_that_is_not_bytes_does_not_raise():
    assert parse_message(None).defects == ["empty letter"]  # type: ignore[arg-type]
    assert parse_message(bytearray(letter("Subject: hi"))).subject == "hi"
    assert parse_message("Subject: текст\n\nbody").subject == "текст"  # type: ignore[arg-type]


# --- the email package's limits, handled ---------------------------------------------------


def test_twenty_megabyte_attachment_parses_in_bounded_memory():
    encoded = base64.encodebytes(bytes(15 * 1024 * 1024))  # about 20 MB in 76-character lines
    body = multipart(
        "mixed",
        "big",
        part("text/plain", b"Archive attached."),
        part("application/zip", encoded, "Content-Transfer-Encoding: base64"),
    )
    raw = letter("Subject: backup", "Content-Type: multipart/mixed; boundary=big", body=body)
    del encoded, body
    tracemalloc.start()
    try:
        mail = parse_message(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.size for a in mail.attachments] == [15 * 1024 * 1024]
    # The letter is fed to the parser in chunks: no whole-letter string (4 bytes a character
    # in `parsebytes`' StringIO) is made. Measured: about 2.7x the letter's size.
    assert peak < 5 * len(raw), f"peak {peak / 1e6:.0f} MB for a {len(raw) / 1e6:.0f} MB letter"


def test_parser_defects_are_noted_in_words():
    raw = letter(
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        body=base64.b64encode("Привет!".encode()).rstrip(b"="),  # padding dropped
    )
    mail = parse_message(raw)
    assert mail.text == "Привет!"
    assert "bad base64 in a text part: invalid base64 padding" in mail.defects


def test_base64_text_cut_to_an_impossible_length_shows_what_it_holds_not_base64():
    raw = letter("Content-Transfer-Encoding: base64", body=b"0J/RgNC40LLQtdGC0")
    mail = parse_message(raw)
    assert (mail.text, mail.text_source) == ("Привет", "plain")
    assert "bad base64 in a text part: invalid base64 length" in mail.defects


def test_raw_utf8_filename_keeps_its_letters():
    body = multipart(
        "mixed",
        "m",
        'Content-Type: application/pdf; name="Счёт №17.pdf"\r\n\r\n%PDF'.encode(),
    )
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=m", body=body))
    assert [(a.filename, a.size) for a in mail.attachments] == [("Счёт №17.pdf", 4)]


def test_letter_nested_hundreds_deep_is_read_to_its_headers_only():
    # The email package slows down with the square of the depth, then hits the recursion limit.
    head = "Subject: nested\r\nFrom: a@b.c\r\n"
    nest = "".join(
        f"Content-Type: multipart/mixed; boundary=n{i}\r\n\r\n--n{i}\r\n" for i in range(3000)
    )
    mail = parse_message((head + nest + "text").encode())
    assert (mail.subject, mail.sender.email, mail.text) == ("nested", "a@b.c", "")
    assert f"MIME parts nested more than {MAX_PARSE_DEPTH} deep; body not read" in mail.defects


def test_letter_nested_deeper_than_shown_keeps_the_outer_levels():
    inner = part("text/plain", b"Deep text")
    for i in range(MAX_DEPTH + 5):
        inner = part(f"multipart/mixed; boundary=n{i}", multipart("mixed", f"n{i}", inner))
    body = multipart("mixed", "top", part("text/plain", b"Outer text"), inner)
    mail = parse_message(letter("Content-Type: multipart/mixed; boundary=top", body=body))
    assert mail.text == "Outer text"
    assert f"MIME nesting deeper than {MAX_DEPTH} levels was skipped" in mail.defects


def test_address_with_comments_nested_too_deep_is_noted_not_raised():
    mail = parse_message(letter("From: " + "(" * 5000 + "a@b.c", "To: Bob <bob@x.ru>"))
    assert mail.sender.email == ""
    assert [a.email for a in mail.to] == ["bob@x.ru"]
    assert "unreadable From header" in mail.defects


def test_misspelt_multipart_type_still_reads_the_parts():
    body = multipart("related", "r", part("text/plain", b"Part text"))
    mail = parse_message(letter("Content-Type: multipart/rel@ted; boundary=r", body=body))
    assert mail.text == "Part text"
    assert any(d.startswith("malformed Content-Type") for d in mail.defects)
