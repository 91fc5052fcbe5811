"""Gmail's own labels for a letter arriving in the stand-in, roughly as Gmail assigns them.

Gmail files every INBOX letter under one tab and marks some ``IMPORTANT``. Its classifier is
private; this reads the same signals it is known to weigh, from the headers and a little text,
independently of Telemail's analysis (so the two can disagree, as they do with real Gmail):
- a social network's domain → ``CATEGORY_SOCIAL``;
- bulk mail (``List-Unsubscribe``, ``List-Id``, ``Precedence: bulk``) with marketing words
  → ``CATEGORY_PROMOTIONS``; a discussion list (``List-Post`` or ``Precedence: list``, no
  unsubscribe link) → ``CATEGORY_FORUMS``; other bulk mail → ``CATEGORY_UPDATES``;
- a machine sender (``Auto-Submitted``, ``noreply@``, ``notifications@``…) → ``CATEGORY_UPDATES``;
- anything else is person to person → ``CATEGORY_PERSONAL`` and ``IMPORTANT``.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses

SOCIAL_DOMAINS = (
    "facebook.com", "facebookmail.com", "linkedin.com", "instagram.com", "twitter.com", "x.com",
    "vk.com", "vk.ru", "ok.ru", "reddit.com", "redditmail.com", "pinterest.com", "tiktok.com",
    "mastodon.social", "threads.net", "meetup.com", "quora.com",
    "circlespace.com", "krug-druzey.ru",  # the demo letters' networks: Gmail knows its sites
)  # fmt: skip
_MARKETING = re.compile(
    r"\d\s?%|\bsale\b|discount|\boffer|promo|coupon|deal|скидк|распродаж|акци|промокод|выгод",
    re.IGNORECASE,
)
_MACHINE_LOCAL = re.compile(
    r"no[-_.]?reply|do[-_.]?not[-_.]?reply|notif|alert|mailer|robot|\bbot\b|info|news|updates?"
    r"|billing|support|service|account|security|orders?|tickets?|booking",
    re.IGNORECASE,
)


def gmail_labels_for(raw: bytes) -> list[str]:
    """The tab label, and ``IMPORTANT`` where Gmail would likely set it, for an INBOX letter."""
    head = message_from_bytes(raw, policy=policy.compat32)
    sender = (getaddresses([str(head.get("From", ""))]) or [("", "")])[0][1].lower()
    local, _, domain = sender.partition("@")
    if any(domain == d or domain.endswith("." + d) for d in SOCIAL_DOMAINS):
        return ["CATEGORY_SOCIAL"]
    precedence = str(head.get("Precedence", "")).strip().lower()
    unsubscribe = head.get("List-Unsubscribe") is not None
    if unsubscribe or head.get("List-Id") is not None or precedence in ("bulk", "list"):
        if _MARKETING.search(f"{head.get('Subject', '')} {_text(head)[:3000]}"):
            return ["CATEGORY_PROMOTIONS"]
        if not unsubscribe and (head.get("List-Post") is not None or precedence == "list"):
            return ["CATEGORY_FORUMS"]
        return ["CATEGORY_UPDATES"]
    auto = str(head.get("Auto-Submitted", "no")).strip().lower()
    if auto != "no" or _MACHINE_LOCAL.search(local):
        return ["CATEGORY_UPDATES"]
    return ["CATEGORY_PERSONAL", "IMPORTANT"]


def _text(message: Message) -> str:
    """The first text part, decoded loosely (enough to spot marketing words)."""
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                try:
                    return payload.decode(part.get_content_charset() or "utf-8", "replace")
                except LookupError:
                    return payload.decode("latin-1")
    return ""
