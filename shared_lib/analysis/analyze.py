"""The entry point: a parsed letter and the user's context in, every label with its evidence out."""

from __future__ import annotations

from typing import Any

from shared_lib.analysis.budget import Budget
from shared_lib.analysis.category import categorize
from shared_lib.analysis.deadline import find_deadline
from shared_lib.analysis.event_time import find_event_time
from shared_lib.analysis.gist import make_gist
from shared_lib.analysis.gmail_labels import sender_with_labels, urgency_with_labels
from shared_lib.analysis.hashtags import match_hashtags
from shared_lib.analysis.letter import prepare
from shared_lib.analysis.model import Analysis, AnalysisContext, Evidence
from shared_lib.analysis.places import find_places
from shared_lib.analysis.reply import reply_expected
from shared_lib.analysis.sender import analyse_sender
from shared_lib.analysis.urgency import assess_urgency
from shared_lib.mail.model import ParsedMail


def analyze(mail: ParsedMail, ctx: AnalysisContext, budget: Budget | None = None) -> Analysis:
    """Analyse a letter for the user described by `ctx`. Pure: no I/O, no clock but the budget's.

    The sender and the gist always; then, while the `budget` lasts, each further stage in turn.
    When it is spent between two stages, the rest keep their defaults and `partial` is set.
    """
    budget = budget or _NO_LIMIT
    letter = prepare(mail, ctx.timezone)
    labels = ctx.gmail_labels
    sender = analyse_sender(letter, ctx.sender_lists, ctx.known_contacts)
    sender = sender_with_labels(sender, labels)
    done: dict[str, Any] = {"sender": sender, "gist": make_gist(letter)}
    if budget.spent():
        return Analysis(**done, partial=True)
    done["places"] = places = find_places(letter)
    if budget.spent():
        return Analysis(**done, partial=True)
    category, done["category_evidence"] = categorize(letter, sender, places, labels)
    done["category"] = category
    if budget.spent():
        return Analysis(**done, partial=True)
    done["deadline"] = deadline = find_deadline(letter, category)
    done["event_time"] = find_event_time(letter, category)
    if budget.spent():
        return Analysis(**done, partial=True)
    reply = reply_expected(letter, sender, ctx.user_emails)
    done["reply_expected"], done["reply_evidence"] = reply.expected, reply.evidence
    urgency, urgency_reasons = assess_urgency(
        letter, sender, category, deadline, places, reply.request, reply.question, ctx.vip_lists
    )
    if reply.cc_only and urgency == "normal" and not reply.expected:
        urgency_reasons = [Evidence(source="header:Cc", text="the user is only in Cc: FYI")]
        urgency = "low"
    done["urgency"], done["urgency_reasons"] = urgency_with_labels(
        urgency, urgency_reasons, labels, reply.request, reply.cc_only
    )
    if budget.spent():
        return Analysis(**done, partial=True)
    done["hashtags"], done["hashtag_evidence"] = match_hashtags(letter, ctx.hashtags, budget)
    return Analysis(**done, partial=budget.spent())


_NO_LIMIT = Budget()
