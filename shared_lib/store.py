"""Firestore: users, their accounts, OAuth states and the address → user index.

Layout (see shared/design.md): ``users/{uid}``, ``users/{uid}/accounts/{email}``,
``oauth_states/{nonce}``, ``accounts_by_email/{email}``, ``outbox_sent/{key}``.
Documents with an ``expires_at`` field are removed by Firestore TTL policies in the cloud.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from shared_lib.models import Account, MailRecord, NotifyState, User
from shared_lib.oauth_state import StateError, StateExpired, StateReused

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference, Transaction

USERS = "users"
ACCOUNTS = "accounts"
OAUTH_STATES = "oauth_states"
ACCOUNTS_BY_EMAIL = "accounts_by_email"
OUTBOX_SENT = "outbox_sent"
MAIL = "mail"

OUTBOX_SENT_RETENTION = timedelta(days=7)
OUTBOX_LEASE = timedelta(seconds=60)  # a claim older than this is taken over (sender crashed)
ClaimResult = Literal["claimed", "sent", "busy"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def _doc_id(key: str) -> str:
    """A Firestore document id for an arbitrary key (ids may not contain '/' or be huge)."""
    if "/" in key or len(key.encode()) > 400 or key.startswith("__"):
        return "h-" + hashlib.sha256(key.encode()).hexdigest()
    return key


class Store:
    """Typed access to Telemail's Firestore documents. One client per process, made lazily."""

    def __init__(self, project_id: str, client: Client | None = None) -> None:
        self._project_id = project_id
        self._client = client
        self._lock = threading.Lock()

    @property
    def db(self) -> Client:
        with self._lock:
            if self._client is None:
                from google.cloud import firestore

                self._client = firestore.Client(project=self._project_id)
            return self._client

    def _transactional(self, fn: Any) -> Any:
        from google.cloud import firestore

        return firestore.transactional(fn)

    # users -------------------------------------------------------------------------------

    def _user_ref(self, user_id: int) -> DocumentReference:
        return self.db.collection(USERS).document(str(user_id))

    def get_user(self, user_id: int) -> User | None:
        snap = self._user_ref(user_id).get()
        return User.model_validate(snap.to_dict()) if snap.exists else None

    def ensure_user(self, user: User, now: datetime | None = None) -> User:
        """Create the user on first contact; later contacts refresh chat id and name only."""
        now = now or utcnow()
        ref = self._user_ref(user.user_id)

        def run(tx: Transaction) -> User:
            snap = ref.get(transaction=tx)
            if snap.exists:
                stored = User.model_validate(snap.to_dict())
                changes = {"chat_id": user.chat_id, "first_name": user.first_name}
                if stored.model_dump(include=set(changes)) != changes:
                    tx.update(ref, {**changes, "updated_at": now})
                return stored.model_copy(update=changes)
            created = user.model_copy(update={"created_at": now, "updated_at": now})
            tx.create(ref, created.model_dump())
            return created

        return self._transactional(run)(self.db.transaction())

    # OAuth states ------------------------------------------------------------------------

    def put_oauth_state(
        self, nonce: str, data: dict[str, Any], expires_at: datetime, now: datetime | None = None
    ) -> None:
        """Record a pending consent (PKCE verifier etc.) under its nonce, unless already used."""
        ref = self.db.collection(OAUTH_STATES).document(nonce)

        def run(tx: Transaction) -> None:
            snap = ref.get(transaction=tx)
            if snap.exists and (snap.to_dict() or {}).get("used_at"):
                raise StateReused("state already used")
            tx.set(ref, {**data, "created_at": now or utcnow(), "expires_at": expires_at})

        self._transactional(run)(self.db.transaction())

    def consume_oauth_state(self, nonce: str, now: datetime | None = None) -> dict[str, Any]:
        """Mark the state used and return what was stored; a state can be consumed once."""
        now = now or utcnow()
        ref = self.db.collection(OAUTH_STATES).document(nonce)

        def run(tx: Transaction) -> dict[str, Any]:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                raise StateError("state unknown (consent was not started here)")
            data = snap.to_dict() or {}
            if data.get("used_at"):
                raise StateReused("state already used")
            if data["expires_at"] <= now:
                raise StateExpired("state expired")
            tx.update(ref, {"used_at": now})
            return data

        return self._transactional(run)(self.db.transaction())

    # accounts ----------------------------------------------------------------------------

    def _account_ref(self, user_id: int, email: str) -> DocumentReference:
        return self._user_ref(user_id).collection(ACCOUNTS).document(email)

    def save_account(self, account: Account) -> int | None:
        """Store the account and its address index. Returns the previous owner's user id when
        another Telegram user had connected this address (that link is removed)."""
        index = self.db.collection(ACCOUNTS_BY_EMAIL).document(account.email)
        ref = self._account_ref(account.user_id, account.email)

        def run(tx: Transaction) -> int | None:
            snap = index.get(transaction=tx)
            previous = (snap.to_dict() or {}).get("user_id") if snap.exists else None
            if previous is not None and previous != account.user_id:
                tx.delete(self._account_ref(previous, account.email))
            tx.set(ref, account.model_dump())
            tx.set(index, {"user_id": account.user_id})
            return previous if previous != account.user_id else None

        return self._transactional(run)(self.db.transaction())

    def get_account(self, user_id: int, email: str) -> Account | None:
        snap = self._account_ref(user_id, email).get()
        return Account.model_validate(snap.to_dict()) if snap.exists else None

    def get_account_by_email(self, email: str) -> Account | None:
        snap = self.db.collection(ACCOUNTS_BY_EMAIL).document(email.lower()).get()
        if not snap.exists:
            return None
        return self.get_account(int((snap.to_dict() or {})["user_id"]), email.lower())

    def update_account(self, user_id: int, email: str, changes: dict[str, Any]) -> None:
        self._account_ref(user_id, email).update(changes)

    def advance_checkpoint(
        self, user_id: int, email: str, history_id: str, now: datetime | None = None
    ) -> bool:
        """Move the history checkpoint forward only (pushes arrive in any order)."""
        ref = self._account_ref(user_id, email)

        def run(tx: Transaction) -> bool:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return False
            current = str((snap.to_dict() or {}).get("history_id") or "0")
            if int(history_id) <= int(current or 0):
                return False
            tx.update(ref, {"history_id": history_id, "synced_at": now or utcnow()})
            return True

        return self._transactional(run)(self.db.transaction())

    def mark_account_revoked(self, user_id: int, email: str) -> bool:
        """Set status revoked; True only for the call that changed it (tell the user once)."""
        ref = self._account_ref(user_id, email)

        def run(tx: Transaction) -> bool:
            snap = ref.get(transaction=tx)
            if not snap.exists or (snap.to_dict() or {}).get("status") == "revoked":
                return False
            tx.update(ref, {"status": "revoked"})
            return True

        return self._transactional(run)(self.db.transaction())

    def active_accounts(self) -> Iterator[Account]:
        """Every active account of every user (a collection-group query)."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = self.db.collection_group(ACCOUNTS).where(
            filter=FieldFilter("status", "==", "active")
        )
        for snap in query.stream():
            yield Account.model_validate(snap.to_dict())

    def list_accounts(self, user_id: int) -> list[Account]:
        docs = self._user_ref(user_id).collection(ACCOUNTS).stream()
        return [Account.model_validate(d.to_dict()) for d in docs]

    # mail records ------------------------------------------------------------------------

    def _mail_ref(self, user_id: int, message_id: str) -> DocumentReference:
        return self._user_ref(user_id).collection(MAIL).document(message_id)

    def get_mail(self, user_id: int, message_id: str) -> MailRecord | None:
        snap = self._mail_ref(user_id, message_id).get()
        return MailRecord.model_validate(snap.to_dict()) if snap.exists else None

    def create_mail(self, user_id: int, record: MailRecord) -> bool:
        """Store a new record; False when it exists already (the exactly-once guard)."""
        from google.api_core.exceptions import AlreadyExists, Conflict

        try:
            self._mail_ref(user_id, record.message_id).create(record.model_dump())
        except (AlreadyExists, Conflict):
            return False
        return True

    def set_notify_state(
        self, user_id: int, message_id: str, state: NotifyState, reason: str = ""
    ) -> None:
        self._mail_ref(user_id, message_id).update({"notify_state": state, "notify_reason": reason})

    # outbox idempotency ------------------------------------------------------------------

    def claim_outbox(self, key: str, now: datetime | None = None) -> ClaimResult:
        """Claim the right to send ``key``: "sent" if done before, "busy" if another sender
        holds a fresh claim, else "claimed" (a stale claim of a crashed sender is taken over)."""
        now = now or utcnow()
        ref = self.db.collection(OUTBOX_SENT).document(_doc_id(key))

        def run(tx: Transaction) -> ClaimResult:
            snap = ref.get(transaction=tx)
            data = snap.to_dict() or {} if snap.exists else {}
            if data.get("state") == "sent":
                return "sent"
            if data.get("state") == "sending" and data["claimed_at"] + OUTBOX_LEASE > now:
                return "busy"
            tx.set(
                ref,
                {"state": "sending", "claimed_at": now, "expires_at": now + OUTBOX_SENT_RETENTION},
            )
            return "claimed"

        return self._transactional(run)(self.db.transaction())

    def mark_outbox_sent(
        self, key: str, telegram_message_id: int | None, outcome: str = "delivered"
    ) -> None:
        """Close the key for good: delivered, or refused by Telegram for a lasting reason."""
        now = utcnow()
        self.db.collection(OUTBOX_SENT).document(_doc_id(key)).set(
            {
                "state": "sent",
                "outcome": outcome,
                "sent_at": now,
                "telegram_message_id": telegram_message_id,
                "expires_at": now + OUTBOX_SENT_RETENTION,
            }
        )

    def release_outbox(self, key: str) -> None:
        """Drop a claim after a failed attempt so that the redelivery may send at once."""
        self.db.collection(OUTBOX_SENT).document(_doc_id(key)).delete()
