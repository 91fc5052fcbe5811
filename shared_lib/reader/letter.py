"""What the reader needs of a raw letter beyond ``ParsedMail``: the HTML body, the pictures it
embeds (``cid:``) and the attachments with their Gmail part ids.

The letter is parsed once, by ``shared_lib.mail.parse.parse_message_tree`` (the project's one
parser, with its bounds on depth, lines and parts): the header fields and the text come from
its ``ParsedMail``, and this module walks the MIME tree it read for the parts only the reader
shows. Part ids are numbered as Gmail numbers them in ``format=full`` (``""`` for a letter
that is not multipart, ``"0"``, ``"1"``, ``"1.0"``... for parts), so that an attachment can
later be fetched with ``users.messages.attachments.get`` from its id alone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from email.message import Message

from shared_lib.mail.charsets import decode_bytes
from shared_lib.mail.headers import decode_words
from shared_lib.mail.model import ParsedMail
from shared_lib.mail.parse import parse_message_tree
from shared_lib.safe_text import visible

log = logging.getLogger(__name__)

MAX_PARTS = 500
MAX_DEPTH = 20
MAX_HTML = 1_000_000  # decoded bytes of the HTML body kept
MAX_INLINE_IMAGE = 2_000_000  # one embedded picture, decoded
MAX_INLINE_TOTAL = 6_000_000  # all of them
MAX_ATTACHMENTS = 100
MAX_FILENAME = 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CID = re.compile(r"^<?([^<>\s]{1,500})>?$")


@dataclass(frozen=True)
class AttachmentPart:
    part_id: str
    filename: str  # display-safe: no path, no control or bidi character
    content_type: str
    size: int  # decoded bytes (estimated for base64)


@dataclass(frozen=True)
class InlineImage:
    content_type: str
    data: bytes


@dataclass
class LetterContent:
    """One letter as the reader shows it. Lives for one request; nothing of it is stored."""

    mail: ParsedMail
    html: str = ""
    inline: dict[str, InlineImage] = field(default_factory=dict)  # by Content-ID
    attachments: list[AttachmentPart] = field(default_factory=list)

    def attachment(self, part_id: str) -> AttachmentPart | None:
        return next((a for a in self.attachments if a.part_id == part_id), None)


def safe_filename(name: str, content_type: str = "") -> str:
    """A file name that is only a name: no directory, control or invisible character."""
    name = visible(_CONTROL.sub("", name)).replace("\\", "/").rpartition("/")[2].strip(" .")
    if not name:
        subtype = content_type.partition("/")[2]
        name = f"attachment.{subtype}" if subtype.isalnum() else "attachment"
    return name[:MAX_FILENAME]


def read_letter(raw: bytes) -> LetterContent:
    """Parse ``raw`` for reading. Never raises: an unreadable part is left out."""
    mail, message = parse_message_tree(raw)
    content = LetterContent(mail=mail)
    if message is None:  # only the header fields could be read: the defects say why
        return content
    try:
        _Walk(content).part(message, "", 0)
    except Exception:  # a part the package cannot decode: what was read before it is shown
        log.warning("reader: a MIME part could not be read")
    return content


class _Walk:
    def __init__(self, content: LetterContent) -> None:
        self.content = content
        self.parts = 0
        self.inline_total = 0

    def part(self, part: Message, part_id: str, depth: int) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS or depth > MAX_DEPTH:
            return
        ctype = part.get_content_type()
        if part.is_multipart() and ctype.startswith("multipart/"):
            children = part.get_payload()
            if isinstance(children, list):
                for i, child in enumerate(children):
                    if isinstance(child, Message):
                        self.part(child, f"{part_id}.{i}" if part_id else str(i), depth + 1)
            return
        disposition = part.get_content_disposition()
        filename = self.filename(part)
        if ctype == "text/html" and disposition != "attachment" and not filename:
            if not self.content.html:
                self.content.html = self.text(part, MAX_HTML)
            return
        if ctype == "text/plain" and disposition != "attachment" and not filename:
            return  # the text comes from parse_message
        cid = _CID.match((part.get("content-id") or "").strip())
        if cid and ctype.startswith("image/") and disposition != "attachment":
            self.inline(cid.group(1), ctype, part)
            return
        if len(self.content.attachments) < MAX_ATTACHMENTS:
            self.content.attachments.append(
                AttachmentPart(part_id, safe_filename(filename, ctype), ctype, _size(part))
            )

    @staticmethod
    def filename(part: Message) -> str:
        try:
            name = part.get_filename() or ""
        except (UnicodeError, LookupError):
            return ""
        name = str(name)
        return decode_words(name, []) if "=?" in name else name

    @staticmethod
    def text(part: Message, cap: int) -> str:
        try:
            data = part.get_payload(decode=True)
        except Exception:
            return ""
        if not isinstance(data, bytes):
            return ""
        text, _note = decode_bytes(data[:cap], part.get_content_charset(), cut=len(data) > cap)
        return text

    def inline(self, cid: str, ctype: str, part: Message) -> None:
        try:
            data = part.get_payload(decode=True)
        except Exception:
            return
        if not isinstance(data, bytes) or len(data) > MAX_INLINE_IMAGE:
            return
        if self.inline_total + len(data) > MAX_INLINE_TOTAL:
            return
        self.inline_total += len(data)
        self.content.inline[cid] = InlineImage(ctype, data)


def _size(part: Message) -> int:
    payload = part.get_payload()
    if not isinstance(payload, str):
        return 0
    if (part.get("content-transfer-encoding") or "").strip().lower() == "base64":
        return len(payload.replace("\n", "").replace("\r", "")) * 3 // 4
    return len(payload)
