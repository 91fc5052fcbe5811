"""One letter prepared for the analysers: its own words, their keywords, and its Date in the
user's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared_lib.analysis.body import (
    MAX_TEXT,
    has_case_twins,
    lower_keeping_length,
    own_text_and_quote,
    sentences,
)
from shared_lib.analysis.keywords import vocabulary
from shared_lib.analysis.vocabulary import Hit, words
from shared_lib.mail.model import ParsedMail


@dataclass
class Letter:
    """What every analyser reads, computed once per letter."""

    mail: ParsedMail
    subject: str
    text: str  # the whole body, bounded
    text_low: str  # text lower-cased (places, sender and reply look for phrases in it)
    quote_at: int  # where the earlier letter a reply quotes begins in `text` (or its end)
    own: str  # the sender's own words (see body.own_text)
    own_sentences: tuple[str, ...]  # the own words, sentence by sentence (reply and gist)
    subject_and_own: str  # the subject, a line break, the own words
    low: str  # subject_and_own lower-cased, ё as е, index for index
    tz: tzinfo  # the user's time zone
    sent: datetime | None  # the letter's Date in the user's time zone
    subject_hits: tuple[Hit, ...]  # keywords (keywords.py) in the subject
    own_hits: tuple[Hit, ...]  # keywords in the own words
    by_label: dict[str, list[Hit]]  # both, by label: subject first

    def hits(self, label: str) -> list[Hit]:
        """Keywords with this label, in the subject and then in the own words."""
        return self.by_label.get(label, [])

    def has(self, label: str) -> bool:
        return label in self.by_label

    @cached_property
    def text_low_exact(self) -> bool:
        """Whether a case-insensitive regex finds in `text` just what its lower-case form finds
        in `text_low`, at the same indexes (the text has no body.CASE_TWINS)."""
        return not has_case_twins(self.text)


def prepare(mail: ParsedMail, timezone: str) -> Letter:
    """Build the analysers' view of a letter; an unknown time zone counts as UTC."""
    tz = user_zone(timezone)
    sent = local_date(mail.date, tz)
    text = mail.text[:MAX_TEXT]
    subject = " ".join(mail.subject.split())
    text_low = text.lower()
    own, quote_at = own_text_and_quote(text, mail.sender.name, text_low)
    subject_and_own = f"{subject}\n{own}" if subject else own
    low = lower_keeping_length(subject_and_own).replace("ё", "е")
    keywords = vocabulary()
    split = len(subject) + 1 if subject else 0
    subject_hits = tuple(keywords.find(words(low[:split])))
    own_hits = tuple(keywords.find(words(low[split:])))
    by_label: dict[str, list[Hit]] = {}
    for hit in subject_hits + own_hits:
        by_label.setdefault(hit.label, []).append(hit)
    return Letter(
        mail=mail,
        subject=subject,
        text=text,
        text_low=text_low,
        quote_at=quote_at,
        own=own,
        own_sentences=tuple(sentences(own)),
        subject_and_own=subject_and_own,
        low=low,
        tz=tz,
        sent=sent,
        subject_hits=subject_hits,
        own_hits=own_hits,
        by_label=by_label,
    )


# A Date outside these years is no Date: dates relative to it (a weekday, "tomorrow", "within
# 999 weeks") would fall off the calendar (datetime.max is in the year 9999).
EARLIEST_DATE = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_DATE = datetime(2999, 12, 31, tzinfo=UTC)


def local_date(value: datetime | None, tz: tzinfo) -> datetime | None:
    """The letter's Date in the user's time zone; None when it is missing, has no zone, or lies
    outside EARLIEST_DATE..LATEST_DATE."""
    if value is None or value.utcoffset() is None:
        return None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    try:
        return value.astimezone(tz)
    except (OverflowError, ValueError):
        return None


@lru_cache(maxsize=64)
def user_zone(name: str) -> tzinfo:
    """The IANA zone by name, UTC when it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
