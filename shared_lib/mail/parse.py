"""`parse_message`: one raw RFC 822 letter (bytes) to a `ParsedMail`, never raising.

The standard `email` package does the reading: `BytesFeedParser` splits the header block
and the MIME tree (boundaries, nesting and the usual damage: a missing closing boundary, a
bad header line, 8-bit bytes) and records what it forgave in each part's `defects`;
`Message` gives the content type, parameters and file name (RFC 2231) and the decoded
payload; `email.header` and `email.utils` decode header words, address lists and dates
(`headers.py`). A well-formed letter (no defect to record, up to 1 MB) is split into the very
same `Message` tree by `mime_split`, with string searches instead of the parser's line-by-line
Python: 1.3x faster on the 0.7 KB samples, 1.6x on 7 KB letters as Gmail delivers them.

Policy: compat32, on purpose. `policy.default` builds every header through a pure-Python
RFC 5322 grammar: on the 28 sample letters (0.4-1.3 KB) it takes 1.8 ms a letter on this
project's shared machine (3 ms in the issue's measurement), which caps throughput at
330-560 letters/s where the goal is 2,000/s for parsing plus analysis. compat32 with the
decoding calls used here takes 0.13 ms a letter, and this module, all included, a median of
0.22 ms (4,000-4,500 letters/s; bench/bench_parse.py), against 0.1 ms for the hand-written
parser it replaced. compat32 leaves header values undecoded: `headers.py` decodes them.

What this module adds on top:
- bounds on everything kept (see the constants) and short human notes in `defects`,
  the parser's own defects among them;
- charsets Python does not know or that lie (`charsets.decode_bytes`), 8-bit header bytes
  (`_Policy`), and a charset named only in an HTML <meta> tag;
- attachment sizes without decoding: compat32 keeps a payload as a string, so the size of a
  base64 part comes from its character count; the letter is fed to the parser in chunks
  (`_read`): 58 MB at peak for a 20 MB letter;
- a stop at MAX_PARSE_DEPTH nested parts (`_Part`), past which the parser slows down with
  the square of the depth and then overflows the stack;
- time linear in the letter with a cap per stage: `prepass` shrinks a huge header block and
  joins base64 runs, the parser is fed at most READ_LINES_CAP lines and READ_PARTS_CAP parts,
  Content-* fields are read for parameters up to CONTENT_FIELD_CAP characters, attached
  letters are sized by counting (`_written_size`), never by writing them out;
- parameters that never cost the letter (`_Part._get_params_preserve`), inline text parts
  read as body text even with a file name, truncated base64 decoded as far as it goes;
- the displayed text: text/plain (format=flowed unwrapped), or HTML through lxml
  (`html_text.py`) when there is no plain text or it is a stub next to a long HTML part;
  links from the text and from HTML hrefs;
- a guessed boundary when the declared one is missing or wrong, and the text of an attached
  letter when the outer one has none;
- the MIME tree it read, for the reader (`parse_message_tree`): a letter shown in Telegram or
  the viewer is parsed once, within these bounds.
"""

from __future__ import annotations

import io
import re
import threading
from binascii import a2b_base64
from email import errors
from email.message import (
    Message,
    _parseparam,  # the package's own parameter splitter
)
from email.parser import BytesFeedParser, BytesParser
from email.policy import Compat32
from email.utils import collapse_rfc2231_value, decode_params
from typing import Any, NamedTuple

from shared_lib.mail.charsets import decode_bytes
from shared_lib.mail.headers import (
    add_note,
    decode_words,
    header_text,
    parse_addresses,
    parse_date,
    parse_sender,
    to_text,
)
from shared_lib.mail.html_text import html_to_text
from shared_lib.mail.mime_split import MAX_SIZE as SPLIT_MAX_SIZE
from shared_lib.mail.mime_split import split_well_formed
from shared_lib.mail.model import Attachment, ParsedMail
from shared_lib.mail.prepass import (
    HEADER_BLOCK_CAP,
    header_block_end,
    join_base64_runs,
    shrink_header_block,
)

MAX_SUBJECT = 1000
MAX_TEXT = 100_000
MAX_ADDRESSES = 100
MAX_LINKS = 200
MAX_LINK_LENGTH = 2000
MAX_HEADER_VALUE = 1000
MAX_ATTACHMENTS = 100
MAX_PARTS = 500
MAX_DEPTH = 20
MAX_PARSE_DEPTH = 2 * MAX_DEPTH  # deeper letters are not parsed past their header fields
MAX_HTML_PARTS = 10
TEXT_RAW_CAP = 1_000_000  # decoded bytes of a text/plain part kept (enough for MAX_TEXT)
HTML_RAW_CAP = 1_000_000  # of a text/html part (Gmail itself clips HTML at about 100 KB)
QP_DECODE_FOR_SIZE = 1_000_000  # smaller quoted-printable attachments are decoded to size them
FEED_CHUNK = 1 << 16  # bytes handed to the parser at a time (see `_read`)
READ_LINES_CAP = 100_000  # lines fed to the standard parser (base64 runs are joined first)
READ_PARTS_CAP = 2 * MAX_PARTS  # parts (delivery-status blocks too) it may build
CONTENT_FIELD_CAP = 16_000  # characters of a Content-* field read for its parameters

# Header fields that help tell automated, bulk and personal mail apart (kept in `headers`).
ANALYSIS_HEADERS = (
    "auto-submitted", "precedence", "x-auto-response-suppress", "x-autoreply", "x-autorespond",
    "x-autogenerated", "x-mailer", "user-agent", "in-reply-to", "references", "importance",
    "priority", "x-priority", "x-msmail-priority", "feedback-id", "mailing-list", "x-list",
    "x-mailing-list", "x-beenthere", "x-loop", "return-path", "sender", "errors-to",
    "delivered-to", "x-original-to", "x-forwarded-to", "x-report-abuse", "x-csa-complaints",
    "x-mc-user", "x-mandrill-user", "x-sg-eid", "x-ses-outgoing", "x-sfmc-stack",
    "x-facebook-notify", "x-linkedin-class", "x-spam-flag", "thread-topic", "thread-index",
    "organization", "content-language", "x-notifications", "x-bulk",
)  # fmt: skip
ANALYSIS_PREFIXES = (
    "list-", "x-campaign", "x-mailgun-", "x-mailchimp-", "x-github-", "x-gitlab-", "x-auto",
)  # fmt: skip
_CORE = ("from", "subject", "date", "message-id")
_KEPT = frozenset((*_CORE, *ANALYSIS_HEADERS))
_ADDRESS_HEADERS = {"to": "To", "cc": "Cc", "reply-to": "Reply-To"}
_PLAIN_CTE = frozenset(("", "7bit", "8bit", "binary"))
_KNOWN_CTE = _PLAIN_CTE | {"base64", "quoted-printable", "x-uuencode", "uuencode", "uue", "x-uue"}


class _BadParameterDefect(errors.HeaderDefect):
    """A header parameter that could not be decoded was dropped."""


# The parser's defects in words: "InvalidBase64PaddingDefect" reads "invalid base64 padding";
# these few are worded for the reader (the boundary ones are noted where they are met).
_DEFECT_NOTES: dict[type[errors.MessageDefect], str] = {
    errors.CloseBoundaryNotFoundDefect: "multipart closing boundary missing",
    errors.MissingHeaderBodySeparatorDefect: "a malformed header line ends the header block",
    errors.MisplacedEnvelopeHeaderDefect: "an mbox 'From ' line among the header fields",
    _BadParameterDefect: "a malformed MIME parameter was dropped",
}
_BOUNDARY_DEFECTS = (
    errors.NoBoundaryInMultipartDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
)
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
# The header fields kept when a huge header block is shrunk (see `prepass`): those read here,
# and those the parser reads (Content-*, MIME-Version).
_SHRINK_NAMES = tuple(sorted({*_KEPT, *_ADDRESS_HEADERS, "mime-version"}))
_SHRINK_PREFIXES = (*ANALYSIS_PREFIXES, "content-")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]+")

_TOKEN_TYPE = re.compile(r"[!#-'*+.0-9A-Za-z^-~-]+/[!#-'*+.0-9A-Za-z^-~-]+")
_GUESS_BOUNDARY = re.compile(rb"^--([!#-\[\]-~]{1,200}?)[ \t]*\r?\n(?=[!-9;-~]+[ \t]*:)", re.M)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset=[\"']?([A-Za-z0-9_:.-]{1,40})", re.I)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes((*range(9), 11, 12, *range(14, 32), 127))  # what _CONTROL removes
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")  # two or more blank lines
_URL = re.compile(r"https?://[^\s<>\"'`«»\[\]{}|\\^\x00-\x1f]+")
_URL_TAIL = ".,;:!?'\"*…“”‘’"


class _TooDeep(Exception):
    """A letter nested deeper than MAX_PARSE_DEPTH."""


class _Counter(threading.local):
    """Parts built by the parser in this thread's current `_read`."""

    parts = 0


_COUNTER = _Counter()


class _Part(Message):
    """A compat32 message that knows its nesting depth and refuses children past the limit.

    The parser checks every line against the boundaries of all enclosing parts, so its time
    grows with the square of the nesting depth (a 50 KB letter nested 900 deep took 1.7 s),
    and it recurses once per level (about 1,000 levels raise RecursionError).
    """

    depth = 0
    bad_params = False

    def attach(self, payload: Message) -> None:  # called by the parser for every new part
        payload.depth = self.depth + 1
        if payload.depth > MAX_PARSE_DEPTH:
            raise _TooDeep
        _COUNTER.parts += 1
        super().attach(payload)

    def _get_params_preserve(self, failobj: Any, header: str) -> Any:
        """The parameters of a header field, as the package reads them, except that a malformed
        one (RFC 2231 forms mixed: `name*0=a; name*=utf-8''b`) costs only its own name, and
        RFC 2231 values come decoded (`decode_bytes`): the package would raise on a charset
        it cannot use (a NUL in it, idna) in `get_boundary`, `get_filename`, inside the parser
        itself, and lose the whole letter."""
        try:
            params = super()._get_params_preserve(failobj, header)
        except Exception:
            params = self._params_one_by_one(failobj, header)
        if params is failobj or not any(isinstance(v, tuple) for _, v in params):
            return params
        return [(name, _rfc2231_text(value)) for name, value in params]

    def _params_one_by_one(self, failobj: Any, header: str) -> Any:
        """The parameters decoded name by name; the names that fail to decode are dropped."""
        if not self.bad_params:
            self.bad_params = True
            self.defects.append(_BadParameterDefect())
        value = self.get(header)
        if value is None:
            return failobj
        pairs = []
        for piece in _parseparam(value):
            name, _, val = piece.partition("=")
            pairs.append((name.strip(), val.strip()))
        groups: dict[str, list[tuple[str, str]]] = {}
        for name, val in pairs[1:]:
            groups.setdefault(name.partition("*")[0].lower(), []).append((name, val))
        kept = [pairs[0]]
        for group in groups.values():
            try:
                kept.extend(decode_params([pairs[0], *group])[1:])
            except Exception:
                continue
        return kept


def _rfc2231_text(value: str | tuple[str, str, str]) -> str:
    """An RFC 2231 value (charset, language, text) as text, whatever the charset says."""
    if not isinstance(value, tuple):
        return value
    charset, _, text = value
    return decode_bytes(text.encode("raw-unicode-escape"), charset or None, cut=True)[0]


class _Policy(Compat32):
    """compat32 with the message class above, and with 8-bit bytes in header values read as
    text (UTF-8, else the likeliest charset) where compat32 would hand out a `Header` that
    shows them as U+FFFD. So every `Message` method (filenames, parameters) sees text."""

    message_factory = _Part

    def header_fetch_parse(self, name: str, value: str) -> str:
        if len(value) > CONTENT_FIELD_CAP and name[:8].lower() == "content-":
            value = value[:CONTENT_FIELD_CAP]  # the package splits parameters in quadratic time
        if value.isascii():
            return value
        return decode_bytes(value.encode("utf-8", "surrogateescape"), None, cut=True)[0]


_POLICY = _Policy()


class _Segment(NamedTuple):
    """A displayable piece of the body: plain text, or the index of an HTML part."""

    kind: str  # "plain" | "html"
    text: str = ""
    html: int = -1


def parse_message(raw: bytes) -> ParsedMail:
    """Parse one raw letter. Never raises: what cannot be read is noted in `defects`."""
    return parse_message_tree(raw)[0]


def parse_message_tree(raw: bytes) -> tuple[ParsedMail, Message | None]:
    """`parse_message`, and the MIME tree it read (within the same bounds), for a caller that
    shows more of the letter than `ParsedMail` keeps (the reader: HTML, pictures, attachments)
    without parsing it a second time. The tree is None when only the header fields could be
    read (too deep, an unreadable boundary) or the letter could not be parsed at all."""
    try:
        if not isinstance(raw, bytes):
            if isinstance(raw, str):
                raw = raw.encode("utf-8", "surrogateescape")
            else:
                raw = bytes(raw) if isinstance(raw, bytearray | memoryview) else b""
        return _parse(raw)
    except Exception as exc:  # last line of defence: the code above is meant not to raise
        size = len(raw) if isinstance(raw, bytes) else 0
        note = f"letter could not be parsed ({type(exc).__name__})"
        return ParsedMail(size=size, defects=[note]), None


def _read(raw: bytes, notes: list[str]) -> Message:
    """The parsed letter: a well-formed one read by `mime_split` (2-3.5 times faster), any other
    by the standard parser, fed in chunks: `BytesParser.parsebytes` would first make the whole
    letter a str and then a StringIO (4 bytes a character): 165 MB at peak for a 20 MB letter,
    against 58 MB here. The parser's time grows with the lines and parts it reads (1.5-3.5 µs
    a line, 10-20 µs a part): feeding stops past READ_LINES_CAP lines or READ_PARTS_CAP parts
    (checked after each chunk) and what was read so far is the letter."""
    msg = split_well_formed(raw, _Part, _POLICY)
    if msg is not None:
        return msg
    parser = BytesFeedParser(policy=_POLICY)
    _COUNTER.parts = lines = 0
    for start in range(0, len(raw), FEED_CHUNK):
        chunk = raw[start : start + FEED_CHUNK]
        parser.feed(chunk)
        lines += chunk.count(b"\n")
        if start + FEED_CHUNK < len(raw) and (
            lines > READ_LINES_CAP or _COUNTER.parts > READ_PARTS_CAP
        ):
            what = f"over {READ_LINES_CAP:,} lines" if lines > READ_LINES_CAP else "too many parts"
            add_note(notes, f"letter not read past {(start + FEED_CHUNK) // 1024} KB ({what})")
            break
    return parser.close()


def _header_block(raw: bytes) -> bytes:
    """The letter's header block alone (up to the first blank line)."""
    return raw[: header_block_end(raw)] + b"\r\n\r\n"


def _parse(raw: bytes) -> tuple[ParsedMail, Message | None]:
    notes: list[str] = []
    if not raw or raw.isspace():
        return ParsedMail(size=len(raw), defects=["empty letter"]), None
    size = len(raw)
    raw, shrunk = shrink_header_block(raw, _SHRINK_NAMES, _SHRINK_PREFIXES)
    if shrunk:
        add_note(
            notes, f"header block over {HEADER_BLOCK_CAP // 1024} KB: only the fields read kept"
        )
    if len(raw) > SPLIT_MAX_SIZE:  # it goes to the standard parser (see `prepass`)
        lines = raw.count(b"\n")
        # Worth it when the lines would pass the feeding cap and are long (a 76-character base64
        # line): the pass tries each line start, so it is not run over floods of short lines.
        if lines > READ_LINES_CAP and len(raw) >= 40 * lines:
            raw = join_base64_runs(raw)
    walk = _Walk(notes)
    try:
        msg = _read(raw, notes)
    except (_TooDeep, UnicodeError) as exc:
        if isinstance(exc, _TooDeep):
            add_note(notes, f"MIME parts nested more than {MAX_PARSE_DEPTH} deep; body not read")
        else:  # the package decoding a header field in a codec such as idna
            add_note(notes, "unreadable multipart boundary; body not read")
        msg = BytesParser(policy=_POLICY).parse(io.BytesIO(_header_block(raw)), headersonly=True)
        walk.body = False
    if not len(msg):
        add_note(notes, "no header fields")
    first: dict[str, str] = {}
    addresses: dict[str, list[str]] = {}
    for name, value in msg.raw_items():  # as parsed: header_text notes 8-bit bytes it decodes
        key = name.lower()
        if key in _ADDRESS_HEADERS:
            addresses.setdefault(key, []).append(value)
        elif key in _KEPT or key.startswith(ANALYSIS_PREFIXES):
            first.setdefault(key, value)

    mail: dict[str, Any] = {"size": size}
    subject = header_text(first.get("subject"), "Subject", notes, limit=16 * MAX_SUBJECT)
    if len(subject) > MAX_SUBJECT:
        add_note(notes, f"subject cut to {MAX_SUBJECT} characters")
        subject = subject[:MAX_SUBJECT]
    mail["subject"] = subject
    if "from" in first:
        sender = parse_sender(header_text(first["from"], "From", notes, 16_000, words=False), notes)
        if sender is not None:
            mail["sender"] = sender
        if sender is None or not sender.email:
            add_note(notes, "no address in the From header")
    else:
        add_note(notes, "no From header")
    for key, values in addresses.items():
        title = _ADDRESS_HEADERS[key]
        text = header_text(", ".join(values), title, notes, 64_000, words=False)
        mail[key.replace("-", "_")] = parse_addresses(text, notes, title, MAX_ADDRESSES)
    if "date" in first:
        mail["date"] = parse_date(header_text(first["date"], "Date", notes, limit=400), notes)
    else:
        add_note(notes, "no Date header")
    mail["message_id"] = header_text(first.get("message-id"), "Message-ID", notes)[:1000]
    headers = {}
    for key, value in first.items():
        if key not in _CORE:
            headers[key] = header_text(value, key, notes)[:MAX_HEADER_VALUE]
    mail["headers"] = headers
    mail["list_id"] = headers.get("list-id", "")
    mail["list_unsubscribe"] = headers.get("list-unsubscribe", "")

    segments = walk.entity(msg, 0, inner=False, related=False) if walk.body else []
    if not any((s.kind == "plain" and s.text.strip()) or s.kind == "html" for s in segments):
        segments = walk.fallback or segments
    mail["text"], mail["text_source"] = walk.body_text(segments)
    mail["links"] = walk.links(mail["text"])
    mail["attachments"] = walk.attachments
    mail["defects"] = notes
    return ParsedMail(**mail), msg if walk.body else None


class _Walk:
    """One walk over a parsed MIME tree: the parts seen so far, and the notes."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.body = True  # False when only the header fields could be read
        self.parts = 0
        self.attachments: list[Attachment] = []
        self.htmls: list[str] = []  # decoded HTML parts; segments refer to them by index
        self.html_done: dict[int, tuple[str, list[str]] | None] = {}  # full results
        self.fallback: list[_Segment] | None = None  # the body of an attached letter

    # --- structure ---------------------------------------------------------------------------

    def entity(self, part: Message, depth: int, *, inner: bool, related: bool) -> list[_Segment]:
        """The displayable segments of one entity (a letter or a MIME part)."""
        self.parts += 1
        self.defects(part.defects, "")
        ctype = self.content_type(part)
        if ctype.startswith("multipart/"):
            return self.multipart(part, ctype, depth, inner=inner)
        if ctype in ("message/rfc822", "message/global"):
            return self.message(part, depth, inner=inner)
        disposition = part.get_content_disposition()
        seen = len(part.defects)
        params = _params(part)
        filename = self.filename(part) if disposition or "name" in params else ""
        self.defects(part.defects[seen:], "")
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            # inline (or not said): body text, as mail clients show it, even with a file name
            if filename and not inner:
                self.attach(filename, ctype, self.size(part))
            return [self.text(part, ctype, params)]
        if related and "content-id" in part and disposition != "attachment":
            return []  # a picture embedded in the HTML, not an attachment
        if not inner:
            self.attach(filename, ctype, self.size(part))
        return []

    def content_type(self, part: Message) -> str:
        """The part's MIME type; the default one (text/plain...) when missing or malformed."""
        ctype = part.get_content_type()
        if _TOKEN_TYPE.fullmatch(ctype):
            return ctype
        value = header_text(part.get("content-type"), "Content-Type", self.notes)
        add_note(self.notes, f"malformed Content-Type {value[:60]!r}")
        if part.is_multipart():  # the parser went by the main type and found parts: keep them
            main = part.get_content_maintype()
            return "multipart/mixed" if main == "multipart" else "message/rfc822"
        return part.get_default_type()

    def multipart(self, part: Message, ctype: str, depth: int, *, inner: bool) -> list[_Segment]:
        """Segments of a multipart entity: all parts' in order, or the best alternative."""
        notes = self.notes
        if depth >= MAX_DEPTH:
            add_note(notes, f"MIME nesting deeper than {MAX_DEPTH} levels was skipped")
            return []
        if part.is_multipart():
            children = part.get_payload()
        else:  # the parser found no parts: no or a wrong boundary
            if any(isinstance(d, errors.NoBoundaryInMultipartDefect) for d in part.defects):
                add_note(notes, f"{ctype} without a boundary parameter")
            body = part.get_payload(decode=True) or b""
            guessed = self.guess_boundary(body, ctype)
            if guessed is None:
                add_note(notes, f"{ctype} without readable parts; body read as plain text")
                data = body[:TEXT_RAW_CAP]
                text, _ = decode_bytes(data, None, cut=True)
                return [_Segment("plain", _clean_plain(text, "", "", _has_controls(data)))]
            children = guessed
        related = ctype == "multipart/related"
        segments: list[list[_Segment]] = []
        for child in children:
            if self.parts >= MAX_PARTS:
                add_note(notes, f"more than {MAX_PARTS} MIME parts; the rest were skipped")
                break
            segments.append(self.entity(child, depth + 1, inner=inner, related=related))
        if ctype == "multipart/alternative":
            return self.choose(segments)
        return [segment for child in segments for segment in child]

    def guess_boundary(self, body: bytes, ctype: str) -> list[Message] | None:
        """The parts of a multipart body, split on the first boundary-like line found in it."""
        m = _GUESS_BOUNDARY.search(body, 0, 65_536)
        if m is None:
            return None
        add_note(self.notes, f"{ctype} boundary not found; used the one found in the body")
        head = b'Content-Type: %s; boundary="%s"\r\n\r\n' % (ctype.encode(), m.group(1))
        try:
            container = _read(head + body, self.notes)
        except (_TooDeep, UnicodeError):
            return None
        self.defects(container.defects, "")
        parts = container.get_payload()
        return parts if isinstance(parts, list) and parts else None

    def choose(self, children: list[list[_Segment]]) -> list[_Segment]:
        """The alternative to show: plain text unless it is empty or a stub next to real HTML."""
        plain = next(
            (c for c in children if any(s.kind == "plain" and s.text.strip() for s in c)), None
        )
        html = next((c for c in reversed(children) if any(s.kind == "html" for s in c)), None)
        if plain is None or html is None:
            return plain or html or next((c for c in children if c), [])
        plain_size = sum(len(s.text) for s in plain)
        if plain_size < 200:  # "Your mail client cannot show HTML"...
            html_size = sum(len(self.html_result(s.html)[0]) for s in html if s.kind == "html")
            if html_size > 3 * plain_size + 20:
                return html
        return plain

    def message(self, part: Message, depth: int, *, inner: bool) -> list[_Segment]:
        """An attached letter: listed as an attachment; its body is kept as a fallback text."""
        notes = self.notes
        subject = ""
        payload = part.get_payload() if part.is_multipart() else None  # parsed: [letter]
        cte = _cte(part)
        if depth >= MAX_DEPTH:
            add_note(notes, f"MIME nesting deeper than {MAX_DEPTH} levels was skipped")
        elif cte not in _PLAIN_CTE:
            add_note(notes, f"attached letter in {cte[:20]!r} encoding was not opened")
        elif isinstance(payload, list) and payload and isinstance(payload[0], Message):
            letter = payload[0]
            subject = header_text(letter.get("subject"), "Subject", notes)[:100]
            segments = self.entity(letter, depth + 1, inner=True, related=False)
            if self.fallback is None and segments:
                self.fallback = segments
        if not inner:
            # No name given: the attached letter's subject names it, as mail clients do.
            filename = self.filename(part) or (f"{subject}.eml" if subject else "")
            self.attach(filename, "message/rfc822", self.size(part))
        return []

    # --- payloads ----------------------------------------------------------------------------

    def text(self, part: Message, ctype: str, params: dict[str, str]) -> _Segment:
        """A text/plain or text/html part as text (at most a cap of it)."""
        is_html = ctype == "text/html"
        data, cut = self.payload(part, HTML_RAW_CAP if is_html else TEXT_RAW_CAP)
        charset = params.get("charset")  # as get_content_charset() reads it, without a 2nd parse
        if is_html and not charset:
            m = _META_CHARSET.search(data, 0, 4096)
            charset = m.group(1).decode("ascii") if m else None
        text, note = decode_bytes(data, charset, cut=cut)
        if note:
            add_note(self.notes, f"{ctype} part: {note}")
        if is_html:
            self.htmls.append(text)
            return _Segment("html", html=len(self.htmls) - 1)
        if len(text) > 2 * MAX_TEXT:
            text = text[: 2 * MAX_TEXT]  # the rest could never be shown
        fmt, delsp = params.get("format", ""), params.get("delsp", "")
        return _Segment("plain", _clean_plain(text, fmt, delsp, _has_controls(data)))

    def payload(self, part: Message, cap: int) -> tuple[bytes, bool]:
        """The part's decoded bytes (at most `cap` of them) and whether they were cut."""
        cte = _cte(part)
        if cte not in _KNOWN_CTE:
            add_note(self.notes, f"unknown transfer encoding {cte[:30]!r}; read as is")
        if cte == "base64" or cte in _PLAIN_CTE:  # decode only what is kept of a long part
            # as stored (8-bit bytes as surrogate escapes): get_payload() would decode it whole
            encoded = part._payload
            if isinstance(encoded, str) and len(encoded) > 2 * cap:
                add_note(self.notes, f"a text part longer than {cap} bytes was cut")
                if cte == "base64":
                    return _base64_prefix(encoded[: 2 * cap])[:cap], True
                # as get_payload(decode=True) makes bytes of it: one byte a character
                return encoded[:cap].encode("utf-8", "surrogateescape"), True
        seen = len(part.defects)
        data = part.get_payload(decode=True)
        found = part.defects[seen:]
        self.defects(found, "bad base64 in a text part: ")
        if any(isinstance(d, errors.InvalidBase64LengthDefect) for d in found):
            encoded = part.get_payload()  # the package returns such base64 undecoded
            data = _base64_prefix(encoded) if isinstance(encoded, str) else b""
        if not isinstance(data, bytes):
            return b"", False
        if len(data) > cap:
            add_note(self.notes, f"a text part longer than {cap} bytes was cut")
            return data[:cap], True
        return data, False

    def size(self, part: Message) -> int:
        """Decoded size of a part, from its encoded form (base64 and long QP are not decoded)."""
        if part.is_multipart():  # an attached letter or a delivery report, parsed
            return _written_size(part.get_payload())
        cte = _cte(part)
        if cte in ("base64", "quoted-printable"):
            try:
                encoded = part.get_payload()  # as stored: a str, unless it holds 8-bit bytes
            except (LookupError, UnicodeError):  # ...decoded with a bogus declared charset
                encoded = ""
            if cte == "base64" and encoded:
                spaces = sum(encoded.count(c) for c in "\n\r \t")
                tail = encoded[-8:].rstrip()
                padding = min(2, len(tail) - len(tail.rstrip("=")))
                return max(0, (len(encoded) - spaces) * 3 // 4 - padding)
            if len(encoded) > QP_DECODE_FOR_SIZE:
                return max(0, len(encoded) - 2 * encoded.count("="))
        data = part.get_payload(decode=True)  # 8-bit data comes back as it was sent
        return len(data) if isinstance(data, bytes) else 0

    def filename(self, part: Message) -> str:
        """The part's file name: RFC 2231 read by the email package, RFC 2047 words here."""
        try:
            name = part.get_filename()
        except UnicodeError:  # RFC 2231 name in a codec without "replace" (idna)
            add_note(self.notes, "unreadable file name")
            return ""
        if not name:
            return ""
        name = to_text(name, self.notes, "file name")
        return decode_words(name, self.notes) if "=?" in name else name

    def attach(self, filename: str, ctype: str, size: int) -> None:
        """List an attachment (names are stripped of control characters and any path)."""
        if len(self.attachments) >= MAX_ATTACHMENTS:
            add_note(self.notes, f"more than {MAX_ATTACHMENTS} attachments; the rest not listed")
            return
        filename = _CONTROL.sub("", filename).replace("\\", "/").rpartition("/")[2].strip()
        self.attachments.append(Attachment(filename=filename[:255], content_type=ctype, size=size))

    def defects(self, found: list[errors.MessageDefect], prefix: str) -> None:
        """The parser's defects as notes (the boundary ones are noted by `multipart`)."""
        for defect in found:
            if isinstance(defect, _BOUNDARY_DEFECTS):
                continue
            note = _DEFECT_NOTES.get(type(defect))
            if note is None:
                note = _CAMEL.sub(" ", type(defect).__name__.removesuffix("Defect")).lower()
            add_note(self.notes, prefix + note)

    # --- text and links ----------------------------------------------------------------------

    def html_result(self, index: int) -> tuple[str, list[str]]:
        """(text, links) of an HTML part, parsed once."""
        if index not in self.html_done:
            self.html_done[index] = html_to_text(self.htmls[index])
            if self.html_done[index] is None:
                add_note(self.notes, "an HTML part could not be parsed")
        return self.html_done[index] or ("", [])

    def body_text(self, segments: list[_Segment]) -> tuple[str, str]:
        """The letter's text (bounded) and where it came from: "plain", "html" or "none"."""
        texts: list[str] = []
        source = "none"
        total = 0
        for segment in segments:
            text = segment.text if segment.kind == "plain" else self.html_result(segment.html)[0]
            text = text.strip()
            if not text:
                continue
            if source == "none":
                source = segment.kind
            texts.append(text)
            total += len(text) + 2
            if total > MAX_TEXT:
                break
        text = "\n\n".join(texts)
        if len(text) > MAX_TEXT:
            add_note(self.notes, f"text cut to {MAX_TEXT} characters")
            text = text[:MAX_TEXT]
        return text, source

    def links(self, text: str) -> list[str]:
        """URLs seen in the text, then hrefs of the HTML parts: http(s) only, deduplicated."""
        found: dict[str, None] = {}
        for m in _URL.finditer(text) if "://" in text else ():
            if len(found) >= MAX_LINKS:
                return list(found)
            url = m.group()
            if len(url) <= MAX_LINK_LENGTH:
                url = _trim_url(url)
                if len(url) > 8 and not url.endswith("://"):
                    found[url] = None
        for index in range(min(len(self.htmls), MAX_HTML_PARTS)):
            if index in self.html_done:
                hrefs = (self.html_done[index] or ("", []))[1]
            elif "href" in self.htmls[index]:
                result = html_to_text(self.htmls[index], want_text=False)
                hrefs = result[1] if result else []
            else:
                continue
            for href in hrefs:
                url = "".join(href.split())
                if url[:8].lower().startswith(("http://", "https://")) and len(url) > 8:
                    if len(found) >= MAX_LINKS:
                        return list(found)
                    if len(url) <= MAX_LINK_LENGTH:
                        found[url] = None
        return list(found)


def _cte(part: Message) -> str:
    """The Content-Transfer-Encoding, lower-cased, as `Message.get_payload` reads it."""
    return str(part.get("content-transfer-encoding", "")).lower()


def _params(part: Message) -> dict[str, str]:
    """The Content-Type parameters, names and values lower-cased (read once per part)."""
    pairs = part.get_params(failobj=[])[1:]  # the first pair is the MIME type itself
    return {name.lower(): _collapse(value).lower() for name, value in pairs}


def _collapse(value: str | tuple[str, str, str]) -> str:
    """A parameter value as text (RFC 2231 values decoded by the email package)."""
    try:
        return collapse_rfc2231_value(value)
    except UnicodeError:  # a charset codec without "replace" (idna): keep the raw text
        return value[2] if isinstance(value, tuple) else value


def _written_size(parts: list[Message]) -> int:
    """About the size of parsed entities as written out (header lines, a blank line, the body;
    boundary lines): counted, not generated, since re-serialising every header field of a
    report with 20,000 blocks took 1.4 s. Linear in the parts and fields."""
    total = 0
    stack = list(parts)
    while stack:
        msg = stack.pop()
        total += sum(len(name) + len(value) + 4 for name, value in msg.raw_items()) + 2
        payload = msg.get_payload()
        if isinstance(payload, list):
            boundary = len(msg.get_boundary("") or "") + 6  # "--b\r\n" before each part
            total += boundary * (len(payload) + 1)
            stack.extend(p for p in payload if isinstance(p, Message))
        elif isinstance(payload, str):
            total += len(payload)
    return total


def _base64_prefix(encoded: str) -> bytes:
    """What base64 cut anywhere holds (a length of 4n+1 after a cut in transit): a last lone
    character carries no whole byte, the rest decodes."""
    clean = _NOT_BASE64.sub("", encoded)
    clean = clean[: len(clean) // 4 * 4] if len(clean) % 4 == 1 else clean + "=" * (-len(clean) % 4)
    try:
        return a2b_base64(clean)
    except ValueError:  # binascii.Error
        return b""


def _has_controls(data: bytes) -> bool:
    """Whether decoded text may hold control characters (checked on bytes: much faster)."""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _clean_plain(text: str, fmt: str, delsp: str, controls: bool) -> str:
    """Plain text as shown: LF line ends, format=flowed unwrapped, no control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "flowed":
        body, sig, signature = text.partition("\n-- \n")
        joiner = "" if delsp == "yes" else " "
        text = body.replace(" \n", joiner) + sig + signature
    if controls:
        text = _CONTROL.sub("", text)
    return _BLANK_LINES.sub("\n\n", text)


def _trim_url(url: str) -> str:
    """A URL found in text without the punctuation that ends the sentence around it."""
    url = url.rstrip(_URL_TAIL)
    unmatched = url.count(")") - url.count("(")  # "(see https://x.org/a)" keeps no ")"
    while unmatched > 0 and url.endswith(")"):
        url = url[:-1].rstrip(_URL_TAIL)
        unmatched -= 1
    return url
