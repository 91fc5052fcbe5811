"""The analysis of one letter. Every label carries the evidence that produced it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

SenderKind = Literal["person", "automated", "mailing_list"]
Urgency = Literal["urgent", "normal", "low"]
PlaceKind = Literal["meeting_link", "address", "city", "room"]
CATEGORIES = (
    "work",
    "personal",
    "finance",
    "travel",
    "shopping",
    "promotions",
    "social",
    "notifications",
    "security",
    "newsletters",
)


class Evidence(BaseModel):
    """Why a label was given: where it was seen and the words (or header) that produced it."""

    source: str  # "subject", "body", "header:List-Id", "rule:VIP", "deadline"...
    text: str


class SenderInfo(BaseModel):
    name: str = ""
    email: str = ""
    domain: str = ""
    kind: SenderKind = "person"
    categories: list[str] = Field(default_factory=list)  # user lists that matched: "VIP", ...
    known_contact: bool = False  # the user has written to this address
    evidence: list[Evidence] = Field(default_factory=list)


class Deadline(BaseModel):
    at: datetime  # timezone-aware, in the user's time zone
    has_time: bool  # False: only the date is meant ("до пятницы")
    evidence: list[Evidence] = Field(default_factory=list)


class EventTime(BaseModel):
    """When the letter's event (a meeting, a call, a dinner) takes place: not a deadline."""

    at: datetime  # timezone-aware, in the user's time zone
    has_time: bool  # False: only the day is known ("концерт в субботу")
    evidence: list[Evidence] = Field(default_factory=list)


class Place(BaseModel):
    kind: PlaceKind
    text: str  # short display form: "Zoom", "Тверская, д. 7", "переговорная 301"
    url: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class AnalysisContext(BaseModel):
    """What the analysis needs to know about the recipient. No I/O: the caller loads it."""

    timezone: str = "UTC"
    user_emails: list[str] = Field(default_factory=list)  # the recipient's own addresses
    # Sender lists by name ("VIP", "colleagues"...): entries are addresses or domains.
    sender_lists: dict[str, list[str]] = Field(default_factory=dict)
    # Hashtags ("project-x") to their keywords/phrases.
    hashtags: dict[str, list[str]] = Field(default_factory=dict)
    vip_lists: list[str] = Field(default_factory=lambda: ["VIP"])  # list names that mean "VIP"
    known_contacts: list[str] = Field(default_factory=list)  # addresses the user has written to
    # Gmail's labelIds of the letter (IMPORTANT, CATEGORY_PROMOTIONS...), where Gmail gave them.
    gmail_labels: list[str] = Field(default_factory=list)


class Analysis(BaseModel):
    sender: SenderInfo = Field(default_factory=SenderInfo)
    reply_expected: bool = False
    reply_evidence: list[Evidence] = Field(default_factory=list)
    deadline: Deadline | None = None
    event_time: EventTime | None = None  # the letter's event, resolved to a date (not a task)
    places: list[Place] = Field(default_factory=list)
    category: str = "notifications"
    category_evidence: list[Evidence] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    hashtag_evidence: list[Evidence] = Field(default_factory=list)
    urgency: Urgency = "normal"
    urgency_reasons: list[Evidence] = Field(default_factory=list)
    gist: str = ""
    # The letter's time budget ran out between two stages: the later ones were not run.
    partial: bool = False
