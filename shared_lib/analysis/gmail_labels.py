"""Gmail's own labels (``labelIds`` of a fetched letter) as evidence, never as the verdict.

Gmail sorts mail into tabs (``CATEGORY_PROMOTIONS``, ``CATEGORY_SOCIAL``, ``CATEGORY_UPDATES``,
``CATEGORY_FORUMS``, ``CATEGORY_PERSONAL``) and marks some letters ``IMPORTANT``. Where a letter
carries them they weigh in like any other clue, shown as ``gmail:label`` evidence:
- a tab adds to the scores of the categories Gmail files under it (Promotions and Social
  strongly, Updates a little), so it breaks ties and corrects obvious conflicts (a cashback
  offer is promotions, not finance) but loses to clear words of another category;
- Promotions or Social on a letter that looked written by a person, from nobody the user wrote to
  or listed, makes the sender a machine (Gmail saw the bulk sending we could not);
- ``IMPORTANT`` raises nothing alone: it keeps a letter that asks the user to do something at
  normal where the rules would have called it low.
Letters without labels (the corpora, other providers) are analysed exactly as before.
"""

from __future__ import annotations

from collections.abc import Collection

from shared_lib.analysis.model import Evidence, SenderInfo, Urgency

SOURCE = "gmail:label"
IMPORTANT = "IMPORTANT"
PROMOTIONS = "CATEGORY_PROMOTIONS"
SOCIAL = "CATEGORY_SOCIAL"
UPDATES = "CATEGORY_UPDATES"
FORUMS = "CATEGORY_FORUMS"
PERSONAL = "CATEGORY_PERSONAL"

# Tab -> the categories Gmail files under it, each with the score the tab adds. A tab adds
# the same to all its categories, so it never decides between them (our words do: a webinar
# announcement in Promotions stays a newsletter), only against the others (a cashback offer
# is promotions, not finance). A known service's domain adds 4.0, a subject keyword 2-6.
_TAB_VOTES: dict[str, tuple[tuple[str, float], ...]] = {
    PROMOTIONS: (("promotions", 3.0), ("newsletters", 3.0)),
    SOCIAL: (("social", 4.0),),
    UPDATES: tuple(
        (category, 1.0)
        for category in (
            "notifications",
            "finance",
            "shopping",
            "travel",
            "security",
            "newsletters",
        )
    ),
}
_BULK_TABS = (PROMOTIONS, SOCIAL)
# Low-urgency reasons that only say "nothing pressing was found" (see urgency.py).
_WEAK_LOW = ("rule:no-request", "rule:routine")


def category_votes(labels: Collection[str]) -> list[tuple[str, float, tuple[str, str]]]:
    """(category, score, (source, text)) for each category of each tab the letter carries."""
    return [
        (category, weight, (SOURCE, label))
        for label in labels
        for category, weight in _TAB_VOTES.get(label, ())
    ]


def sender_with_labels(sender: SenderInfo, labels: Collection[str]) -> SenderInfo:
    """A "person" whom Gmail filed under Promotions or Social is a machine, unless the user
    wrote to them or put them on a list (then the person wins)."""
    if sender.kind != "person" or sender.known_contact or sender.categories:
        return sender
    tab = next((label for label in _BULK_TABS if label in labels), None)
    if tab is None:
        return sender
    evidence = [*sender.evidence, Evidence(source=SOURCE, text=tab)]
    return sender.model_copy(update={"kind": "automated", "evidence": evidence})


def urgency_with_labels(
    urgency: Urgency,
    reasons: list[Evidence],
    labels: Collection[str],
    asks: bool,
    cc_only: bool,
) -> tuple[Urgency, list[Evidence]]:
    """``IMPORTANT`` on a letter that asks the user to do something (`asks`: a request, not a
    mere question) keeps it at normal where only "nothing pressing" made it low; never for a
    letter where the user is only in Cc."""
    weak_low = urgency == "low" and bool(reasons) and reasons[0].source in _WEAK_LOW
    if IMPORTANT in labels and weak_low and asks and not cc_only:
        return "normal", [Evidence(source=SOURCE, text=IMPORTANT)]
    return urgency, reasons
