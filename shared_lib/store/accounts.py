"""Connected mailboxes: ``users/{uid}/accounts/{email}`` and ``accounts_by_email/{email}``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared_lib.models import Account
from shared_lib.store.base import ACCOUNTS, ACCOUNTS_BY_EMAIL, StoreBase, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference, Transaction


class OwnedElsewhere(Exception):
    """The address is connected to another Telegram user; moving it needs ``allow_move``."""

    def __init__(self, owner: int) -> None:
        super().__init__(f"mailbox is connected to user {owner}")
        self.owner = owner


class AccountsStore(StoreBase):
    def _account_ref(self, user_id: int, email: str) -> DocumentReference:
        return self._user_ref(user_id).collection(ACCOUNTS).document(email)

    def save_account(self, account: Account, allow_move: bool = False) -> int | None:
        """Store the account and its address index. When another Telegram user has this address
        connected, raise ``OwnedElsewhere`` unless ``allow_move``; with it, that link is removed
        and the previous owner's user id returned."""
        index = self.db.collection(ACCOUNTS_BY_EMAIL).document(account.email)
        ref = self._account_ref(account.user_id, account.email)

        def run(tx: Transaction) -> int | None:
            snap = index.get(transaction=tx)
            previous = (snap.to_dict() or {}).get("user_id") if snap.exists else None
            if previous is not None and previous != account.user_id:
                if not allow_move:
                    raise OwnedElsewhere(int(previous))
                tx.delete(self._account_ref(previous, account.email))
            tx.set(ref, account.model_dump())
            tx.set(index, {"user_id": account.user_id})
            return previous if previous != account.user_id else None

        return self._run_transaction(run)

    def get_account(self, user_id: int, email: str) -> Account | None:
        snap = self._account_ref(user_id, email).get()
        return Account.model_validate(snap.to_dict()) if snap.exists else None

    def account_owner(self, email: str) -> int | None:
        """The Telegram user this address is connected to, if any."""
        snap = self.db.collection(ACCOUNTS_BY_EMAIL).document(email.lower()).get()
        return int((snap.to_dict() or {})["user_id"]) if snap.exists else None

    def get_account_by_email(self, email: str) -> Account | None:
        owner = self.account_owner(email)
        return None if owner is None else self.get_account(owner, email.lower())

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

        return self._run_transaction(run)

    def note_contacts(self, user_id: int, email: str, addresses: list[str]) -> None:
        """Add addresses the user wrote to (from this mailbox) to its known contacts."""
        self._merge_addresses(user_id, email, "known_contacts", addresses, MAX_KNOWN_CONTACTS)

    def note_delivered_to(self, user_id: int, email: str, addresses: list[str]) -> None:
        """Add addresses letters were delivered to (the mailbox's own) to the account."""
        self._merge_addresses(user_id, email, "delivered_to", addresses, MAX_DELIVERED_TO)

    def _merge_addresses(
        self, user_id: int, email: str, field: str, addresses: list[str], limit: int
    ) -> None:
        """Merge `addresses` into the account's bounded list `field` (see `merge_contacts`)."""
        if not addresses:
            return
        ref = self._account_ref(user_id, email)

        def run(tx: Transaction) -> None:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return
            known = list((snap.to_dict() or {}).get(field) or [])
            updated = merge_contacts(known, addresses, limit)
            if updated != known:
                tx.update(ref, {field: updated})

        self._run_transaction(run)

    def mark_account_revoked(self, user_id: int, email: str) -> bool:
        """Set status revoked; True only for the call that changed it (tell the user once)."""
        ref = self._account_ref(user_id, email)

        def run(tx: Transaction) -> bool:
            snap = ref.get(transaction=tx)
            if not snap.exists or (snap.to_dict() or {}).get("status") == "revoked":
                return False
            tx.update(ref, {"status": "revoked"})
            return True

        return self._run_transaction(run)

    def list_accounts(self, user_id: int) -> list[Account]:
        docs = self._user_ref(user_id).collection(ACCOUNTS).stream()
        return [Account.model_validate(d.to_dict()) for d in docs]


MAX_KNOWN_CONTACTS = 1000
MAX_DELIVERED_TO = 20  # addresses letters were delivered to (shared_lib/mailbox_addresses.py)


def merge_contacts(
    known: list[str], addresses: list[str], limit: int = MAX_KNOWN_CONTACTS
) -> list[str]:
    """`known` with `addresses` moved or added to the end (newest last), the oldest dropped
    beyond `limit`; addresses lower-cased, each once."""
    fresh = dict.fromkeys(a.strip().lower() for a in addresses if "@" in a)
    kept = [a for a in known if a not in fresh]
    return (kept + list(fresh))[-limit:]
