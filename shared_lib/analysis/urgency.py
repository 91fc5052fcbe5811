"""How soon the letter needs the user: urgent, normal or low — with the reasons."""

from __future__ import annotations

import re
from datetime import timedelta

from shared_lib.analysis.alerts import security_alert
from shared_lib.analysis.keywords import (
    BILL_DUE,
    BOOKED,
    EVENT,
    FYI,
    HURRY,
    MONEY_PROBLEM,
    NO_REPLY,
    NOT_URGENT,
    RECEIPT,
    REQUEST,
    TRIP_DONE,
    URGENT,
    WITHIN_A_DAY,
    vocabulary,
)
from shared_lib.analysis.lazy import has_any, lazy
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Deadline, Evidence, Place, SenderInfo, Urgency
from shared_lib.analysis.vocabulary import normalize, words

_LOW_CATEGORIES = ("promotions", "newsletters", "social")
_ROUTINE_CATEGORIES = ("notifications", "shopping", "finance")  # from machines, without a deadline
SOON = timedelta(hours=24)
NEAR_REQUEST = 8  # words between a request and "today" for the two to be one ask
# Spending over a budget ("exceeded your Dining budget", «превышен бюджет на рекламу»): the
# words between are free, so a pattern, bounded to one clause.
_OVER_BUDGET = lazy(
    r"\b(?:exceed\w*|over)\b[^.!?\n]{0,40}?\bbudget|превыш\w*[^.!?\n]{0,40}?бюджет"
    r"|бюджет\w*[^.!?\n]{0,40}?превыш",
    re.I,
)


def assess_urgency(
    letter: Letter,
    sender: SenderInfo,
    category: str,
    deadline: Deadline | None,
    places: list[Place],
    request: bool,
    question: bool,
    vip_lists: list[str],
) -> tuple[Urgency, list[Evidence]]:
    """Urgent: VIP sender, security alert, a money problem (a failed payment, a debt), urgency
    words, a deadline within 24 h of the letter. Normal from machines: bookings, appointments,
    deliveries arriving. Low: promotions, newsletters, social; routine machine letters; notes that
    ask for nothing (a question alone asks for nothing in a personal note: small talk)."""
    vip = [name for name in sender.categories if name in vip_lists]
    if vip:
        return "urgent", [Evidence(source="rule:VIP", text=f"{sender.email} in {vip[0]}")]
    if category in _LOW_CATEGORIES:
        return "low", [Evidence(source="category", text=category)]
    auto = letter.mail.headers.get("auto-submitted", "").lower()
    if auto.startswith("auto-replied"):
        return "low", [Evidence(source="header:Auto-Submitted", text=auto)]
    if category == "security":
        alert = security_alert(letter)
        if alert:
            return "urgent", [Evidence(source="rule:security", text=alert[1])]
    money = _money_problem(letter)
    if money and not letter.has(NOT_URGENT):
        return "urgent", [Evidence(source=f"rule:money-problem {money[0]}", text=money[1])]
    flagged = _flagged_important(letter) if sender.kind == "person" else None
    if flagged:
        return "urgent", [Evidence(source=flagged[0], text=flagged[1])]
    urgent = letter.hits(URGENT) + (letter.hits(HURRY) if sender.kind == "person" else [])
    if urgent and not letter.has(NOT_URGENT):
        source = "subject" if any(h in letter.subject_hits for h in urgent) else "body"
        return "urgent", [Evidence(source=source, text=urgent[0].keyword)]
    if deadline is not None:
        soon = _due_soon(letter, deadline)
        return "urgent" if soon else "normal", [
            Evidence(source="deadline", text=deadline.at.isoformat())
        ]
    if sender.kind != "person":
        booked = letter.hits(BOOKED)
        if booked:
            return "normal", [Evidence(source="rule:booked", text=booked[0].keyword)]
        done = letter.hits(TRIP_DONE)
        if done:
            return "low", [Evidence(source="rule:receipt", text=done[0].keyword)]
        if category == "travel":  # a ticket or a booking, even when it thanks for the purchase
            return "normal", [Evidence(source="rule:booking", text=f"{sender.kind} {category}")]
        bill = letter.hits(BILL_DUE) if category == "finance" else []
        if bill:  # a bill or a fine due later (a parsed due date came first)
            return "normal", [Evidence(source="rule:bill", text=bill[0].keyword)]
        if category in _ROUTINE_CATEGORIES:
            return "low", [Evidence(source="rule:routine", text=f"{sender.kind} {category}")]
        receipt = letter.hits(RECEIPT)
        if receipt:
            return "low", [Evidence(source="rule:receipt", text=receipt[0].keyword)]
        return "normal", [Evidence(source="rule:kind", text=f"{sender.kind} {category}")]
    today = _asked_for_today(letter) if request else None
    if today:
        return "urgent", [Evidence(source=f"rule:asked-for-today {today[0]}", text=today[1])]
    quiet = letter.hits(FYI) or letter.hits(NO_REPLY)
    if quiet:
        return "low", [Evidence(source="body", text=quiet[0].keyword)]
    if request:
        return "normal", [Evidence(source="rule:request", text="asks for something")]
    if question and category != "personal":
        return "normal", [Evidence(source="rule:question", text="asks a question")]
    if category in ("finance", "shopping", "travel"):
        # A person writing about money, an order or a trip: an invoice, a booking to look at.
        return "normal", [Evidence(source="rule:category", text=f"person {category}")]
    event = letter.hits(EVENT)
    if places or event:
        text = places[0].text if places else event[0].keyword
        return "normal", [Evidence(source="rule:event", text=text)]
    return "low", [Evidence(source="rule:no-request", text="nothing asked, no event")]


# A money problem denied: "no overdue invoices", «задолженности нет», «без просрочек».
_NO_MONEY_PROBLEM = lazy(
    r"\b(?:no|not|never|нет|без|не\s+имеете|отсутствует)\s+(?:\w+\s+){0,2}?"
    r"(?:overdue|past\s+due|unpaid|outstanding|задолженн|просроч|долг)"
    r"|(?:задолженност\w*|просрочк\w*|долг\w*)\s+(?:\w+\s+){0,2}?(?:нет|отсутствует)\b",
    re.I,
)


def _money_problem(letter: Letter) -> tuple[str, str] | None:
    """Where and in which words the letter tells of a money problem: a failed payment, a debt,
    a spent budget."""
    money = letter.hits(MONEY_PROBLEM)
    if money and not _NO_MONEY_PROBLEM.search(letter.low):
        if any(h in letter.subject_hits for h in money):
            return "subject", money[0].keyword
        stated = _stated_money_problem(letter)
        if stated:
            return "body", stated
    if has_any(letter.low, ("budget", "бюджет")):
        m = _OVER_BUDGET.search(letter.low)
        if m:
            return ("subject" if m.start() < len(letter.subject) else "body"), m.group(0)
    return None


# A clause that supposes rather than states: "if there are insufficient funds, top up".
_CONDITIONAL = lazy(r"(?:^|[\s,;(])(?:если|в\s+случае|if|in\s+case|unless|should\s+you)\s", re.I)
MAX_MONEY_SENTENCES = 10  # own sentences looked at for a money problem


def _stated_money_problem(letter: Letter) -> str | None:
    """The keyword of a money problem the own words state, not one they only suppose ("если
    на счёте недостаточно средств, пополните его")."""
    keywords = vocabulary()
    looked = 0
    for sentence in letter.own_sentences:
        low = normalize(sentence)
        found = [h for h in keywords.find(words(low)) if h.label == MONEY_PROBLEM]
        if not found:
            continue
        if not _CONDITIONAL.search(low):
            return found[0].keyword
        looked += 1
        if looked >= MAX_MONEY_SENTENCES:
            break
    return None


def _asked_for_today(letter: Letter) -> tuple[str, str] | None:
    """A request and "today"/«сегодня» (or "by tomorrow", "within the hour") a few words apart,
    in the subject or in the own words: the ask is for within about a day."""
    for source, hits in (("subject", letter.subject_hits), ("body", letter.own_hits)):
        soon = [h.index for h in hits if h.label == WITHIN_A_DAY]
        if not soon:
            continue
        for hit in hits:
            if hit.label == REQUEST and any(abs(i - hit.index) <= NEAR_REQUEST for i in soon):
                return source, next(h.keyword for h in hits if h.label == WITHIN_A_DAY)
    return None


def _flagged_important(letter: Letter) -> tuple[str, str] | None:
    """The sender marked the letter high priority (Importance: high, X-Priority: 1 or 2)."""
    headers = letter.mail.headers
    for name in ("importance", "priority", "x-msmail-priority"):
        value = headers.get(name, "").strip().lower()
        if value in ("high", "urgent"):
            return f"header:{name}", value
    priority = headers.get("x-priority", "").strip()
    if priority[:1] in ("1", "2"):
        return "header:x-priority", priority
    return None


def _due_soon(letter: Letter, deadline: Deadline) -> bool:
    """The deadline (the end of its day when it has no time) is within 24 h of the letter, or
    it is "tomorrow" as the letter's writer counts days: a time on the day after the letter's
    Date, in the zone of that Date ("by 5 pm ET tomorrow" read in Berlin, 25 h on)."""
    sent = letter.sent
    if sent is None:
        return False
    # (deadline.at - sent, not sent + SOON: the sum may pass datetime.max, a difference cannot)
    ahead = deadline.at - sent
    if timedelta(0) <= ahead <= SOON:
        return True
    written = letter.mail.date
    if not deadline.has_time or written is None or not SOON < ahead <= 2 * SOON:
        return False
    due = deadline.at.astimezone(written.tzinfo)
    return (due.date() - written.date()).days == 1
