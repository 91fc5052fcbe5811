"""Generative tests of the mail parser over header and body grammars (hypothesis).

Letters are built from the grammars the parser reads, valid and damaged: RFC 2047 encoded
words (unclosed, bad base64, unknown or NUL charsets), RFC 2231 parameters (continuations,
mixed forms, bad percent escapes), multipart nesting (missing boundaries, deep), HTML (deep
nesting, unclosed tags and comments), charsets and base64/quoted-printable damage. Every
example must parse within a CPU-time bound without the parser's last line of defence being
reached, and what was not damaged must come out intact: a broken part or parameter costs
that part or parameter, never the sender, the subject or the date.

Also: the linear encoded-word decoder agrees with `email.header.decode_header` on
well-formed header values.
"""

from __future__ import annotations

import base64
import quopri
from datetime import UTC, datetime
from email.header import decode_header

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_lib.mail.headers import decode_words
from tests.timing import timed_parse

BUDGET = 1.0  # CPU seconds a parse may take
SETTINGS = settings(
    max_examples=400,
    deadline=None,  # time is checked with process_time below, not wall time
    database=None,
    derandomize=True,  # the same examples on every run, so CI is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SENDER = b"From: Anna Petrova <anna@corp.example>\r\n"
DATE = b"Date: Wed, 25 Nov 2026 09:30:00 +0300\r\n"

CHARSETS = ["utf-8", "UTF-8", "koi8-r", "windows-1251", "iso-8859-1", "utf-16", "x-unknown",
            "utf\x00-8", "idna", "base64", "", "utf-8*ru", "gb2312", "shift_jis"]  # fmt: skip
TEXTS = st.text(
    alphabet=st.sampled_from(list('abc xyz,.:;?=_"<>@()Привет日本\u00e9\ufffd\x00\t')),
    max_size=40,
)


# --- encoded words ----------------------------------------------------------------------------


@st.composite
def encoded_words(draw) -> str:
    text = draw(TEXTS)
    charset = draw(st.sampled_from(CHARSETS))
    try:
        data = text.encode(charset.partition("*")[0] or "utf-8")
    except (LookupError, UnicodeError, ValueError):
        data = text.encode("utf-8")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=3))  # stray bytes
    if draw(st.booleans()):
        encoded = base64.b64encode(data).decode()
        word = f"=?{charset}?{draw(st.sampled_from('bB'))}?{encoded}?="
    else:
        encoded = quopri.encodestring(data, header=True).decode().replace("=\n", "")
        word = f"=?{charset}?{draw(st.sampled_from('qQ'))}?{encoded}?="
    damage = draw(st.sampled_from(["", "unclose", "cut", "junk"]))
    if damage == "unclose":
        word = word[:-2]
    elif damage == "cut":
        word = word[: draw(st.integers(0, len(word)))]
    elif damage == "junk":
        word = word.replace("?", draw(st.sampled_from(["??", "?*", "? "])), 1)
    return word


header_values = st.lists(
    st.one_of(encoded_words(), TEXTS, st.sampled_from([" ", ", ", "=?", "?=", "=?x?q?a"])),
    max_size=12,
).map("".join)


@SETTINGS
@given(subject=header_values, to=header_values, flood=st.integers(0, 30_000))
def test_encoded_words_in_any_shape_never_cost_the_letter(subject, to, flood):
    subject = subject.replace("\r", " ").replace("\n", " ")
    to = (to + "=?x?q?a" * flood).replace("\r", " ").replace("\n", " ")
    raw = (
        SENDER
        + DATE
        + f"Subject: {subject}\r\nTo: {to}, alex@example.com\r\nCc: {to}\r\n".encode(
            "utf-8", "surrogateescape"
        )
        + b"\r\nbody"
    )
    mail = timed_parse(raw)
    assert mail.sender.email == "anna@corp.example"
    assert mail.date == datetime(2026, 11, 25, 6, 30, tzinfo=UTC)
    assert mail.text == "body"


plain_words = st.text(alphabet=st.sampled_from(list("abc xyz.,")), max_size=20)


@st.composite
def wellformed_headers(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            text = draw(st.text(alphabet=st.sampled_from(list("abc Привет,é")), max_size=15))
            charset = draw(st.sampled_from(["utf-8", "koi8-r", "iso-8859-5"]))
            try:
                data = text.encode(charset)
            except UnicodeError:
                data = text.encode("utf-8")
                charset = "utf-8"
            pieces.append(f"=?{charset}?b?{base64.b64encode(data).decode()}?=")
        else:
            pieces.append(draw(plain_words))
        pieces.append(draw(st.sampled_from([" ", "  ", ""])))
    return "".join(pieces).strip()


@SETTINGS
@given(value=wellformed_headers())
def test_the_linear_word_decoder_reads_what_decode_header_reads(value):
    expected = []
    for data, charset in decode_header(value):
        if isinstance(data, str):
            expected.append(data)
        else:
            expected.append(data.decode(charset or "raw-unicode-escape", "replace"))
    assert decode_words(value, []) == "".join(expected)


# --- parameters, multipart nesting, bodies ------------------------------------------------------


@st.composite
def parameters(draw) -> str:
    """A header parameter list: plain, quoted, RFC 2231 continued and encoded, mixed, broken."""
    params = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.sampled_from(["name", "filename", "charset", "boundary", "format", "x"]))
        form = draw(st.sampled_from(["plain", "quoted", "2231", "cont", "mixed", "bad"]))
        value = draw(st.text(alphabet=st.sampled_from(list("ab.%\"'\\ ;=\x00Щ")), max_size=8))
        if form == "plain":
            params.append(f"{name}={value}")
        elif form == "quoted":
            params.append(f'{name}="{value}"')
        elif form == "2231":
            charset = draw(st.sampled_from(CHARSETS))
            params.append(f"{name}*={charset}''{value}")
        elif form == "cont":
            params.extend(f"{name}*{i}{'*' if i == 0 else ''}={value}" for i in range(3))
        elif form == "mixed":
            params.extend([f"{name}*0={value}", f"{name}*=utf-8''{value}"])
        else:
            params.append(draw(st.sampled_from([f"{name}*=", f"{name}*x=1", "=", ";;", name])))
    return "".join(f"; {p}" for p in params)


MARK = "Mark of the body."


@st.composite
def bodies(draw) -> tuple[str, str, bytes]:
    """(Content-Type, transfer encoding, encoded body) of a text part holding MARK."""
    charset = draw(st.sampled_from(["utf-8", "koi8-r", "utf-16", "windows-1251", ""]))
    html = draw(st.booleans())
    words = draw(st.text(alphabet=st.sampled_from(list("ab Привет\n")), max_size=30))
    text = f"{MARK} {words} The end of the text."  # a cut costs the end, not MARK
    if html:
        depth = draw(st.sampled_from([0, 10, 300, 2100, 3000]))
        junk = draw(st.sampled_from(["", "<a ", "<!--", "</", "<div>", "<script>", "<b x='"]))
        text = (
            f"<p>{text}</p>"
            + "<div>" * depth
            + junk * draw(st.sampled_from([0, 1, 100, 30_000]))
            + draw(st.sampled_from(["", "</div>" * depth]))
        )
    data = text.encode(charset or "utf-8")
    if draw(st.booleans()) and charset != "utf-16":
        at = draw(st.integers(len(MARK) + 4, len(data) + 4))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc0", b"\x80\x80"])) + data[at:]
    cte = draw(st.sampled_from(["8bit", "base64", "quoted-printable"]))
    if cte == "base64":
        body = base64.encodebytes(data)
        body = body[: len(body) - draw(st.integers(0, 3))]  # cut short: any length mod 4
    elif cte == "quoted-printable":
        body = quopri.encodestring(data)
        if draw(st.booleans()):
            body += b"=Z=\r\n=="  # damaged escapes
    else:
        body = data
    ctype = ("text/html" if html else "text/plain") + (f"; charset={charset}" if charset else "")
    return ctype, cte, body


@st.composite
def entities(draw, depth: int = 0) -> tuple[bytes, bool]:
    """A MIME entity (header fields and body), and whether MARK is readable in it."""
    if depth < 4 and draw(st.integers(0, 3)) == 0:
        boundary = f"b{depth}" + draw(st.sampled_from(["", "'x", " y"]))
        children = [draw(entities(depth + 1)) for _ in range(draw(st.integers(1, 3)))]
        closed = draw(st.booleans())
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "report"]))
        head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"'.encode()
        body = b"".join(
            b"--" + boundary.encode() + b"\r\n" + child + b"\r\n" for child, _ in children
        )
        body += (b"--" + boundary.encode() + b"--\r\n") if closed else b""
        return head + b"\r\n\r\n" + body, any(ok for _, ok in children)
    ctype, cte, body = draw(bodies())
    params = draw(parameters())
    disposition = draw(st.sampled_from(["", "inline", "attachment"]))
    head = f"Content-Type: {ctype}{params}\r\nContent-Transfer-Encoding: {cte}\r\n"
    if disposition:
        head += f"Content-Disposition: {disposition}{draw(parameters())}\r\n"
    return head.encode("utf-8", "surrogateescape") + b"\r\n" + body, False


@SETTINGS
@given(
    entity=entities(), subject=st.sampled_from(["Plain subject", "=?utf-8?b?0J/RgNC40LLQtdGC?="])
)
def test_any_mime_tree_with_damaged_parts_keeps_the_letters_fields(entity, subject):
    tree, _ = entity
    raw = SENDER + DATE + f"Subject: {subject}\r\nMIME-Version: 1.0\r\n".encode() + tree
    mail = timed_parse(raw)
    assert mail.sender.email == "anna@corp.example"
    assert mail.subject in ("Plain subject", "Привет")
    assert mail.date == datetime(2026, 11, 25, 6, 30, tzinfo=UTC)


@SETTINGS
@given(body=bodies(), params=parameters())
def test_a_single_text_part_shows_its_text_whatever_its_damage(body, params):
    ctype, cte, data = body
    head = f"Content-Type: {ctype}{params}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    raw = SENDER + DATE + b"Subject: s\r\n" + head.encode("utf-8", "surrogateescape") + data
    mail = timed_parse(raw)
    assert mail.sender.email == "anna@corp.example"
    if "charset" not in params.lower() and "x-unknown" not in ctype:
        # The text's start survives: a bad byte or a cut costs a character, not the part.
        assert MARK in mail.text, (mail.text[:200], mail.defects)
