"""Documents and messages Telemail stores and passes between functions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, field_validator

from shared_lib.analysis.model import Analysis
from shared_lib.learning.why import LearnedWhy
from shared_lib.safe_text import visible

Lang = Literal["ru", "en"]
AccountStatus = Literal["active", "revoked", "error"]


def lang_from_telegram(language_code: str | None) -> Lang:
    """Russian for ru/uk/be Telegram clients, English otherwise."""
    code = (language_code or "").lower().split("-")[0]
    return "ru" if code in {"ru", "uk", "be", "kk"} else "en"


class QuietHours(BaseModel):
    """Wall-clock times "HH:MM" in the user's zone; the period may cross midnight."""

    start: str
    end: str
    allow_urgent: bool = True


class DigestSchedule(BaseModel):
    mode: Literal["off", "hourly", "daily"] = "off"
    at: str | None = None  # "HH:MM" for daily


class User(BaseModel):
    """``users/{telegram_user_id}``."""

    user_id: int
    chat_id: int
    lang: Lang = "en"
    timezone: str = "UTC"
    timezone_chosen: bool = False  # set by /tz, the zone buttons, the settings page
    first_name: str = ""
    quiet_hours: QuietHours | None = None
    digest: DigestSchedule = Field(default_factory=DigestSchedule)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Account(BaseModel):
    """``users/{uid}/accounts/{email}``: a connected mailbox. The refresh token is sealed."""

    user_id: int
    email: str
    name: str = ""
    provider: Literal["gmail"] = "gmail"
    sealed_refresh_token: str
    scopes: list[str] = Field(default_factory=list)
    status: AccountStatus = "active"
    history_id: str = ""  # Gmail history checkpoint
    watch_expires_at: datetime | None = None
    connected_at: datetime | None = None
    synced_at: datetime | None = None  # when the checkpoint last moved
    watch_error: str = ""  # why the last Gmail watch renewal failed ("" when it did not)
    watch_error_at: datetime | None = None  # first failure since the last successful renewal
    watch_error_reported: bool = False  # the user was told of this failure episode
    # Addresses the user has written to from this mailbox (seen in SENT), newest last, bounded.
    known_contacts: list[str] = Field(default_factory=list)
    # The mailbox's own addresses (shared_lib/mailbox_addresses.py): Gmail's profile and send-as
    # aliases, read on connect and at watch renewal; and those letters were delivered to.
    own_addresses: list[str] = Field(default_factory=list)
    own_addresses_at: datetime | None = None
    delivered_to: list[str] = Field(default_factory=list)


class Button(BaseModel):
    """An inline keyboard button: exactly one of ``url`` / ``callback_data`` / ``web_app``."""

    text: str
    url: str | None = None
    callback_data: str | None = None  # at most 64 bytes
    web_app: str | None = None  # URL of a Telegram Mini App

    @field_validator("text")
    @classmethod
    def _visible(cls, text: str) -> str:
        """A label may hold a letter's subject: nothing in it may reorder or hide text."""
        return visible(text)


class DocumentRef(BaseModel):
    """An attachment to upload, by reference only: the outbox fetches it from Gmail when it
    sends (a file of up to 25 MB, ``reader.attachments.MAX_UPLOAD``, cannot ride in a Pub/Sub
    message, and is never stored)."""

    user_id: int
    message_id: str  # Gmail message id of the user's letter
    part_id: str  # Gmail part id of the attachment in format=full
    lang: Lang = "en"


class OutboxMessage(BaseModel):
    """One thing to say in Telegram; the outbox drain sends it once per ``key``."""

    key: str  # idempotency key: the same key is sent at most once
    chat_id: int
    text: str  # Telegram HTML, already escaped (for "document": the caption)
    buttons: list[list[Button]] = Field(default_factory=list)
    method: Literal["send", "edit", "answer_callback", "document"] = "send"
    message_id: int | None = None  # for "edit"
    callback_query_id: str | None = None  # for "answer_callback"
    show_alert: bool = False  # for "answer_callback": a dialog to dismiss, not a passing toast
    disable_preview: bool = True
    # "send": further messages sent after ``text``, in this order; the buttons go on the last.
    parts: list[str] = Field(default_factory=list)
    document: DocumentRef | None = None  # for "document"


class AccountEvent(BaseModel):
    """Something that happened to one of a user's mailboxes (``email``), to be told in their
    chat; ``type`` tells the kinds apart on the events topic."""

    event_id: str = ""
    user_id: int
    chat_id: int
    lang: Lang
    email: str

    @classmethod
    def to_user(cls, user: User, email: str, **details: Any) -> Self:
        """This event about ``email``, for ``user``'s chat in their language, with a fresh id."""
        return cls(
            event_id=uuid.uuid4().hex,
            user_id=user.user_id,
            chat_id=user.chat_id,
            lang=user.lang,
            email=email,
            **details,
        )


class AccountConnected(AccountEvent):
    type: Literal["account.connected"] = "account.connected"
    name: str = ""
    moved_from_other_user: bool = False


class AccountTakenAway(AccountEvent):
    """A mailbox this user had connected was taken off them by the mailbox's owner at the
    consent page: ``moved`` to another Telegram user, or ``disowned`` (the owner said this
    Telegram account is not theirs). Tell them."""

    type: Literal["account.taken_away"] = "account.taken_away"
    reason: Literal["moved", "disowned"]


NotifyState = Literal["pending", "published", "held", "digest", "dropped", "skipped"]
WhyCode = Literal[
    "muted",  # name: the muted address or domain
    "list_mute",  # name: the sender list whose mode is mute
    "vip",  # name: the VIP list
    "rule",  # kind, name, mode: the list, hashtag or category rule that decided
    "over",  # kind, name, mode: the quieter rule it beat
    "learned",  # mode: important | not_important; name: the feature that decided
    "urgent_through_quiet",
    "quiet_hours",
    "older_than_sync",
    "analysis_failed",  # name: the error
]
RuleKind = Literal["", "list", "hashtag", "category"]
_RULE_SOURCE = {"list": "sender list {}", "hashtag": "#{}", "category": "category {}"}


class WhyPart(BaseModel):
    """One step of why a letter was (not) notified: a code and its parameters, worded in the
    user's language where it is shown (``shared_lib.notify_why``)."""

    code: WhyCode
    kind: RuleKind = ""
    name: str = ""
    mode: str = ""

    @property
    def english(self) -> str:
        """The step in the stable English of ``notify_reason`` (``decide.override_of`` reads
        it back)."""
        source = _RULE_SOURCE[self.kind].format(self.name) if self.kind else ""
        match self.code:
            case "muted":
                return f"muted sender {self.name}"
            case "list_mute":
                return f"sender list {self.name}: mute"
            case "vip":
                return f"VIP sender ({self.name})"
            case "rule":
                return f"{source}: {self.mode}"
            case "over":
                return f"over {source}: {self.mode}"
            case "learned":
                return f"learned: {self.mode.replace('_', ' ')} ({self.name})"
            case "urgent_through_quiet":
                return "urgent, let through quiet hours"
            case "quiet_hours":
                return "quiet hours"
            case "older_than_sync":
                return "older than the last sync"
            case "analysis_failed":
                return f"analysis failed: {self.name}"


def why_text(why: Sequence[WhyPart]) -> str:
    """The steps in ``notify_reason``'s stable English ("#bills: instant; quiet hours")."""
    return "; ".join(part.english for part in why)


def why_fields(why: Sequence[WhyPart]) -> dict[str, Any]:
    """A record's ``notify_why`` and the same in ``notify_reason``'s English."""
    return {"notify_why": list(why), "notify_reason": why_text(why)}


class MailRecord(BaseModel):
    """``users/{uid}/mail/{gmail_message_id}``: what digests and history need, no full body."""

    message_id: str
    thread_id: str
    account: str  # the mailbox address
    received_at: datetime  # Gmail's internalDate
    subject: str = ""
    sender_name: str = ""
    sender_email: str = ""
    attachments: list[str] = Field(default_factory=list)
    defects: list[str] = Field(default_factory=list)
    analysis: Analysis = Field(default_factory=Analysis)
    notify_state: NotifyState = "pending"
    notify_reason: str = ""  # the decision's reason: "why" this letter was (not) notified
    notify_why: list[WhyPart] = Field(default_factory=list)  # the same, structured (empty in
    # records stored before it: they show notify_reason as it is)
    hold_until: datetime | None = None  # for "held": when quiet hours end
    awaiting_reply: bool = False  # reply expected and not yet given
    replied_at: datetime | None = None  # when the user replied in Gmail or marked it done
    feedback: Literal["important", "not_important"] | None = None
    gmail_category: str = ""  # Gmail's CATEGORY_* label, if any (a feature of the learning)
    learned: LearnedWhy | None = None  # what learning changed about this letter, and why
    created_at: datetime | None = None
    expires_at: datetime | None = None  # Firestore TTL


class AccountRevoked(AccountEvent):
    type: Literal["account.revoked"] = "account.revoked"
