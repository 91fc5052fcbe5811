"""The entry point: a parsed letter and the user's context in, every label with its evidence out."""

from __future__ import annotations

from shared_lib.analysis.category import categorize
from shared_lib.analysis.deadline import find_deadline
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


def analyze(mail: ParsedMail, ctx: AnalysisContext) -> Analysis:
    """Analyse a letter for the user described by `ctx`. Pure: no I/O, no clock."""
    letter = prepare(mail, ctx.timezone)
    labels = ctx.gmail_labels
    sender = analyse_sender(letter, ctx.sender_lists, ctx.known_contacts)
    sender = sender_with_labels(sender, labels)
    places = find_places(letter)
    category, category_evidence = categorize(letter, sender, places, labels)
    deadline = find_deadline(letter, category)
    reply = reply_expected(letter, sender, ctx.user_emails)
    urgency, urgency_reasons = assess_urgency(
        letter, sender, category, deadline, places, reply.request, reply.question, ctx.vip_lists
    )
    if reply.cc_only and urgency == "normal" and not reply.expected:
        urgency_reasons = [Evidence(source="header:Cc", text="the user is only in Cc: FYI")]
        urgency = "low"
    urgency, urgency_reasons = urgency_with_labels(
        urgency, urgency_reasons, labels, reply.request, reply.cc_only
    )
    hashtags, hashtag_evidence = match_hashtags(letter, ctx.hashtags)
    return Analysis(
        sender=sender,
        reply_expected=reply.expected,
        reply_evidence=reply.evidence,
        deadline=deadline,
        places=places,
        category=category,
        category_evidence=category_evidence,
        hashtags=hashtags,
        hashtag_evidence=hashtag_evidence,
        urgency=urgency,
        urgency_reasons=urgency_reasons,
        gist=make_gist(letter),
    )
