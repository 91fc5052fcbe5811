"""Digest bookkeeping, mail history queries, reply tracking and Gmail watch state.

Fields this mixin keeps on ``users/{uid}`` (outside the ``User`` model, which ignores them):
- ``next_digest_at``: the next due slot (UTC), or absent/None when digests are off; the tick
  queries it, so every change of the schedule or time zone must go through
  ``set_digest_schedule``;
- ``digest_since``: where the next digest's period starts (the end of the previous one);
- ``digest_floor``: when digests were last turned on (no digest covers letters from before);
and ``users/{uid}/digest/inbox`` (see ``shared_lib.digest.inbox``), which also keeps the last
digest taken (``outgoing``) until the next one, for a redelivered shard to publish again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared_lib.digest import inbox as inboxes
from shared_lib.digest.inbox import Inbox
from shared_lib.digest.schedule import (
    deferred_by_quiet_hours,
    next_digest_at,
    previous_slot,
    schedule_fields,
)
from shared_lib.models import DigestSchedule, MailRecord, OutboxMessage, User
from shared_lib.store.base import ACCOUNTS, MAIL, USERS, StoreBase, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference, Transaction

DIGEST = "digest"
INBOX = "inbox"
AWAITING_READ = 50  # letters awaiting a reply a digest reads from the records (it lists 5)
HISTORY_SCAN = 200  # newest letters /history filters in memory

# What a digest reads of each letter (a field mask: no gist, places or evidence).
DIGEST_FIELDS = (
    "message_id",
    "thread_id",
    "account",
    "received_at",
    "subject",
    "sender_name",
    "sender_email",
    "analysis.category",
    "analysis.hashtags",
    "analysis.urgency",
    "analysis.reply_expected",
    "analysis.deadline",
    "notify_state",
    "hold_until",
    "awaiting_reply",
    "replied_at",
    "created_at",
    "expires_at",
)


@dataclass(frozen=True)
class DigestPeriod:
    """A digest to send: ``user``'s for ``slot``, of the letters stored in [since, until)."""

    user: User
    slot: datetime
    since: datetime
    until: datetime


# Renders a period's digest from its letters and the letters awaiting a reply (None: nothing).
DigestRenderer = Callable[[DigestPeriod, list[MailRecord], list[MailRecord]], OutboxMessage | None]


@dataclass(frozen=True)
class AccountRef:
    user_id: int
    email: str
    history_id: str = ""


def _records(snaps: Iterable[Any]) -> list[MailRecord]:
    return [MailRecord.model_validate(s.to_dict()) for s in snaps]


class DigestStore(StoreBase):
    # -- schedule -------------------------------------------------------------------------

    def set_digest_schedule(
        self,
        user_id: int,
        now: datetime,
        schedule: DigestSchedule | None = None,
        timezone: str | None = None,
    ) -> User | None:
        """Change the digest schedule and/or time zone and recompute ``next_digest_at``.

        See ``schedule_fields`` for the bookkeeping. None if the user does not exist.
        """
        ref = self._user_ref(user_id)

        def run(tx: Transaction) -> User | None:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return None
            data = snap.to_dict() or {}
            changes: dict[str, Any] = {"updated_at": now}
            if schedule is not None:
                changes["digest"] = schedule.model_dump()
            if timezone is not None:
                changes["timezone"] = timezone
                changes["timezone_chosen"] = True
            changes.update(schedule_fields(data, now, schedule, timezone))
            tx.update(ref, changes)
            return User.model_validate({**data, **changes})

        return self._run_transaction(run)

    def due_digest_users(self, due_by: datetime) -> list[int]:
        """Ids of users whose ``next_digest_at`` is at or before ``due_by`` (keys only)."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self.db.collection(USERS)
            .where(filter=FieldFilter("next_digest_at", "<=", due_by))
            .select([])
        )
        return [int(snap.id) for snap in query.stream()]

    def _inbox_ref(self, user_id: int) -> DocumentReference:
        return self._user_ref(user_id).collection(DIGEST).document(INBOX)

    def _users_and_inboxes(
        self, tx: Transaction, user_ids: Iterable[int]
    ) -> list[tuple[Any, dict[str, Any]]]:
        """(user snapshot, inbox document or {}) per user, in one batched read."""
        ids = list(user_ids)
        refs = [self._user_ref(u) for u in ids] + [self._inbox_ref(u) for u in ids]
        snaps = {snap.reference.path: snap for snap in tx.get_all(refs)}
        result = []
        for uid in ids:
            inbox = snaps.get(self._inbox_ref(uid).path)
            data = (inbox.to_dict() or {}) if inbox is not None and inbox.exists else {}
            result.append((snaps[self._user_ref(uid).path], data))
        return result

    def take_digests(
        self,
        user_ids: list[int],
        now: datetime,
        due_by: datetime,
        token: str,
        render: DigestRenderer,
    ) -> list[OutboxMessage]:
        """Take the due digests of these users in one transaction, and return them to publish.

        For each user whose ``next_digest_at`` is at or before ``due_by``: read the period's
        letters (from the digest inbox when it covers the period, else from the mail
        records), render the digest, move ``digest_since`` to ``now`` and ``next_digest_at``
        to the next slot, let the inbox go of the letters covered, and keep the rendered
        message in the inbox under ``outgoing`` with ``token``. A user in quiet hours at ``now``
        is not served: the slot moves to their end. Users not due any more are
        skipped, except that a repeat of the same ``token`` (a redelivered shard whose
        publishing may not have happened) gets its kept messages back.
        """

        def run(tx: Transaction) -> list[OutboxMessage]:
            messages: list[OutboxMessage] = []
            taken: list[tuple[DigestPeriod, datetime, Inbox | None, list[MailRecord], list]] = []
            switched_off: list[DocumentReference] = []
            deferred: list[tuple[DocumentReference, datetime]] = []
            for snap, inbox_doc in self._users_and_inboxes(tx, user_ids):  # reads, then writes
                data = (snap.to_dict() or {}) if snap.exists else {}
                slot = data.get("next_digest_at")
                if slot is None or slot > due_by:
                    outgoing = inbox_doc.get("outgoing") or {}
                    if outgoing.get("token") == token and outgoing.get("message"):
                        messages.append(OutboxMessage.model_validate_json(outgoing["message"]))
                    continue
                user = User.model_validate(data)
                if user.digest.mode == "off":
                    switched_off.append(snap.reference)
                    continue
                quiet_until = deferred_by_quiet_hours(user.quiet_hours, user.timezone, now)
                if quiet_until is not None:
                    deferred.append((snap.reference, quiet_until))
                    continue
                since = data.get("digest_since") or previous_slot(user.digest, user.timezone, slot)
                floor = data.get("digest_floor") or since
                period = DigestPeriod(user, slot, since, max(now, since))
                inbox = Inbox.from_doc(inbox_doc)
                if inbox is not None and inbox.covers(since):
                    letters = inboxes.period_letters(inbox, floor, period.until)
                    awaiting = inboxes.awaiting_letters(inbox)
                else:  # the inbox does not cover the period: the mail records do
                    letters, awaiting = self._period_from_records(tx, period)
                taken.append((period, floor, inbox, letters, awaiting))
            for ref in switched_off:
                tx.update(ref, {"next_digest_at": None})
            for ref, until in deferred:
                tx.update(ref, {"next_digest_at": until})
            for period, floor, inbox, letters, awaiting in taken:
                message = render(period, letters, awaiting) if letters else None
                after = max(period.until, period.slot)
                user = period.user
                tx.update(
                    self._user_ref(user.user_id),
                    {
                        "digest_since": period.until,
                        "next_digest_at": next_digest_at(user.digest, user.timezone, after),
                    },
                )
                kept = message.model_dump_json() if message is not None else None
                changes: dict[str, Any] = {"outgoing": {"token": token, "message": kept}}
                if inbox is not None:
                    changes.update(inboxes.after_digest(inbox, floor, period.until).to_doc())
                tx.set(self._inbox_ref(user.user_id), changes, merge=True)
                if message is not None:
                    messages.append(message)
            return messages

        return self._run_transaction(run)

    def _period_from_records(
        self, tx: Transaction, period: DigestPeriod
    ) -> tuple[list[MailRecord], list[MailRecord]]:
        """The period's letters and those awaiting a reply, queried within ``tx``."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        mail = self._mail(period.user.user_id)
        stored = (
            mail.where(filter=FieldFilter("created_at", ">=", period.since))
            .where(filter=FieldFilter("created_at", "<", period.until))
            .select(DIGEST_FIELDS)
        )
        letters = _records(tx.get(stored))
        if not letters:
            return [], []
        awaiting = (
            mail.where(filter=FieldFilter("awaiting_reply", "==", True))
            .select(DIGEST_FIELDS)
            .limit(AWAITING_READ)
        )
        return letters, _records(tx.get(awaiting))

    def note_letter(self, user_id: int, record: MailRecord, now: datetime | None = None) -> None:
        """Add a letter being stored to the user's digest inbox (a repeat changes nothing).

        The sync calls it for every letter it stores, before ``create_mail``."""
        if record.notify_state in inboxes.NOT_NOTED:
            return
        ref = self._inbox_ref(user_id)
        entry = inboxes.entry_of(record)
        # Concurrent syncs of one mailbox (redelivered pushes) note the same letters: a plain
        # read first spares the transaction, and its lock on this one document, when another
        # sync has already noted the letter.
        seen = ref.get()
        if inboxes.holds(Inbox.from_doc(seen.to_dict() if seen.exists else None), entry["id"]):
            return

        def run(tx: Transaction) -> None:
            snap = ref.get(transaction=tx)
            current = Inbox.from_doc(snap.to_dict() if snap.exists else None)
            updated = inboxes.add_entry(current, entry, now or utcnow())
            if updated is not current:
                tx.set(ref, updated.to_doc(), merge=True)

        self._run_transaction(run)

    def forget_account_letters(self, user_id: int, email: str) -> None:
        """Drop a disconnected mailbox's letters from the digest inbox."""
        ref = self._inbox_ref(user_id)

        def run(tx: Transaction) -> None:
            snap = ref.get(transaction=tx)
            inbox = Inbox.from_doc(snap.to_dict() if snap.exists else None)
            if inbox is not None:
                inbox.letters = [e for e in inbox.letters if e.get("account") != email]
                tx.set(ref, inbox.to_doc(), merge=True)

        self._run_transaction(run)

    # -- mail for digests and history ------------------------------------------------------

    def _mail(self, user_id: int) -> Any:
        return self._user_ref(user_id).collection(MAIL)

    def awaiting_reply(self, user_id: int, limit: int = 100) -> list[MailRecord]:
        """Letters still awaiting the user's reply (any order; at most ``limit``)."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = self._mail(user_id).where(filter=FieldFilter("awaiting_reply", "==", True))
        return _records(query.limit(limit).stream())

    def mail_history(
        self, user_id: int, limit: int = HISTORY_SCAN, since: datetime | None = None
    ) -> list[MailRecord]:
        """The newest letters by arrival, newest first (optionally received at/after since)."""
        from google.cloud.firestore import Query
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = self._mail(user_id)
        if since is not None:
            query = query.where(filter=FieldFilter("received_at", ">=", since))
        query = query.order_by("received_at", direction=Query.DESCENDING).limit(limit)
        return _records(query.stream())

    # -- replies ----------------------------------------------------------------------------

    def mark_replied(self, user_id: int, message_id: str, at: datetime) -> MailRecord | None:
        """The user answered this letter (or said so): it no longer awaits a reply."""
        ref: DocumentReference = self._mail(user_id).document(message_id)
        inbox = self._inbox_ref(user_id)

        def run(tx: Transaction) -> MailRecord | None:
            snap = ref.get(transaction=tx)
            inbox_snap = inbox.get(transaction=tx)
            if not snap.exists:
                return None
            record = MailRecord.model_validate(snap.to_dict())
            if record.awaiting_reply:
                self._write_answered(tx, inbox_snap, {message_id})
                tx.update(ref, {"awaiting_reply": False, "replied_at": at})
                record = record.model_copy(update={"awaiting_reply": False, "replied_at": at})
            return record

        return self._run_transaction(run)

    def mark_thread_replied(self, user_id: int, thread_id: str, sent_at: datetime) -> list[str]:
        """A reply was sent in ``thread_id`` at ``sent_at``: letters of that thread received
        before it no longer await a reply. Returns their message ids."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self._mail(user_id)
            .where(filter=FieldFilter("thread_id", "==", thread_id))
            .select(["awaiting_reply", "received_at"])
        )
        answered = [
            snap.reference
            for snap in query.stream()
            if (data := snap.to_dict() or {}).get("awaiting_reply")
            and data["received_at"] <= sent_at
        ]
        if not answered:
            return []
        inbox = self._inbox_ref(user_id)

        def run(tx: Transaction) -> None:
            inbox_snap = inbox.get(transaction=tx)
            self._write_answered(tx, inbox_snap, {ref.id for ref in answered})
            for ref in answered:
                tx.update(ref, {"awaiting_reply": False, "replied_at": sent_at})

        self._run_transaction(run)
        return [ref.id for ref in answered]

    @staticmethod
    def _write_answered(tx: Transaction, inbox_snap: Any, message_ids: set[str]) -> None:
        """The inbox's copies of these letters no longer await a reply."""
        inbox = Inbox.from_doc(inbox_snap.to_dict() if inbox_snap.exists else None)
        if inbox is not None and inboxes.answered(inbox, message_ids):
            tx.set(inbox_snap.reference, inbox.to_doc(), merge=True)

    # -- accounts for the tick ----------------------------------------------------------------

    def active_account_refs(self) -> list[AccountRef]:
        """Every active account, with only what a sync request needs."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self.db.collection_group(ACCOUNTS)
            .where(filter=FieldFilter("status", "==", "active"))
            .select(["user_id", "email", "history_id"])
        )
        return [
            AccountRef(int(d["user_id"]), str(d["email"]), str(d.get("history_id") or ""))
            for d in (snap.to_dict() or {} for snap in query.stream())
        ]

    def watches_expiring(self, by: datetime) -> list[AccountRef]:
        """Active accounts whose Gmail watch expires at or before ``by``."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self.db.collection_group(ACCOUNTS)
            .where(filter=FieldFilter("watch_expires_at", "<=", by))
            .select(["user_id", "email", "status"])
        )
        return [
            AccountRef(int(d["user_id"]), str(d["email"]))
            for d in (snap.to_dict() or {} for snap in query.stream())
            if d.get("status") == "active"
        ]

    def record_watch_renewed(self, user_id: int, email: str, expires_at: datetime) -> None:
        """The watch now runs until ``expires_at``; a recorded failure is cleared."""
        self._user_ref(user_id).collection(ACCOUNTS).document(email).update(
            {
                "watch_expires_at": expires_at,
                "watch_error": "",
                "watch_error_at": None,
                "watch_error_reported": False,
            }
        )

    def record_watch_failure(
        self, user_id: int, email: str, error: str, now: datetime
    ) -> datetime | None:
        """Note a failed renewal on the account. Returns when this failure episode began if
        the user has not been told of it yet (else None)."""
        ref = self._user_ref(user_id).collection(ACCOUNTS).document(email)

        def run(tx: Transaction) -> datetime | None:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return None
            data = snap.to_dict() or {}
            began = data.get("watch_error_at") or now
            tx.update(ref, {"watch_error": error[:300], "watch_error_at": began})
            return None if data.get("watch_error_reported") else began

        return self._run_transaction(run)

    def mark_watch_failure_reported(self, user_id: int, email: str) -> None:
        self._user_ref(user_id).collection(ACCOUNTS).document(email).update(
            {"watch_error_reported": True}
        )


__all__ = ["AccountRef", "DigestPeriod", "DigestRenderer", "DigestStore", "utcnow"]
