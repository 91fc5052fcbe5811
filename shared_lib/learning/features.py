"""The features a letter is judged by: ``"<kind>:<value>"`` keys, most specific first.

Kinds: ``s`` sender address, ``l`` List-Id, ``d`` sender domain (not for free-mail domains,
where it says nothing about the sender), ``g`` Gmail's category label, ``c`` Telemail's
category, ``k`` "you wrote to them", ``u`` the analysis' urgency. The same function serves the
prediction (at sync time) and the signals (from the stored record), so both see the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from shared_lib.analysis.category import FREE_MAIL_DOMAINS
from shared_lib.analysis.model import Analysis

FeatureKind = Literal["sender", "list", "domain", "gmail", "category", "contact", "urgency"]
KINDS: dict[str, FeatureKind] = {
    "s": "sender",
    "l": "list",
    "d": "domain",
    "g": "gmail",
    "c": "category",
    "k": "contact",
    "u": "urgency",
}
MAX_VALUE = 80  # characters of a feature's value (a List-Id may be long)
LIST_ID_SOURCE = "header:List-Id"


def _clip(value: str) -> str:
    return " ".join(value.split())[:MAX_VALUE]


def list_id_of(analysis: Analysis) -> str:
    """The letter's List-Id (as the sender analysis saw it), normalized; '' when none."""
    for evidence in analysis.sender.evidence:
        if evidence.source == LIST_ID_SOURCE:
            text = evidence.text.strip().lower()
            if "<" in text and ">" in text:  # "Shop news <news.shop.example>"
                text = text[text.rindex("<") + 1 : text.rindex(">")]
            return _clip(text)
    return ""


def letter_features(
    sender_email: str, analysis: Analysis, gmail_labels: Iterable[str] = ()
) -> list[str]:
    """The letter's feature keys, most specific first (no duplicates)."""
    keys: list[str] = []
    sender = sender_email.strip().lower()
    if "@" in sender:
        keys.append(f"s:{_clip(sender)}")
    list_id = list_id_of(analysis)
    if list_id:
        keys.append(f"l:{list_id}")
    domain = sender.rpartition("@")[2]
    if "@" in sender and domain and domain not in FREE_MAIL_DOMAINS:
        keys.append(f"d:{_clip(domain)}")
    category = gmail_category(gmail_labels)
    if category:
        keys.append(f"g:{category}")
    keys.append(f"c:{analysis.category}")
    if analysis.sender.known_contact:
        keys.append("k:known")
    keys.append(f"u:{analysis.urgency}")
    return keys


def gmail_category(labels: Iterable[str]) -> str:
    """Gmail's category of a letter from its labels ("promotions"), '' when none is given."""
    found = sorted(lb for lb in labels if lb.startswith("CATEGORY_") and lb != "CATEGORY_PERSONAL")
    return found[0].removeprefix("CATEGORY_").lower() if found else ""


def kind_of(key: str) -> FeatureKind:
    return KINDS[key.partition(":")[0]]


def value_of(key: str) -> str:
    return key.partition(":")[2]
