"""The decision step: (analysis, rules, preferences, now) → notify now / hold / digest / drop.

Precedence, first match wins:
1. A muted sender (address or domain) → drop. An explicit "don't tell me" beats everything.
2. A sender list that matches the sender with mode ``mute`` → drop.
3. A VIP list that matches the sender → notify (beats digest-only hashtags and categories).
4. Sender lists that match (mode instant or digest) → their mode; instant beats digest.
5. Hashtags that matched the letter → mute beats instant beats digest.
6. The letter's category mode (default instant).
7. Quiet hours: "notify" becomes "hold until they end", except urgent letters when the user
   allows them through.
Learning (``learned``, the per-user model's verdict, computed by the caller) acts only where
the category's default mode decides (no list, hashtag or category mode of the user's matched):
a letter the user finds important is raised a step (low → normal → urgent, so it may pass quiet
hours); one they don't goes to the digest (or, without digests, is lowered to low priority),
unless the analysis found it urgent. Without a verdict the decision is exactly as before.
Pure: no I/O, and ``now`` is given, so it is tested with any clock.

A decision says why as steps (``WhyPart``: a code and its parameters, worded in the user's
language where it is shown) and as their stable English (``reason``). When a rule that notifies
beat one that would have muted the letter or sent it to the digest, the reason says so
(``"#bills: instant; over category newsletters: mute"``), and ``override_in`` reads that back
from the steps for the notification's "why" line (``override_of`` from the text of older records).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from shared_lib.analysis.model import Analysis, Urgency
from shared_lib.learning.model import Verdict
from shared_lib.learning.why import LearnedWhy
from shared_lib.models import QuietHours, RuleKind, WhyPart, why_text
from shared_lib.rules import NotifyMode, Rules, sender_matches

Action = Literal["notify", "hold", "digest", "drop"]
_MODE_ACTION: dict[NotifyMode, Action] = {"instant": "notify", "digest": "digest", "mute": "drop"}
_STRENGTH: dict[NotifyMode, int] = {"mute": 3, "instant": 2, "digest": 1}


@dataclass(frozen=True)
class Decision:
    action: Action
    why: tuple[WhyPart, ...]  # the steps that decided, first the rule
    until: datetime | None = None  # for "hold": when quiet hours end (UTC)
    urgency: Urgency | None = None  # the letter's urgency as learning changed it (None: as is)
    learned: LearnedWhy | None = None  # what learning changed, and why

    @property
    def reason(self) -> str:
        """``why`` in short, stable English (the record's ``notify_reason``)."""
        return why_text(self.why)

    def then(self, part: WhyPart, **changes: object) -> Decision:
        """This decision with one more step of why (and ``changes``)."""
        return replace(self, why=(*self.why, part), **changes)  # type: ignore[arg-type]


# A rule that matched: its mode, and what it is (kind, name).
Matched = tuple[NotifyMode, RuleKind, str]


def _strongest(modes: list[Matched]) -> Matched | None:
    return max(modes, key=lambda m: _STRENGTH[m[0]]) if modes else None


def decide(
    analysis: Analysis,
    sender_email: str,
    rules: Rules,
    quiet: QuietHours | None,
    timezone: str,
    now: datetime,
    learned: Verdict | None = None,
    digests: bool = False,
) -> Decision:
    """``learned``: the user's model's verdict on the letter; ``digests``: whether the user
    gets digests (a letter learning sends away goes there, else it is only lowered)."""
    sender = sender_email.lower()
    for entry in rules.muted:
        if sender_matches(entry, sender):
            return Decision("drop", (WhyPart(code="muted", name=entry),))

    lists = [
        (name, lst)
        for name, lst in rules.sender_lists.items()
        if any(sender_matches(e, sender) for e in lst.entries)
    ]
    for name, lst in lists:
        if lst.mode == "mute":
            return Decision("drop", (WhyPart(code="list_mute", name=name),))
    list_modes: list[Matched] = [(lst.mode, "list", name) for name, lst in lists if not lst.vip]
    tags: list[Matched] = [
        (rules.hashtags[t].mode, "hashtag", t) for t in analysis.hashtags if t in rules.hashtags
    ]
    category: Matched = (
        rules.category_modes.get(analysis.category, "instant"),
        "category",
        analysis.category,
    )
    vip = next((name for name, lst in lists if lst.vip), None)
    if vip is not None:
        why = (WhyPart(code="vip", name=vip), *_over([*list_modes, *tags, category]))
        return _quiet(Decision("notify", why), analysis, quiet, timezone, now)

    stages = [list_modes, tags, [category]]
    for n, stage in enumerate(stages):
        chosen = _strongest(stage)
        if chosen is None:
            continue
        mode, kind, name = chosen
        why: tuple[WhyPart, ...] = (WhyPart(code="rule", kind=kind, name=name, mode=mode),)
        if mode == "instant":
            beaten = [m for m in stage if m != chosen] + [m for s in stages[n + 1 :] for m in s]
            why += _over(beaten)
        default_category = n == len(stages) - 1 and analysis.category not in rules.category_modes
        if learned is not None and default_category:
            return _learned(why, learned, digests, analysis, quiet, timezone, now)
        return _quiet(Decision(_MODE_ACTION[mode], why), analysis, quiet, timezone, now)
    raise AssertionError("the category stage always chooses")  # pragma: no cover


_RAISED: dict[Urgency, Urgency] = {"low": "normal", "normal": "urgent"}


def _learned(
    why: tuple[WhyPart, ...],
    verdict: Verdict,
    digests: bool,
    analysis: Analysis,
    quiet: QuietHours | None,
    timezone: str,
    now: datetime,
) -> Decision:
    """The default category mode (instant), changed by what the user's model learned."""
    was = analysis.urgency
    plain = Decision("notify", why)
    if verdict.lean == "important":
        raised = _RAISED.get(was)
        if raised is None:  # urgent already
            return _quiet(plain, analysis, quiet, timezone, now)
        step = WhyPart(code="learned", mode="important", name=verdict.key)
        decision = plain.then(step, urgency=raised, learned=verdict.why(raised, was))
        return _quiet(decision, analysis, quiet, timezone, now)
    if was == "urgent":  # what the letter says beats what such letters usually are
        return _quiet(plain, analysis, quiet, timezone, now)
    step = WhyPart(code="learned", mode="not_important", name=verdict.key)
    if digests:
        return Decision("digest", (*why, step), learned=verdict.why("digest", was))
    if was == "low":
        return _quiet(plain, analysis, quiet, timezone, now)
    decision = plain.then(step, urgency="low", learned=verdict.why("low", was))
    return _quiet(decision, analysis, quiet, timezone, now)


def _over(beaten: list[Matched]) -> tuple[WhyPart, ...]:
    """The step "over <rule>" for the strongest rule that would have kept the letter from
    being notified (none when none did)."""
    quieter = [m for m in beaten if m[0] != "instant"]
    if not quieter:
        return ()
    mode, kind, name = _strongest(quieter) or quieter[0]
    return (WhyPart(code="over", kind=kind, name=name, mode=mode),)


@dataclass(frozen=True)
class Override:
    """A notifying rule that beat a muting or digest one, read back from a reason."""

    winner_kind: Literal["vip", "list", "hashtag"]
    winner: str
    loser_kind: Literal["list", "hashtag", "category"]
    loser: str
    loser_mode: Literal["mute", "digest"]


_NAME = r"[\w-]+"
_WINNER = re.compile(
    rf"^(?:VIP sender \((?P<vip>{_NAME})\)|sender list (?P<list>{_NAME}): instant"
    rf"|#(?P<tag>{_NAME}): instant)"
)
_LOSER = re.compile(
    rf"; over (?:sender list (?P<list>{_NAME})|#(?P<tag>{_NAME})|category (?P<cat>{_NAME}))"
    r": (?P<mode>mute|digest)"
)


def override_in(why: Sequence[WhyPart]) -> Override | None:
    """What a decision's steps say a notifying rule overrode, or None."""
    over = next((part for part in why if part.code == "over"), None)
    if not why or over is None or over.mode not in ("mute", "digest") or not over.kind:
        return None
    first = why[0]
    if first.code == "vip":
        winner: tuple[Literal["vip", "list", "hashtag"], str] = ("vip", first.name)
    elif first.code == "rule" and first.mode == "instant" and first.kind in ("list", "hashtag"):
        winner = (first.kind, first.name)  # type: ignore[assignment]
    else:
        return None
    return Override(*winner, over.kind, over.name, over.mode)  # type: ignore[arg-type]


def override_of(reason: str) -> Override | None:
    """What a decision's reason says was overridden, or None (records stored before their
    steps; ``override_in`` reads the steps)."""
    winner, loser = _WINNER.match(reason), _LOSER.search(reason)
    if winner is None or loser is None:
        return None
    w_kind, w_name = next((k, v) for k, v in winner.groupdict().items() if v is not None)
    l_kind, l_name = next(
        (k, v) for k, v in loser.groupdict().items() if k != "mode" and v is not None
    )
    kinds = {"vip": "vip", "list": "list", "tag": "hashtag", "cat": "category"}
    return Override(kinds[w_kind], w_name, kinds[l_kind], l_name, loser["mode"])  # type: ignore[arg-type]


def _quiet(
    decision: Decision,
    analysis: Analysis,
    quiet: QuietHours | None,
    timezone: str,
    now: datetime,
) -> Decision:
    if decision.action != "notify" or quiet is None:
        return decision
    end = quiet_end(quiet, timezone, now)
    if end is None:
        return decision
    if (decision.urgency or analysis.urgency) == "urgent" and quiet.allow_urgent:
        return decision.then(WhyPart(code="urgent_through_quiet"))
    return decision.then(WhyPart(code="quiet_hours"), action="hold", until=end)


def quiet_end(quiet: QuietHours, timezone: str, now: datetime) -> datetime | None:
    """When the quiet period ``now`` falls in ends (UTC), or None if ``now`` is not quiet.

    Periods may cross midnight (23:00–08:00); times are wall-clock in the user's zone, so a
    DST change is honoured.
    """
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    start, end = time.fromisoformat(quiet.start), time.fromisoformat(quiet.end)
    if start == end:
        return None
    t = local.time().replace(tzinfo=None)
    crosses_midnight = start > end
    inside = (t >= start or t < end) if crosses_midnight else (start <= t < end)
    if not inside:
        return None
    day = local.date()
    if crosses_midnight and t >= start:
        day += timedelta(days=1)
    return datetime.combine(day, end, tzinfo=zone).astimezone(now.tzinfo)
