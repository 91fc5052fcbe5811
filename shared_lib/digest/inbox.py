"""The digest inbox: ``users/{uid}/digest/inbox``, a compact copy of what the next digest needs.

The sync notes every letter there as it stores it (``Store.note_letter``), so that a digest
shard reads one small document per user, in one batched read for the whole shard, instead of
querying each user's mail. An entry is a few hundred bytes: header fields and the analysis
labels a digest shows, never the gist or the evidence. The entries are kept as one JSON string
(``letters``): cheap to read and write, and nothing queries inside them.

The inbox is a queue: a digest takes the entries not yet digested that were stored before the
period's end (and not before digests were turned on), then marks them digested, so a letter
noted late, after a digest was taken, goes into the next one. Digested entries are dropped,
except the newest ``MAX_AWAITING`` still awaiting a reply (for the digest's "awaiting" list).

``started_at`` says from when on every stored letter was noted; a digest trusts the inbox only
for a period that starts at or after it. Otherwise (no inbox yet, or an inbox that overflowed
``MAX_ENTRIES`` and was restarted) the digest queries the mail records instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared_lib.analysis.model import Analysis, Deadline
from shared_lib.models import MailRecord

MAX_ENTRIES = 1000  # ~300 KB of JSON: well below Firestore's 1 MiB per document
MAX_AWAITING = 200  # digested letters still awaiting a reply that are kept (a digest shows 5)
MAX_SUBJECT = 120
MAX_SENDER = 80
NOT_NOTED = frozenset({"dropped", "skipped"})  # letters a digest never mentions
_TIMES = ("deadline", "received_at", "created_at", "expires_at")


@dataclass
class Inbox:
    started_at: datetime | None = None
    letters: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_doc(cls, data: dict[str, Any] | None) -> Inbox | None:
        """The inbox stored in ``data`` (None when there is none)."""
        if not data or data.get("started_at") is None:
            return None
        letters = json.loads(data.get("letters") or "[]")
        for entry in letters:
            for key in _TIMES:
                if entry.get(key) is not None:
                    entry[key] = datetime.fromisoformat(entry[key])
        return cls(data["started_at"], letters)

    def to_doc(self) -> dict[str, Any]:
        def encode(value: Any) -> Any:
            return value.isoformat() if isinstance(value, datetime) else value

        letters = [{k: encode(v) for k, v in e.items()} for e in self.letters]
        return {"started_at": self.started_at, "letters": json.dumps(letters, ensure_ascii=False)}

    def covers(self, since: datetime) -> bool:
        """Whether every letter stored since ``since`` was noted here."""
        return self.started_at is not None and self.started_at <= since


def entry_of(record: MailRecord) -> dict[str, Any]:
    """The inbox entry of a stored letter."""
    a = record.analysis
    return {
        "id": record.message_id,
        "thread": record.thread_id,
        "account": record.account,
        "subject": record.subject[:MAX_SUBJECT],
        "sender": (record.sender_name or record.sender_email)[:MAX_SENDER],
        "category": a.category,
        "hashtags": a.hashtags[:10],
        "urgency": a.urgency,
        "awaiting": record.awaiting_reply,
        "deadline": a.deadline.at if a.deadline else None,
        "deadline_time": a.deadline.has_time if a.deadline else False,
        "state": record.notify_state,
        "received_at": record.received_at,
        "created_at": record.created_at,
        "expires_at": record.expires_at,
        "digested": False,
    }


def record_of(entry: dict[str, Any]) -> MailRecord:
    """A mail record with the fields a digest renders, from an inbox entry."""
    deadline = entry.get("deadline")
    return MailRecord(
        message_id=entry["id"],
        thread_id=entry.get("thread") or entry["id"],
        account=entry["account"],
        received_at=entry["received_at"],
        subject=entry.get("subject", ""),
        sender_name=entry.get("sender", ""),
        analysis=Analysis(
            category=entry.get("category", "notifications"),
            hashtags=entry.get("hashtags") or [],
            urgency=entry.get("urgency", "normal"),
            reply_expected=bool(entry.get("awaiting")),
            deadline=Deadline(at=deadline, has_time=bool(entry.get("deadline_time")))
            if deadline is not None
            else None,
        ),
        notify_state=entry.get("state", "published"),
        awaiting_reply=bool(entry.get("awaiting")),
        created_at=entry.get("created_at"),
        expires_at=entry.get("expires_at"),
    )


def _alive(entry: dict[str, Any], now: datetime) -> bool:
    expires = entry.get("expires_at")
    return expires is None or expires > now


def holds(inbox: Inbox | None, letter_id: str) -> bool:
    """Whether the letter is noted in the inbox."""
    return inbox is not None and any(e["id"] == letter_id for e in inbox.letters)


def add_entry(inbox: Inbox | None, entry: dict[str, Any], now: datetime) -> Inbox:
    """The inbox after noting ``entry``; a letter noted before is left as it is.

    A full inbox is restarted: it keeps the letters awaiting a reply and is trusted only for
    periods starting from ``now`` (earlier ones are served from the mail records).
    """
    if inbox is None:
        inbox = Inbox(entry.get("created_at") or now, [])
    if holds(inbox, entry["id"]):
        return inbox
    letters = [*inbox.letters, entry]
    if len(letters) <= MAX_ENTRIES:
        return Inbox(inbox.started_at, letters)
    awaiting = [e for e in letters if e.get("awaiting") and _alive(e, now)][-MAX_AWAITING:]
    return Inbox(now, [{**e, "digested": True} for e in awaiting])


def _due(entry: dict[str, Any], floor: datetime, until: datetime) -> bool:
    created = entry.get("created_at")
    return not entry.get("digested") and created is not None and floor <= created < until


def period_letters(inbox: Inbox, floor: datetime, until: datetime) -> list[MailRecord]:
    """The letters a digest ending at ``until`` takes: stored before it, not digested yet, not
    before ``floor`` (when digests were turned on), and not past their retention."""
    return [record_of(e) for e in inbox.letters if _due(e, floor, until) and _alive(e, until)]


def awaiting_letters(inbox: Inbox) -> list[MailRecord]:
    return [record_of(e) for e in inbox.letters if e.get("awaiting")]


def after_digest(inbox: Inbox, floor: datetime, until: datetime) -> Inbox:
    """The inbox once the digest ending at ``until`` is taken: its letters are digested, and
    what no digest needs any more (not awaiting a reply, or past retention) is dropped."""
    letters = [
        {**e, "digested": True} if _due(e, floor, until) else e
        for e in inbox.letters
        if _alive(e, until)
    ]
    done = [e for e in letters if e.get("digested") or (e.get("created_at") or floor) < floor]
    awaiting = [e["id"] for e in done if e.get("awaiting")][-MAX_AWAITING:]
    dropped = {e["id"] for e in done} - set(awaiting)
    return Inbox(inbox.started_at, [e for e in letters if e["id"] not in dropped])


def answered(inbox: Inbox, message_ids: set[str]) -> bool:
    """Mark these letters as no longer awaiting a reply; whether anything changed."""
    changed = False
    for entry in inbox.letters:
        if entry["id"] in message_ids and entry.get("awaiting"):
            entry["awaiting"] = False
            changed = True
    return changed
