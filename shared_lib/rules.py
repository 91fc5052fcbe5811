"""The user's rules: hashtags, sender lists (VIP, colleagues…), per-category modes, muted senders.

Stored as one document, ``users/{uid}/rules/current``, so the decision step reads them at once.
Sender entries are addresses (``anna@corp.com``) or domains (``corp.com``, matching subdomains).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from shared_lib.analysis.model import CATEGORIES, AnalysisContext

NotifyMode = Literal["instant", "digest", "mute"]
NOTIFY_MODES: tuple[NotifyMode, ...] = ("instant", "digest", "mute")

MAX_HASHTAGS = 50
MAX_KEYWORDS = 30
MAX_LISTS = 20
MAX_ENTRIES = 500
MAX_MUTED = 1000
VIP = "VIP"

_TAG = re.compile(r"^[\w-]{1,32}$")
_LIST_NAME = re.compile(r"^[\w-]{1,32}$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$")
# The local part is a dot-atom (RFC 5322 atext, letters of any script): no spaces, quotes,
# angle brackets, controls or invisible characters, so a stored entry is only an address.
_ADDRESS = re.compile(
    r"^(?=[^@]{1,64}@)[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$"
)


class Hashtag(BaseModel):
    keywords: list[str] = Field(default_factory=list)
    mode: NotifyMode = "instant"


class SenderList(BaseModel):
    entries: list[str] = Field(default_factory=list)
    mode: NotifyMode = "instant"
    vip: bool = False  # letters from VIP senders are notified at once and count as urgent


class Rules(BaseModel):
    """``users/{uid}/rules/current``."""

    hashtags: dict[str, Hashtag] = Field(default_factory=dict)
    sender_lists: dict[str, SenderList] = Field(default_factory=dict)
    category_modes: dict[str, NotifyMode] = Field(default_factory=dict)
    muted: list[str] = Field(default_factory=list)
    # Senders whose remote pictures the letter viewer loads without asking (a preference).
    image_senders: list[str] = Field(default_factory=list)

    def analysis_context(
        self, timezone: str, user_emails: list[str], known_contacts: list[str] | None = None
    ) -> AnalysisContext:
        return AnalysisContext(
            timezone=timezone,
            user_emails=user_emails,
            known_contacts=known_contacts or [],
            sender_lists={name: lst.entries for name, lst in self.sender_lists.items()},
            hashtags={tag: h.keywords for tag, h in self.hashtags.items()},
            vip_lists=[name for name, lst in self.sender_lists.items() if lst.vip],
        )


def normalize_tag(name: str) -> str | None:
    """``#Project-X`` → ``project-x``; None when it is not a usable tag."""
    tag = name.strip().lstrip("#").lower()
    return tag if _TAG.match(tag) else None


def normalize_list_name(name: str) -> str | None:
    name = name.strip()
    if name.lower() == VIP.lower():
        return VIP
    return name.lower() if _LIST_NAME.match(name) else None


def normalize_sender(entry: str) -> str | None:
    """An address or a domain, lower-cased (``@corp.com`` → ``corp.com``); None if neither."""
    value = entry.strip().strip("<>,;").lower()
    value = value.removeprefix("@")
    if _ADDRESS.match(value) or _DOMAIN.match(value):
        return value
    return None


def sender_matches(entry: str, address: str) -> bool:
    """An entry matches its address exactly, or a domain and its subdomains."""
    address = address.lower()
    if "@" in entry:
        return address == entry
    domain = address.rpartition("@")[2]
    return domain == entry or domain.endswith("." + entry)


def is_category(name: str) -> bool:
    return name in CATEGORIES
