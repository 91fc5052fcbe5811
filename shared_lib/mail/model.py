"""The parsed form of one letter, as every later step (analysis, storage, rendering) sees it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Address(BaseModel):
    """A decoded mailbox: display name (RFC 2047 decoded) and address (lower-cased)."""

    name: str = ""
    email: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2] if "@" in self.email else ""


class Attachment(BaseModel):
    filename: str
    content_type: str
    size: int  # decoded size in bytes (estimated from the encoded size when undecodable)


class ParsedMail(BaseModel):
    """What could be read from a letter; fields are empty, never missing, when unreadable."""

    message_id: str = ""  # the RFC 822 Message-ID header
    subject: str = ""
    sender: Address = Field(default_factory=Address)  # From
    reply_to: list[Address] = Field(default_factory=list)
    to: list[Address] = Field(default_factory=list)
    cc: list[Address] = Field(default_factory=list)
    date: datetime | None = None  # timezone-aware when the Date header is readable
    list_id: str = ""
    list_unsubscribe: str = ""
    # Lower-cased names of headers that matter to the analysis (auto-submitted, precedence,
    # x-auto-response-suppress, x-mailer, in-reply-to, references, importance, x-priority...).
    headers: dict[str, str] = Field(default_factory=dict)
    text: str = ""  # body text (from text/plain, else from HTML), bounded in length
    text_source: str = "none"  # "plain" | "html" | "none"
    links: list[str] = Field(default_factory=list)  # hrefs found in HTML parts, and URLs in text
    attachments: list[Attachment] = Field(default_factory=list)
    defects: list[str] = Field(default_factory=list)  # human-readable notes on what was unreadable
    size: int = 0  # raw size in bytes
