"""What learning changed about a letter, and why: kept on the letter's record, so that the
notification (and anything shown later) can say it in the user's language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Effect = Literal["urgent", "normal", "low", "digest"]  # raised to / lowered to / sent to
Signal = Literal[
    "reply_fast", "replied", "marked_important", "marked_not_important", "read_soon", "unread"
]
Kind = Literal["sender", "list", "domain", "gmail", "category", "contact", "urgency"]
Urgency = Literal["urgent", "normal", "low"]


class LearnedWhy(BaseModel):
    """``effect`` of learning on the letter, from ``k`` of ``n`` observations of ``signal`` on
    the letters sharing its feature (``kind``: ``subject``)."""

    effect: Effect
    signal: Signal
    kind: Kind
    subject: str = ""  # a sender's name or address, a list id, a domain, a category…
    k: int = 0
    n: int = 0
    was: Urgency = "normal"  # the analysis' own urgency, before learning changed it
