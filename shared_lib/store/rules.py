"""Rules and preferences: ``users/{uid}/rules/current`` and the preference fields of the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared_lib.rules import Rules
from shared_lib.store.base import RULES, StoreBase, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference, Transaction

CURRENT = "current"


class RulesStore(StoreBase):
    def _rules_ref(self, user_id: int) -> DocumentReference:
        return self._user_ref(user_id).collection(RULES).document(CURRENT)

    def get_rules(self, user_id: int) -> Rules:
        snap = self._rules_ref(user_id).get()
        return Rules.model_validate(snap.to_dict()) if snap.exists else Rules()

    def update_rules(self, user_id: int, change: Callable[[Rules], Rules]) -> Rules:
        """Read-modify-write in a transaction: concurrent edits are never lost."""
        ref = self._rules_ref(user_id)

        def run(tx: Transaction) -> Rules:
            snap = ref.get(transaction=tx)
            current = Rules.model_validate(snap.to_dict()) if snap.exists else Rules()
            updated = change(current.model_copy(deep=True))
            tx.set(ref, updated.model_dump())
            return updated

        return self._run_transaction(run)

    def update_user(self, user_id: int, changes: dict[str, Any]) -> None:
        """Change preference fields of ``users/{uid}`` (lang, timezone, quiet_hours, digest…)."""
        self._user_ref(user_id).update({**changes, "updated_at": utcnow()})
