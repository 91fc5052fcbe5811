"""Mail history for the bot: /history and /pending, rendered from stored records (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared_lib.analysis.model import CATEGORIES
from shared_lib.digest.render import (
    awaiting_line,
    awaiting_order,
    category_name,
    deadline_note,
    digest_records,
    letter_link,
    sender_of,
)
from shared_lib.digest.schedule import zone_of
from shared_lib.i18n import format_when, label, t
from shared_lib.models import Button, Lang, MailRecord
from shared_lib.notification import URGENCY_ICON, clip
from shared_lib.safe_text import escape_html
from shared_lib.settings_schema import category_named

DEFAULT_LIMIT = 10
MAX_LIMIT = 30
MAX_PENDING = 10  # listed with a ✅ button each
MAX_GIST = 120
MAX_BUTTON_SUBJECT = 24
TEXT_BUDGET = 3800  # below Telegram's 4096, leaving room for the "more" line
TODAY_WORDS = frozenset({"today", "сегодня"})


@dataclass(frozen=True)
class HistoryQuery:
    """``/history [N|today|category|#hashtag]`` (words may be combined: ``work 20``)."""

    limit: int = DEFAULT_LIMIT
    today: bool = False
    category: str | None = None
    hashtag: str | None = None
    asked: int | None = None  # a count outside 1..MAX_LIMIT, brought within it (and said so)

    def matches(self, record: MailRecord) -> bool:
        if self.category is not None and record.analysis.category != self.category:
            return False
        tags = {tag.lower() for tag in record.analysis.hashtags}
        return self.hashtag is None or self.hashtag in tags


def parse_history_args(args: str) -> HistoryQuery | None:
    """The query, or None when a word is not understood (the caller shows the usage)."""
    limit, today, category, hashtag, asked = DEFAULT_LIMIT, False, None, None, None
    for word in args.lower().split():
        if word.isdigit():
            number = int(word) if len(word) <= 9 else 10**9
            limit = max(1, min(number, MAX_LIMIT))
            asked = number if number != limit else None
        elif word in TODAY_WORDS:
            today = True
        elif word.startswith("#") and len(word) > 1:
            hashtag = word[1:]
        elif (found := category_named(word)) is not None:
            category = found
        else:
            return None
    return HistoryQuery(limit, today, category, hashtag, asked)


def history_usage(lang: Lang) -> str:
    names = ", ".join(category_name(lang, c).lower() for c in CATEGORIES)
    return t(lang, "history.usage", categories=names)


def history_entry(record: MailRecord, lang: Lang, timezone: str, now: datetime) -> str:
    """One letter with its analysis: urgency, time, category, hashtags, what was done with
    it, sender and subject (linked to Gmail), gist, reply status and deadline."""
    a = record.analysis
    received = format_when(record.received_at.astimezone(zone_of(timezone)), True, lang)
    head = f"{URGENCY_ICON.get(a.urgency, '✉️')} {received} · {category_name(lang, a.category)}"
    if a.hashtags:
        head += " " + " ".join(escape_html(label(lang, "hashtag", tag)) for tag in a.hashtags)
    head += f" · {t(lang, f'state.{record.notify_state}')}"
    lines = [head, f"<b>{sender_of(record)}</b>: {letter_link(record, lang)}"]
    if a.gist:
        lines.append(f"<i>{escape_html(clip(a.gist, MAX_GIST))}</i>")
    if record.awaiting_reply:
        icon, note = deadline_note(record, lang, timezone, now)
        awaited = t(lang, "history.reply_awaited")
        lines.append(f"{icon} {awaited} · {note}" if note else f"{icon} {awaited}")
    elif record.replied_at is not None:
        lines.append(t(lang, "history.replied"))
    return "\n".join(lines)


def _fit(title: str, entries: list[str], lang: Lang, command: str) -> str:
    text, shown = title, 0
    for entry in entries:
        if len(text) + len(entry) + 2 > TEXT_BUDGET:
            break
        text += "\n\n" + entry
        shown += 1
    if shown < len(entries):
        text += "\n\n" + t(lang, "digest.more", n=len(entries) - shown, command=command)
    return text


def history_records(
    records: list[MailRecord], query: HistoryQuery, now: datetime
) -> list[MailRecord]:
    """The records /history shows: not expired, matching ``query``, at most its limit."""
    alive = (r for r in records if r.expires_at is None or r.expires_at > now)
    return [r for r in alive if query.matches(r)][: query.limit]


def history_hint(query: HistoryQuery, lang: Lang, hashtags: list[str] | None = None) -> str:
    """What to try when /history found nothing: the user's hashtags when the one asked for is
    not theirs (or names a category), else examples of what /history accepts."""
    lines: list[str] = []
    if query.hashtag is not None and hashtags is not None and query.hashtag not in hashtags:
        if hashtags:
            tags = ", ".join(label(lang, "hashtag", tag) for tag in sorted(hashtags))
            lines.append(t(lang, "history.no_such_tag", tag=query.hashtag, tags=tags))
        else:
            lines.append(t(lang, "history.no_tags", tag=query.hashtag))
        category = category_named(query.hashtag)
        if category is not None:
            word = category_name(lang, category).lower()
            lines.append(t(lang, "history.tag_is_category", command=f"/history {word}"))
    lines.append(t(lang, "history.examples"))
    return "\n".join(lines)


def render_history(
    chosen: list[MailRecord],
    query: HistoryQuery,
    lang: Lang,
    timezone: str,
    now: datetime,
    hashtags: list[str] | None = None,
) -> str:
    """The letters ``history_records`` chose for ``query``, newest first (muted letters too: the
    history is of everything received, with what was done about it). When there are none, or
    the count asked for was out of range, a hint says what to try (``hashtags``: the user's
    own, to name them when the one asked for is not among them)."""
    if not chosen:
        return t(lang, "history.empty") + "\n\n" + history_hint(query, lang, hashtags)
    n = len(chosen)
    if query.category is not None:
        title = t(lang, "history.title_filter", what=label(lang, "category", query.category), n=n)
    elif query.hashtag is not None:
        title = t(lang, "history.title_filter", what=label(lang, "hashtag", query.hashtag), n=n)
    elif query.today:
        title = t(lang, "history.title_today", n=n)
    else:
        title = t(lang, "history.title", n=n)
    if query.asked is not None:
        title += "\n" + t(lang, "history.clamped", asked=query.asked, max=MAX_LIMIT, n=query.limit)
    entries = [history_entry(r, lang, timezone, now) for r in chosen]
    return _fit(title, entries, lang, "/history")


def render_pending(
    records: list[MailRecord], lang: Lang, timezone: str, now: datetime
) -> tuple[str, list[list[Button]]]:
    """The letters awaiting a reply, overdue first, each with a ✅ ``done:<id>`` button."""
    waiting = awaiting_order((r for r in digest_records(records, now) if r.awaiting_reply), now)
    if not waiting:
        return t(lang, "pending.empty") + "\n\n" + t(lang, "pending.empty_hint"), []
    lines = [t(lang, "pending.title", n=len(waiting))]
    buttons: list[list[Button]] = []
    for n, record in enumerate(waiting[:MAX_PENDING], start=1):
        received = format_when(record.received_at.astimezone(zone_of(timezone)), False, lang)
        lines.append(f"{n}. {awaiting_line(record, lang, timezone, now)} · {received}")
        data = f"done:{record.message_id}"
        if len(data.encode()) <= 64:
            subject = clip(record.subject, MAX_BUTTON_SUBJECT) or t(lang, "mail.no_subject")
            read = Button(text="📖", callback_data=f"read:{record.message_id}")
            buttons.append([Button(text=f"✅ {n}. {subject}", callback_data=data), read])
    if len(waiting) > MAX_PENDING:
        lines.append(t(lang, "history.more", n=len(waiting) - MAX_PENDING))
    lines += ["", t(lang, "pending.hint")]
    return "\n".join(lines), buttons
