"""The entry point: a parsed letter and the user's context in, every label with its evidence out."""

from __future__ import annotations

from shared_lib.analysis.budget import Budget
from shared_lib.analysis.category import categorize
from shared_lib.analysis.deadline import find_deadline
from shared_lib.analysis.gist import make_gist
from shared_lib.analysis.hashtags import match_hashtags
from shared_lib.analysis.letter import prepare
from shared_lib.analysis.model import Analysis, AnalysisContext
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
    budget = budget or Budget()
    letter = prepare(mail, ctx.timezone)
    result = Analysis(
        sender=analyse_sender(letter, ctx.sender_lists, ctx.known_contacts),
        gist=make_gist(letter),
    )
    if budget.spent():
        return _cut_short(result)
    result.places = find_places(letter)
    if budget.spent():
        return _cut_short(result)
    result.category, result.category_evidence = categorize(letter, result.sender, result.places)
    if budget.spent():
        return _cut_short(result)
    result.deadline = find_deadline(letter, result.category)
    if budget.spent():
        return _cut_short(result)
    reply = reply_expected(letter, result.sender, ctx.user_emails)
    result.reply_expected, result.reply_evidence = reply.expected, reply.evidence
    result.urgency, result.urgency_reasons = assess_urgency(
        letter,
        result.sender,
        result.category,
        result.deadline,
        result.places,
        reply.request,
        reply.question,
        ctx.vip_lists,
    )
    if budget.spent():
        return _cut_short(result)
    result.hashtags, result.hashtag_evidence = match_hashtags(letter, ctx.hashtags)
    return result


def _cut_short(result: Analysis) -> Analysis:
    result.partial = True
    return result
