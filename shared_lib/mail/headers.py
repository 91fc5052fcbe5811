"""Header values of a letter as text, with the standard email package doing the decoding.

Values come from `email` with the compat32 policy, which leaves them folded and undecoded
(8-bit bytes as surrogate escapes). Decoding is the package's: RFC 2047 words by
`email.header.decode_header`, address lists by `email.utils.getaddresses`, dates by
`email.utils.parsedate_to_datetime`. What stays here is what the package leaves to its
caller: bytes in charsets it does not know or that lie (`charsets.decode_bytes`), unfolding,
bounds, and a note instead of an exception.
"""

from __future__ import annotations

import inspect
import re
from binascii import Error as BinasciiError
from binascii import a2b_base64
from datetime import UTC, datetime
from email.quoprimime import header_decode
from email.utils import getaddresses, parsedate_to_datetime

from shared_lib.mail.charsets import decode_bytes
from shared_lib.mail.model import Address

MAX_NOTES = 50
DATE_MIN = datetime(1900, 1, 1, tzinfo=UTC)  # dates outside are dropped (a year 9999 would
DATE_MAX = datetime(2200, 1, 1, tzinfo=UTC)  # overflow as soon as a day is added to it)

_CONTROL_WS = re.compile(r"[\s\x00-\x1f\x7f]+")
# Newer Pythons reject a whole address list in strict mode when one entry is odd, as the
# common "undisclosed-recipients:;" group is; the lenient parse keeps the other addresses.
_LENIENT = {"strict": False} if "strict" in inspect.signature(getaddresses).parameters else {}
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# An RFC 2047 word: =?charset?B|Q?text?=, no "?" inside a part, so that every attempt stops at
# the next "?" and the search is linear (see `decode_words`).
_ENCODED_WORD = re.compile(r"=\?([^?]*)\?([qQbB])\?([^?]*)\?=")

# The common shapes of an address-list entry, read without the general grammar: `addr`,
# `<addr>`, `Phrase <addr>`, `"Quoted, Name" <addr>`, with a dot-atom address. The phrase is
# words and quoted strings (no backslash, no comment); words may hold dots, as
# `getaddresses` allows. Anything else (comments, groups, routes, quoted local parts...)
# goes to `getaddresses`; a unit test checks both readings agree on generated lists.
_WS = "[ \t\r\n]"
_ATOM = '[^ \t\r\n()<>@,:;."\\[\\]\\\\]+'
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_ADDR_SPEC = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_WORD = '[^ \t\r\n()<>@,:;"\\[\\]\\\\]+|"[^"\\\\]*"'
_SIMPLE_ENTRY = re.compile(  # possessive: no backtracking however long the phrase
    rf"{_WS}*+(?:(?P<bare>{_ADDR_SPEC})|(?P<phrase>(?:{_WORD}|{_WS})*+)<(?P<addr>{_ADDR_SPEC})>)?"
    rf"{_WS}*+(?:,|\Z)"
)
_PHRASE_WORD = re.compile(_WORD)


def add_note(notes: list[str], note: str) -> None:
    """Record a defect once; the list is bounded."""
    if len(notes) < MAX_NOTES and note not in notes:
        notes.append(note)


def to_text(value: str, notes: list[str], what: str) -> str:
    """A string from the email package with its surrogate-escaped 8-bit bytes decoded."""
    if value.isascii():
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate of another kind (a UTF-7 filename...)
        return value.encode("utf-8", "replace").decode("utf-8")
    text, note = decode_bytes(data, None, cut=True)
    if note:
        add_note(notes, f"raw 8-bit {what}: {note}")
    return text


def header_text(
    value: str | None, name: str, notes: list[str], limit: int = 4000, *, words: bool = True
) -> str:
    """A header value as one line of text: unfolded, 8-bit bytes and (unless `words` is False,
    as for address lists, whose names are decoded one by one) RFC 2047 words decoded, control
    characters turned into spaces. At most `limit` characters are read."""
    if not value:
        return ""
    if len(value) > limit:
        add_note(notes, f"{name} header longer than {limit} bytes was cut")
        value = value[:limit]
    if "\n" in value:
        value = value.replace("\r\n", "").replace("\n", "")
    text = to_text(value, notes, f"{name} header")
    if words and "=?" in text:
        text = decode_words(text, notes)
    if not text.isprintable():
        text = _CONTROL_WS.sub(" ", text)
    if "  " in text:
        text = " ".join(text.split())
    return text.strip()


def decode_words(text: str, notes: list[str]) -> str:
    """RFC 2047 words decoded as `email.header.decode_header` decodes them (white space between
    two words dropped, adjacent words of one charset joined before decoding, so a character
    split between two words survives), but found in linear time: the package's pattern lets a
    word's text run to the next "?=", so a header of unclosed words ("=?x?q?a" repeated) takes
    quadratic time (14 s for 191 KB); here no part of a word may hold a "?", as RFC 2047
    requires. Each run of bytes is decoded by `decode_bytes`, which reads charsets Python does
    not know or that lie, and costs a bad byte one character."""
    runs: list[tuple[str | bytes, str | None]] = []  # (text, None) or (bytes, charset)
    pos = 0
    for m in _ENCODED_WORD.finditer(text):
        between = text[pos : m.start()]
        if not runs:
            between = between.lstrip()
        pos = m.end()
        data = _word_bytes(m.group(3), m.group(2))
        if data is None:  # bad base64: the word stays as it is
            add_note(notes, "unreadable encoded word left as is")
            runs.append((between + m.group(), None))
            continue
        if between and not (between.isspace() and runs and runs[-1][1] is not None):
            runs.append((between, None))
        charset = m.group(1).lower().partition("*")[0]  # RFC 2231 language: "utf-8*ru"
        if runs and runs[-1][1] == charset:
            runs[-1] = (runs[-1][0] + data, charset)  # type: ignore[operator]
        else:
            runs.append((data, charset))
    if not runs:
        return text
    out: list[str] = []
    for data, charset in runs:
        if charset is None:
            out.append(data)  # type: ignore[arg-type]
        else:
            decoded, note = decode_bytes(data, charset)  # type: ignore[arg-type]
            if note:
                add_note(notes, f"encoded word: {note}")
            out.append(decoded)
    out.append(text[pos:])
    return "".join(out)


def _word_bytes(encoded: str, encoding: str) -> bytes | None:
    """The bytes of an encoded word's text ("B" or "Q"); None for undecodable base64."""
    if encoding in "qQ":
        decoded = header_decode(encoded)  # "=XX" escapes become U+0000-U+00FF: bytes
        if decoded.isascii() or max(decoded) < "\u0100":
            return decoded.encode("latin-1")
        # 8-bit text written straight into the word (already decoded to text): its UTF-8
        return b"".join(
            c.encode("utf-8", "replace") if c > "\xff" else c.encode("latin-1") for c in decoded
        )
    missing = -len(encoded) % 4
    try:
        return a2b_base64(encoded + "==="[:missing] if missing else encoded)
    except (BinasciiError, ValueError):
        return None


def parse_addresses(text: str, notes: list[str], name: str, limit: int = 100) -> list[Address]:
    """The mailboxes of an address-list header (already unfolded and 8-bit decoded), read by
    `email.utils.getaddresses`. Encoded words are decoded after the split, so a comma left
    unencoded in "=?utf-8?Q?Feldman,_Mark?=" does not split the name; addresses are
    lower-cased; duplicates and empty entries (group names...) are dropped."""
    words: list[str] = []
    if "?q?" in text or "?Q?" in text:  # Q words may hold ",.:" (B words are plain atoms):
        # stand-ins the address parser reads as atoms, restored after

        def stash(m: re.Match[str]) -> str:
            words.append(m.group())
            return f"\ue000{len(words) - 1}\ue001"

        text = _ENCODED_WORD.sub(stash, text)
    try:
        pairs = _simple_pairs(text) or getaddresses([text], **_LENIENT)
    except RecursionError:  # comments nested hundreds deep
        add_note(notes, f"unreadable {name} header")
        return []
    result: list[Address] = []
    seen: set[str] = set()
    for display, email in pairs:
        if "@" in email and " " in email.strip():  # "Name a@b" without brackets
            parts = email.split()
            email = next(p for p in parts if "@" in p)
            display = display or " ".join(p for p in parts if p is not email)
        email = "".join(email.split()).strip("<>\"'").lower().removeprefix("mailto:")
        if words:
            email = _PLACEHOLDER.sub(lambda m: words[int(m.group(1))], email)
            display = _PLACEHOLDER.sub(lambda m: words[int(m.group(1))], display)
        if "=?" in display:
            display = decode_words(display, notes)
        if display and not display.isprintable():
            display = _CONTROL_WS.sub(" ", display)
        display = " ".join(display.split()).strip('"').strip()
        key = email or display
        if not key or key in seen:
            continue
        if len(result) >= limit:
            add_note(notes, f"{name} list cut to {limit} addresses")
            break
        seen.add(key)
        result.append(Address(name=display[:200], email=email[:320]))
    return result


def _simple_pairs(text: str) -> list[tuple[str, str]] | None:
    """(name, address) pairs as `getaddresses` gives them, for a list made only of the common
    entry shapes (see _SIMPLE_ENTRY); None for anything else. Empty entries are skipped."""
    pairs: list[tuple[str, str]] = []
    pos, end = 0, len(text)
    while pos < end:
        m = _SIMPLE_ENTRY.match(text, pos)
        if m is None or m.end() == pos:
            return None
        pos = m.end()
        if m["bare"]:
            pairs.append(("", m["bare"]))
        elif m["addr"]:
            phrase = m["phrase"]
            words = _PHRASE_WORD.findall(phrase) if phrase else ()
            pairs.append((" ".join(w[1:-1] if w[0] == '"' else w for w in words), m["addr"]))
    return pairs or None


def parse_sender(text: str, notes: list[str]) -> Address | None:
    """The From mailbox; a From without any address keeps its text as the name."""
    if "@" not in text and "<" not in text and (" " in text.strip() or "=?" in text):
        name = decode_words(text, notes) if "=?" in text else text
        return Address(name=" ".join(name.split()).strip('"').strip()[:200])
    senders = parse_addresses(text, notes, "From", limit=1)
    return senders[0] if senders else None


def parse_date(text: str, notes: list[str]) -> datetime | None:
    """A timezone-aware datetime (UTC when the zone is unknown) between the years 1900 and
    2200, so that later steps can shift and convert it; None and a note otherwise."""
    text = text[:200]
    try:
        value = parsedate_to_datetime(text)
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        in_utc = value.astimezone(UTC)
    except Exception:  # ValueError, TypeError, OverflowError on nonsense dates
        add_note(notes, f"unreadable Date header {text[:60]!r}")
        return None
    if not DATE_MIN <= in_utc < DATE_MAX:
        add_note(notes, f"implausible Date header {text[:60]!r} ignored")
        return None
    return value
