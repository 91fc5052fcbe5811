"""Reply tracking: a letter stops awaiting a reply once the user answers it in Gmail.

An answer is a message with the SENT label added to the letter's thread after the letter
arrived. The sync calls ``track_replies`` with the sent messages of its one history listing
(from the checkpoint it started from), before it moves the checkpoint, so every sent message is
looked at (at least) once; repeating is harmless.
The recipients of what the user sends become the mailbox's known contacts: a later letter from
one of them says "you wrote to them".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared_lib.app import App
from shared_lib.gmail import GmailClient, HistoryGone
from shared_lib.learning.signals import learn_from_replies
from shared_lib.mail.headers import header_text, parse_addresses
from shared_lib.models import Account

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentMessage:
    id: str
    thread_id: str
    sent_at: datetime
    recipients: tuple[str, ...] = ()  # To and Cc addresses, lower-cased


def sent_messages(gmail: GmailClient, found: list[tuple[str, str]]) -> list[SentMessage]:
    """The sent messages (id, thread id) the history listing found, with their time and
    recipients (one ``format=metadata`` read each); messages deleted since are left out."""
    users: Any = gmail._users
    sent = []
    for message_id, thread_id in found:
        try:
            metadata = gmail._execute(
                users.messages().get(
                    userId="me", id=message_id, format="metadata", metadataHeaders=RECIPIENTS
                )
            )
        except HistoryGone:  # deleted since
            continue
        at = datetime.fromtimestamp(int(metadata.get("internalDate", 0)) / 1000, tz=UTC)
        sent.append(SentMessage(message_id, thread_id, at, recipients_of(metadata)))
    return sent


RECIPIENTS = ["To", "Cc"]


def recipients_of(metadata: dict[str, Any]) -> tuple[str, ...]:
    """The To and Cc addresses of a message in Gmail's metadata format."""
    notes: list[str] = []
    found: list[str] = []
    for header in (metadata.get("payload") or {}).get("headers") or []:
        name = str(header.get("name", ""))
        if name.lower() in ("to", "cc"):
            text = header_text(str(header.get("value", "")), name, notes, 64_000, words=False)
            found += [a.email for a in parse_addresses(text, notes, name) if a.email]
    return tuple(dict.fromkeys(found))


def apply_replies(app: App, user_id: int, sent: list[SentMessage]) -> list[str]:
    """Clear ``awaiting_reply`` on the letters these messages answer; returns their ids."""
    answered: list[str] = []
    for message in sent:
        answered += app.store.mark_thread_replied(user_id, message.thread_id, message.sent_at)
    return answered


def track_replies(
    app: App, gmail: GmailClient, account: Account, found: list[tuple[str, str]]
) -> list[str]:
    """Look at the messages the user sent (``HistoryChanges.sent``); returns the letters they
    answered. Gmail errors propagate, as in the sync."""
    if not found:
        return []
    sent = sent_messages(gmail, found)
    answered = apply_replies(app, account.user_id, sent)
    learn_from_replies(app, account.user_id, sent)  # every reply, awaited or not
    contacts = [r for m in sent for r in m.recipients if r != account.email.lower()]
    app.store.note_contacts(account.user_id, account.email, contacts)
    if answered:
        log.info("replies: user %s answered %d letters in Gmail", account.user_id, len(answered))
    return answered
