"""Hostile letters by class, built at a requested size (bytes, roughly): the letters of issue #16
and more of the same kinds. Used by tests/unit/test_mail_hostile.py (at small and issue sizes)
and bench/bench_hostile.py (up to the size cap).

Each builder takes the target size in bytes and returns a raw letter about that size.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

HEAD = (
    "From: Anna Petrova <anna@corp.example>\r\nTo: alex@example.com\r\n"
    "Subject: Hostile letter\r\nDate: Wed, 25 Nov 2026 09:30:00 +0300\r\n"
    "Message-ID: <hostile@corp.example>\r\nMIME-Version: 1.0\r\n"
)
BODY_MARK = "Please send the report by Friday, it is urgent."


def _letter(ctype: str, body: str | bytes, extra: str = "", cte: str = "8bit") -> bytes:
    head = f"{HEAD}{extra}Content-Type: {ctype}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    return head.encode() + (body if isinstance(body, bytes) else body.encode())


def _times(unit: str, size: int) -> int:
    return max(1, size // len(unit.encode()))


# --- HTML ---------------------------------------------------------------------------------------


def html_deep_then_unclosed_a(size: int) -> bytes:
    """2,100 nested <div>, then unclosed `<a ` to the size (77 s at 90 KB before the fix)."""
    head = f"<html><body><p>{BODY_MARK}</p>" + "<div>" * 2100
    return _letter("text/html; charset=utf-8", head + "<a " * _times("<a ", size - len(head)))


def html_deep_divs(size: int) -> bytes:
    return _letter(
        "text/html; charset=utf-8", f"<p>{BODY_MARK}</p>" + "<div>x" * _times("<div>x", size)
    )


def html_unclosed_comment(size: int) -> bytes:
    head = f"<html><body><p>{BODY_MARK}</p>" + "<div>" * 2100
    return _letter("text/html; charset=utf-8", head + "<!--" * _times("<!--", size - len(head)))


def html_unclosed_end_tags(size: int) -> bytes:
    head = f"<html><body><p>{BODY_MARK}</p>" + "<div>" * 2100
    return _letter("text/html; charset=utf-8", head + "</" * _times("</", size - len(head)))


def html_unclosed_tags(size: int) -> bytes:
    """Unclosed <a, <b, <table, <td... with no nesting prelude."""
    unit = "<table><tr><td><a href='https://x.example/'><b><i><font>w "
    return _letter("text/html; charset=utf-8", f"<p>{BODY_MARK}</p>" + unit * _times(unit, size))


def html_attribute_flood(size: int) -> bytes:
    unit = ' data-x="1"'
    body = f"<p>{BODY_MARK}</p><a href='https://x.example/'" + unit * _times(unit, size) + ">x</a>"
    return _letter("text/html; charset=utf-8", body)


def html_distinct_attributes(size: int) -> bytes:
    """One tag with tens of thousands of distinct attributes (libxml2: quadratic, 9 s at 700 KB)."""
    count = _times(" x100000=1", size)
    attrs = "".join(f" x{i}=1" for i in range(count))
    body = f"<p>{BODY_MARK}</p><a href='https://x.example/'{attrs}>x</a>"
    return _letter("text/html; charset=utf-8", body)


# --- headers ------------------------------------------------------------------------------------


def encoded_words_unclosed_to(size: int) -> bytes:
    """Unclosed encoded words in To/Cc/Reply-To (14 s for 191 KB before the fix)."""
    third = size // 3
    flood = "=?x?q?a" * _times("=?x?q?a", third)
    extra = f"Cc: {flood}\r\nReply-To: {flood}\r\n"
    raw = _letter("text/plain; charset=utf-8", BODY_MARK, extra)
    return raw.replace(b"To: alex@example.com", f"To: alex@example.com, {flood}".encode())


def encoded_words_unclosed_subject(size: int) -> bytes:
    flood = "=?utf-8?q?a" * _times("=?utf-8?q?a", size)
    return _letter("text/plain; charset=utf-8", BODY_MARK).replace(
        b"Subject: Hostile letter", f"Subject: Hostile {flood}".encode()
    )


def encoded_words_valid_flood(size: int) -> bytes:
    word = "=?utf-8?b?" + base64.b64encode("Привет ".encode()).decode() + "?= "
    flood = word * _times(word, size // 2)
    extra = f"X-Mailer: {flood}\r\n"
    raw = _letter("text/plain; charset=utf-8", BODY_MARK, extra)
    return raw.replace(b"Subject: Hostile letter", f"Subject: {flood}".encode())


def header_count_flood(size: int) -> bytes:
    unit = "Received: from mx.example.net by mx.google.com; Wed, 25 Nov 2026 09:30:00 +0300\r\n"
    return _letter("text/plain; charset=utf-8", BODY_MARK, unit * _times(unit, size))


def folded_header_flood(size: int) -> bytes:
    """One Subject folded over a huge number of continuation lines."""
    unit = "\r\n word"
    raw = _letter("text/plain; charset=utf-8", BODY_MARK)
    return raw.replace(
        b"Subject: Hostile letter", ("Subject: Hostile" + unit * _times(unit, size)).encode()
    )


def part_header_flood(size: int) -> bytes:
    """A part whose header block is megabytes of tiny fields (not shrunk: not the letter's)."""
    body = "--b\r\n" + "X: 1\r\n" * _times("X: 1\r\n", size)
    body += f"Content-Type: text/plain\r\n\r\n{BODY_MARK}\r\n--b--\r\n"
    return _letter('multipart/mixed; boundary="b"', body)


def blank_line_flood(size: int) -> bytes:
    return _letter("text/plain; charset=utf-8", BODY_MARK + "\n" * size)


def long_address_list(size: int) -> bytes:
    unit = '"Doe, John (Sales)" <john.doe@example.com>, '
    flood = unit * _times(unit, size // 2)
    raw = _letter("text/plain; charset=utf-8", BODY_MARK, f"Cc: {flood}\r\n")
    return raw.replace(b"To: alex@example.com", f"To: alex@example.com, {flood}".encode())


def odd_address_list(size: int) -> bytes:
    """Comments, groups, routes and quotes: what the simple reader leaves to getaddresses."""
    unit = 'grp: (c (d) e) "q\\"x" <@route:a@b.example>, x@y (z);, '
    flood = unit * _times(unit, size)
    return _letter("text/plain; charset=utf-8", BODY_MARK, f"Cc: {flood}\r\n")


def giant_header_line(size: int) -> bytes:
    return _letter("text/plain; charset=utf-8", BODY_MARK, "X-Junk: " + "a" * size + "\r\n")


# --- MIME structure -----------------------------------------------------------------------------


def many_parts(size: int) -> bytes:
    unit = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    body = f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n" + unit * _times(unit, size)
    return _letter('multipart/mixed; boundary="b"', body + "--b--\r\n")


def deep_multipart(size: int) -> bytes:
    depth = min(5000, max(50, size // 60))
    opens = "".join(
        f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n'
        for i in range(depth)
    )
    inner = f"--b{depth}\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n"
    return _letter('multipart/mixed; boundary="b0"', opens + inner)


def deep_message_rfc822(size: int) -> bytes:
    depth = min(5000, max(50, size // 60))
    body = "Content-Type: message/rfc822\r\n\r\n" * depth + f"Subject: x\r\n\r\n{BODY_MARK}\r\n"
    return _letter("message/rfc822", body)


def giant_single_line(size: int) -> bytes:
    return _letter("text/plain; charset=utf-8", BODY_MARK + " " + "word " * _times("word ", size))


def giant_line_no_spaces(size: int) -> bytes:
    return _letter("text/plain; charset=utf-8", BODY_MARK + " https://x.example/" + "a" * size)


def delivery_status_flood(size: int) -> bytes:
    """A bounce whose message/delivery-status holds thousands of blocks (1.4 s at 20,000)."""
    unit = "Final-Recipient: rfc822; user@example.com\r\nAction: failed\r\nStatus: 5.0.0\r\n\r\n"
    status = unit * _times(unit, size)
    body = (
        f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example\r\n\r\n"
        f"{status}--b--\r\n"
    )
    return _letter('multipart/report; report-type=delivery-status; boundary="b"', body)


def many_rfc822_parts(size: int) -> bytes:
    unit = "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nX-A: 1\r\n\r\nbody\r\n"
    body = f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n" + unit * _times(unit, size)
    return _letter('multipart/mixed; boundary="b"', body + "--b--\r\n")


def big_attachment(size: int) -> bytes:
    data = base64.encodebytes(b"\x00\x01" * (size * 3 // 8)).decode()
    body = (
        f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n--b\r\n"
        'Content-Type: application/octet-stream; name="a.bin"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{data}--b--\r\n"
    )
    return _letter('multipart/mixed; boundary="b"', body)


def uuencoded_attachment(size: int) -> bytes:
    line = "M" + "86)C" * 15 + "\r\n"  # 45 bytes a line, as uuencode writes them
    data = "begin 644 a.bin\r\n" + line * _times(line, size) + "`\r\nend\r\n"
    body = (
        f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n--b\r\n"
        'Content-Type: application/octet-stream; name="a.bin"\r\n'
        f"Content-Transfer-Encoding: x-uuencode\r\n\r\n{data}--b--\r\n"
    )
    return _letter('multipart/mixed; boundary="b"', body)


def rfc2231_param_flood(size: int) -> bytes:
    unit = "; name*{i}*=utf-8''%D0%B0"
    params = "".join(unit.format(i=i) for i in range(_times(unit.format(i=1000), size)))
    body = (
        f"--b\r\nContent-Type: text/plain\r\n\r\n{BODY_MARK}\r\n--b\r\n"
        f"Content-Type: application/pdf{params}\r\n\r\n%PDF\r\n--b--\r\n"
    )
    return _letter('multipart/mixed; boundary="b"', body)


def base64_body_damaged(size: int) -> bytes:
    data = base64.encodebytes((BODY_MARK + " ").encode() * (size // 64)).decode()
    return _letter("text/plain; charset=utf-8", data[: len(data) - 3] + "!!*", cte="base64")


def qp_body_damaged(size: int) -> bytes:
    unit = "=D0=B0=Z=\r\n=="
    return _letter(
        "text/plain; charset=utf-8", BODY_MARK + unit * _times(unit, size), cte="quoted-printable"
    )


def mostly_invalid_bytes(size: int) -> bytes:
    return _letter(
        "text/plain; charset=utf-8", BODY_MARK.encode() + bytes(range(128, 256)) * (size // 128)
    )


# --- analysis-side classes ----------------------------------------------------------------------


def analysis_dom_dashes(size: int) -> bytes:
    return _letter(
        "text/plain; charset=utf-8", BODY_MARK + " " + "ДОМ-" * min(2500, _times("ДОМ-", size))
    )


def analysis_dom_dashes_long(size: int) -> bytes:
    return _letter("text/plain; charset=utf-8", BODY_MARK + " " + "ДОМ-" * _times("ДОМ-", size))


def analysis_zoom_links(size: int) -> bytes:
    unit = "https://us02web.zoom.us/j/81234567890?pwd=abcDEF123,"
    count = min(500, _times(unit, size))
    return _letter("text/plain; charset=utf-8", f"{BODY_MARK} Join: " + unit * count)


def analysis_zoom_links_long(size: int) -> bytes:
    unit = "https://us02web.zoom.us/j/81234567890?pwd=abcDEF123,"
    return _letter("text/plain; charset=utf-8", f"{BODY_MARK} Join: " + unit * _times(unit, size))


def analysis_dates_times(size: int) -> bytes:
    unit = "Meet on 12.03.2027 at 14:30, or до пятницы 18:00, by Friday 5pm; завтра в 10:00. "
    return _letter("text/plain; charset=utf-8", BODY_MARK + " " + unit * _times(unit, size))


def analysis_many_urls(size: int) -> bytes:
    unit = "see https://docs.example.com/d/{i}?a=b and "
    count = _times(unit.format(i=100000), size)
    return _letter(
        "text/plain; charset=utf-8",
        BODY_MARK + " " + "".join(unit.format(i=i) for i in range(count)),
    )


def analysis_many_addresses(size: int) -> bytes:
    unit = "write to user{i}@example.com or <boss{i}@corp.example>; "
    count = _times(unit.format(i=100000), size)
    return _letter(
        "text/plain; charset=utf-8",
        BODY_MARK + " " + "".join(unit.format(i=i) for i in range(count)),
    )


def analysis_html_links(size: int) -> bytes:
    unit = "<a href='https://us02web.zoom.us/j/{i}'>Join {i}</a>, "
    count = _times(unit.format(i=100000), size)
    return _letter(
        "text/html; charset=utf-8",
        f"<p>{BODY_MARK}</p>" + "".join(unit.format(i=i) for i in range(count)),
    )


def analysis_repeated_words(size: int) -> bytes:
    unit = "срочно urgent ответьте reply deadline дедлайн "
    return _letter("text/plain; charset=utf-8", BODY_MARK + " " + unit * _times(unit, size))


CLASSES: dict[str, Callable[[int], bytes]] = {
    name: fn
    for name, fn in globals().items()
    if callable(fn)
    and not name.startswith("_")
    and fn.__module__ == __name__
    and name != "Callable"
}
