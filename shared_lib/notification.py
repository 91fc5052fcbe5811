"""The Telegram notification about one letter, rendered from its stored record.

Layout (HTML parse mode, every value escaped):

    🔴 Urgent · Work #project-x
    From: <b>Anna Petrova</b> (VIP) <anna@example.com>
    <b>Subject</b>
    Gist of the letter…
    ⏰ Reply by Fri 15 Dec 18:00 MSK          (⚠️ … · overdue, once the deadline has passed)
    🗓 When: Tue 19 Dec 15:00 MSK             (the letter's event, when it names one)
    📍 Zoom, Tverskaya 7
    📎 Attachments: report.pdf
    ℹ️ Notified because of #bills, although Newsletters is set to mute   (when a rule overrode one)
    💡 Marked urgent: you usually answer letters from Anna within an hour   (when learning acted)
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from shared_lib.decide import Override, override_in, override_of
from shared_lib.i18n import format_when, label, t
from shared_lib.learning.explain import learned_line
from shared_lib.models import Button, Lang, MailRecord, OutboxMessage
from shared_lib.safe_text import escape_html

URGENCY_ICON = {"urgent": "🔴", "normal": "✉️", "low": "⚪"}
MAX_SUBJECT = 300
MAX_GIST = 600
MAX_PLACES = 5
MAX_ATTACHMENTS = 5


def _e(text: str) -> str:
    return escape_html(text)


def clip(text: str, limit: int) -> str:
    """``text`` on one line (white space collapsed), cut to ``limit`` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gmail_url(record: MailRecord) -> str:
    return f"https://mail.google.com/mail/u/{record.account}/#all/{record.message_id}"


def is_overdue(record: MailRecord, now: datetime) -> bool:
    """Whether the letter's deadline has passed at ``now``: the one test of "overdue" that
    notifications, /pending, /history and digests share."""
    deadline = record.analysis.deadline
    return deadline is not None and deadline.at < now


def why_line(lang: Lang, override: Override) -> str:
    """ "Notified because of #bills, although Newsletters is set to mute" (escaped HTML)."""
    return t(
        lang,
        f"mail.why.{override.loser_mode}",
        winner=label(lang, override.winner_kind, override.winner, of=True),
        loser=label(lang, override.loser_kind, override.loser),
    )


def render_text(
    record: MailRecord, lang: Lang, timezone: str = "UTC", now: datetime | None = None
) -> str:
    """The notification's text; ``now`` (default: the current time) decides "overdue"."""
    now = now or datetime.now(UTC)
    a = record.analysis
    head = f"{URGENCY_ICON.get(a.urgency, '✉️')} {_e(label(lang, 'urgency', a.urgency))}"
    head += f" · {_e(label(lang, 'category', a.category))}"
    if a.hashtags:
        head += " " + " ".join(_e(label(lang, "hashtag", tag)) for tag in a.hashtags)

    name = record.sender_name or record.sender_email
    sender = f"{_e(t(lang, 'mail.from'))}: <b>{_e(clip(name, 120))}</b>"
    labels = list(a.sender.categories)
    if a.sender.kind != "person":
        labels.append(t(lang, f"sender.{a.sender.kind}"))
    if a.sender.known_contact:
        labels.append(t(lang, "sender.known_contact"))
    if labels:
        sender += f" ({_e(', '.join(labels))})"
    if record.sender_email and record.sender_email != name:
        sender += f" &lt;{_e(record.sender_email)}&gt;"

    lines = [
        head,
        sender,
        f"<b>{_e(clip(record.subject, MAX_SUBJECT) or t(lang, 'mail.no_subject'))}</b>",
    ]
    if a.gist:
        lines.append(_e(clip(a.gist, MAX_GIST)))
    if a.deadline is not None:
        when = format_when(a.deadline.at.astimezone(ZoneInfo(timezone)), a.deadline.has_time, lang)
        key = "mail.reply_by" if a.reply_expected else "mail.act_by"
        if is_overdue(record, now):
            lines.append(f"⚠️ {_e(t(lang, key, when=when))} · {_e(t(lang, 'mail.overdue'))}")
        else:
            lines.append(f"⏰ {_e(t(lang, key, when=when))}")
    elif a.reply_expected:
        lines.append(f"↩️ {_e(t(lang, 'mail.reply_expected'))}")
    if a.event_time is not None:
        at = a.event_time.at.astimezone(ZoneInfo(timezone))
        when = format_when(at, a.event_time.has_time, lang)
        lines.append(f"🗓 {_e(t(lang, 'mail.event_at', when=when))}")
    if a.places:
        lines.append("📍 " + _e(", ".join(clip(p.text, 80) for p in a.places[:MAX_PLACES])))
    if record.attachments:
        names = ", ".join(clip(n, 60) for n in record.attachments[:MAX_ATTACHMENTS])
        lines.append(f"📎 {t(lang, 'mail.attachments', names=names)}")  # t escapes names
    if a.partial:
        lines.append(f"✂️ {_e(t(lang, 'mail.partial'))}")
    if record.defects and not record.subject and not a.gist:
        lines.append(_e(t(lang, "mail.unreadable", what=clip("; ".join(record.defects), 200))))
    override = (
        override_in(record.notify_why) if record.notify_why else override_of(record.notify_reason)
    )
    if override is not None:
        lines.append(f"ℹ️ {why_line(lang, override)}")
    if record.learned is not None:
        lines.append(f"💡 {learned_line(lang, record.learned)}")
    return "\n".join(lines)


def render_notification(
    record: MailRecord,
    user_id: int,
    chat_id: int,
    lang: Lang,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> OutboxMessage:
    buttons = [
        [
            Button(text=t(lang, "button.open_gmail"), url=gmail_url(record)),
            Button(text=t(lang, "reader.button.read"), callback_data=f"read:{record.message_id}"),
        ],
        [Button(text=t(lang, "button.mute_sender"), callback_data=f"mute:{record.message_id}")],
        [
            Button(
                text=t(lang, "settings.button.important"), callback_data=f"imp:{record.message_id}"
            ),
            Button(
                text=t(lang, "settings.button.not_important"),
                callback_data=f"notimp:{record.message_id}",
            ),
        ],
    ]
    return OutboxMessage(
        key=f"mail:{user_id}:{record.message_id}",
        chat_id=chat_id,
        text=render_text(record, lang, timezone, now),
        buttons=buttons,
    )
