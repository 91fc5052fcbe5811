"""The digest message, rendered from stored mail records (pure: no I/O, ``now`` is given).

Layout (Telegram HTML, every value escaped; at most a few letters per list):

    📬 Digest since Sun 1 Nov 09:00
    5 new letters: Work 2, Finance 2, Newsletters 1
    Hashtags: #project-x 2
    ↩️ 3 new letters await your answer: Work 2, Finance 1
    ⚠️ <Subject> — Anna Petrova · overdue, was due Fri 30 Oct 18:00
    ⏰ <Subject> — Bob · by Tue 3 Nov
    ↩️ <Subject> — Carol
    …and 2 more: /pending

    Promotions (7)                           the letters routed to the digest, by category
    • <Subject> — Shop · by Tue 3 Nov
    • <Subject> — Another shop
    …and 2 more: /history promotions

    Top letters:
    🔴 <Subject> — Anna Petrova

    All letters: /history · awaiting an answer: /pending

Each <Subject> links to the letter in Gmail. The whole message stays within Telegram's 4096
characters: what does not fit is left to a "more" line pointing at /history.

A letter held for quiet hours is never in a digest (not counted, not listed, not among the
letters awaiting an answer of its period): its own notification comes when the quiet hours end,
so the two never repeat each other. Digest-routed letters are never held, so no held
notification repeats a digest either.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from html import escape, unescape

from shared_lib.digest.schedule import zone_of
from shared_lib.i18n import format_when, label, plural, t
from shared_lib.models import Lang, MailRecord, OutboxMessage, User
from shared_lib.notification import URGENCY_ICON, clip, gmail_url, is_overdue
from shared_lib.safe_text import escape_html

MAX_LISTED = 5  # letters per list (awaiting, top)
MAX_SUBJECT = 80
MAX_NAME = 40
MAX_COUNTED = 10  # hashtags shown in the counts line
MAX_PER_GROUP = 5  # digest-routed letters listed per category
TEXT_BUDGET = 3900  # of Telegram's 4096 (UTF-16 units, after entities are parsed): a margin
NOT_IN_DIGEST = frozenset({"dropped", "skipped"})  # muted senders, letters older than the sync
_URGENCY_RANK = {"urgent": 0, "normal": 1, "low": 2}


def _e(text: str) -> str:
    return escape_html(text)


def counted(lang: Lang, key: str, n: int) -> str:
    return t(lang, f"{key}.{plural(lang, n)}", n=n)


def category_name(lang: Lang, category: str) -> str:
    """The category's name, escaped for HTML."""
    return _e(label(lang, "category", category))


def counts(parts: Counter[str], limit: int | None = None) -> str:
    """ "Work 2, Finance 1": most frequent first, ties by name (labels already escaped)."""
    ordered = sorted(parts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{label} {n}" for label, n in ordered[:limit])


def letter_link(record: MailRecord, lang: Lang) -> str:
    """The subject, linked to the letter in Gmail."""
    subject = clip(record.subject, MAX_SUBJECT) or t(lang, "mail.no_subject")
    return f'<a href="{escape(gmail_url(record), quote=True)}">{_e(subject)}</a>'


def sender_of(record: MailRecord) -> str:
    return _e(clip(record.sender_name or record.sender_email, MAX_NAME))


def awaiting_order(records: Iterable[MailRecord], now: datetime) -> list[MailRecord]:
    """Overdue first (longest overdue first), then by deadline, then undated, newest first."""

    def key(r: MailRecord) -> tuple[int, float]:
        deadline = r.analysis.deadline
        if deadline is None:
            return (2, -r.received_at.timestamp())
        return (0 if is_overdue(r, now) else 1, deadline.at.timestamp())

    return sorted(records, key=key)


def deadline_note(record: MailRecord, lang: Lang, timezone: str, now: datetime) -> tuple[str, str]:
    """The icon and text of a letter's reply deadline: ⚠️ overdue, ⏰ due, ↩️ none."""
    deadline = record.analysis.deadline
    if deadline is None:
        return "↩️", ""
    when = format_when(deadline.at.astimezone(zone_of(timezone)), deadline.has_time, lang)
    if is_overdue(record, now):
        return "⚠️", t(lang, "digest.overdue", when=when)
    return "⏰", t(lang, "digest.due", when=when)


def awaiting_line(record: MailRecord, lang: Lang, timezone: str, now: datetime) -> str:
    icon, note = deadline_note(record, lang, timezone, now)
    line = f"{icon} {letter_link(record, lang)} — {sender_of(record)}"
    return f"{line} · {note}" if note else line


def visible_len(html_text: str) -> int:
    """The length Telegram counts: UTF-16 code units of the text without tags, entities
    decoded (an emoji beyond the BMP counts two)."""
    return len(unescape(re.sub(r"<[^>]*>", "", html_text)).encode("utf-16-le")) // 2


def was_held(record: MailRecord) -> bool:
    """Whether the letter was (or still is) held for quiet hours: it gets its own
    notification when they end, so a digest leaves it out."""
    return record.notify_state == "held" or record.hold_until is not None


def group_line(record: MailRecord, lang: Lang, timezone: str, now: datetime) -> str:
    """ "• <Subject> — Sender · by Tue 3 Nov": what is awaited, when anything is."""
    line = f"• {letter_link(record, lang)} — {sender_of(record)}"
    if record.analysis.deadline is not None:
        return f"{line} · {deadline_note(record, lang, timezone, now)[1]}"
    if record.awaiting_reply:
        return f"{line} · {t(lang, 'history.reply_awaited')}"
    return line


def digest_groups(
    records: list[MailRecord], lang: Lang, timezone: str, now: datetime, budget: int
) -> list[str]:
    """The letters routed to the digest, grouped by category (largest group first, newest
    letter first), at most ``MAX_PER_GROUP`` each and ``budget`` visible characters in all;
    the rest of a group is pointed to by ``/history <category>``, and a group that does not fit
    at all by its header with the count."""
    groups: dict[str, list[MailRecord]] = {}
    for record in sorted(records, key=lambda r: -r.received_at.timestamp()):
        groups.setdefault(record.analysis.category, []).append(record)
    lines: list[str] = []
    used = 0

    def add(line: str) -> bool:
        nonlocal used
        size = visible_len(line) + 1
        if used + size > budget:
            return False
        lines.append(line)
        used += size
        return True

    budget -= 60  # kept for the last "…and N more: /history" line
    unlisted = 0  # letters of groups that did not fit at all
    for category, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        name = category_name(lang, category)
        if unlisted or not add("") or not add(f"<b>{name}</b> ({len(members)})"):
            unlisted += len(members)
            continue
        shown = 0
        for record in members[:MAX_PER_GROUP]:
            if not add(group_line(record, lang, timezone, now)):
                break
            shown += 1
        if shown < len(members):
            command = f"/history {label(lang, 'category', category).lower()}"
            if not add(t(lang, "digest.more", n=len(members) - shown, command=command)):
                unlisted += len(members) - shown
    if unlisted:
        lines.append(t(lang, "digest.more", n=unlisted, command="/history"))
    return lines


def digest_records(records: Iterable[MailRecord], now: datetime) -> list[MailRecord]:
    """The letters a digest speaks of: not muted or skipped, and not past their retention."""
    return [
        r
        for r in records
        if r.notify_state not in NOT_IN_DIGEST and (r.expires_at is None or r.expires_at > now)
    ]


def digest_key(user_id: int, slot: datetime) -> str:
    """The outbox idempotency key of one user's digest for one slot."""
    return f"digest:{user_id}:{slot:%Y%m%dT%H%MZ}"


def render_digest(
    user: User,
    slot: datetime,
    since: datetime,
    letters: list[MailRecord],
    awaiting: list[MailRecord],
    now: datetime,
) -> OutboxMessage | None:
    """The digest of ``letters`` (stored since ``since``) with the letters still awaiting a
    reply (``awaiting``, from any time); None when there is no new letter. Letters held for
    quiet hours are left out (see the module's docstring)."""
    period = digest_records(letters, now)
    held = {r.message_id for r in period if was_held(r)}
    letters = [r for r in period if r.message_id not in held]
    if not letters:
        return None
    lang, zone = user.lang, zone_of(user.timezone)
    lines = [t(lang, "digest.title", since=format_when(since.astimezone(zone), True, lang))]
    by_category = Counter(category_name(lang, r.analysis.category) for r in letters)
    lines.append(f"{counted(lang, 'digest.letters', len(letters))}: {counts(by_category)}")
    tags = Counter(_e(label(lang, "hashtag", tag)) for r in letters for tag in r.analysis.hashtags)
    if tags:
        lines.append(f"{t(lang, 'digest.hashtags')}: {counts(tags, MAX_COUNTED)}")

    new_awaiting = [r for r in letters if r.awaiting_reply]
    waiting = {
        r.message_id: r
        for r in digest_records(awaiting, now)
        if r.awaiting_reply and r.message_id not in held
    }
    waiting.update({r.message_id: r for r in new_awaiting})
    listed: set[str] = set()
    if waiting:
        lines.append("")
        if new_awaiting:
            parts = counts(Counter(category_name(lang, r.analysis.category) for r in new_awaiting))
            lines.append(f"↩️ {counted(lang, 'digest.await', len(new_awaiting))}: {parts}")
        else:
            lines.append(f"↩️ {t(lang, 'digest.await_still')}")
        ordered = awaiting_order(waiting.values(), now)
        for record in ordered[:MAX_LISTED]:
            lines.append(awaiting_line(record, lang, user.timezone, now))
            listed.add(record.message_id)
        if len(ordered) > MAX_LISTED:
            more = len(ordered) - MAX_LISTED
            lines.append(t(lang, "digest.more", n=more, command="/pending"))

    top = sorted(
        (
            r
            for r in letters
            if r.message_id not in listed
            and r.notify_state != "digest"
            and r.analysis.urgency != "low"
        ),
        key=lambda r: (_URGENCY_RANK[r.analysis.urgency], -r.received_at.timestamp()),
    )[:MAX_LISTED]
    top_lines = [
        f"{URGENCY_ICON.get(r.analysis.urgency, '✉️')} {letter_link(r, lang)} — {sender_of(r)}"
        for r in top
    ]
    footer = ["", t(lang, "digest.footer")]
    routed = [r for r in letters if r.notify_state == "digest" and r.message_id not in listed]
    if routed:
        rest = sum(visible_len(line) + 1 for line in [*lines, *footer])
        rest += sum(visible_len(line) + 1 for line in top_lines) + 40
        lines += digest_groups(routed, lang, user.timezone, now, TEXT_BUDGET - rest)
    if top_lines:
        lines += ["", t(lang, "digest.top"), *top_lines]
    lines += footer
    return OutboxMessage(
        key=digest_key(user.user_id, slot), chat_id=user.chat_id, text="\n".join(lines)
    )
