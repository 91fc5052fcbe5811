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
Pure: no I/O, and ``now`` is given, so it is tested with any clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from shared_lib.analysis.model import Analysis
from shared_lib.models import QuietHours
from shared_lib.rules import NotifyMode, Rules, sender_matches

Action = Literal["notify", "hold", "digest", "drop"]
_MODE_ACTION: dict[NotifyMode, Action] = {"instant": "notify", "digest": "digest", "mute": "drop"}
_STRENGTH: dict[NotifyMode, int] = {"mute": 3, "instant": 2, "digest": 1}


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str  # short and stable, shown as "why" on the settings page
    until: datetime | None = None  # for "hold": when quiet hours end (UTC)


def _strongest(modes: list[tuple[NotifyMode, str]]) -> tuple[NotifyMode, str] | None:
    return max(modes, key=lambda m: _STRENGTH[m[0]]) if modes else None


def decide(
    analysis: Analysis,
    sender_email: str,
    rules: Rules,
    quiet: QuietHours | None,
    timezone: str,
    now: datetime,
) -> Decision:
    sender = sender_email.lower()
    for entry in rules.muted:
        if sender_matches(entry, sender):
            return Decision("drop", f"muted sender {entry}")

    lists = [
        (name, lst)
        for name, lst in rules.sender_lists.items()
        if any(sender_matches(e, sender) for e in lst.entries)
    ]
    for name, lst in lists:
        if lst.mode == "mute":
            return Decision("drop", f"sender list {name}: mute")
    vip = next((name for name, lst in lists if lst.vip), None)
    if vip is not None:
        return _quiet(Decision("notify", f"VIP sender ({vip})"), analysis, quiet, timezone, now)

    chosen = _strongest([(lst.mode, f"sender list {name}") for name, lst in lists])
    if chosen is None:
        tags = [(rules.hashtags[t].mode, f"#{t}") for t in analysis.hashtags if t in rules.hashtags]
        chosen = _strongest(tags)
    if chosen is None:
        mode = rules.category_modes.get(analysis.category, "instant")
        chosen = (mode, f"category {analysis.category}")
    mode, source = chosen
    decision = Decision(_MODE_ACTION[mode], f"{source}: {mode}")
    return _quiet(decision, analysis, quiet, timezone, now)


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
    if analysis.urgency == "urgent" and quiet.allow_urgent:
        return Decision("notify", f"{decision.reason}; urgent, let through quiet hours")
    return Decision("hold", f"{decision.reason}; quiet hours", end)


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
