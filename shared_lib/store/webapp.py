"""What the settings page writes: rules and preferences changed in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared_lib.digest.schedule import schedule_fields
from shared_lib.rules import Rules
from shared_lib.store.base import RULES, StoreBase, utcnow
from shared_lib.store.rules import CURRENT

if TYPE_CHECKING:
    from google.cloud.firestore import Transaction


class WebAppStore(StoreBase):
    def update_settings(
        self,
        user_id: int,
        change_rules: Callable[[Rules], Rules] | None,
        user_fields: dict[str, Any],
    ) -> bool:
        """Change the rules and the user's preference fields in one transaction: both or neither.
        False (nothing written) when the user does not exist. ``change_rules`` may raise to
        refuse the change."""
        user_ref = self._user_ref(user_id)
        rules_ref = user_ref.collection(RULES).document(CURRENT)

        def run(tx: Transaction) -> bool:
            user_snap = user_ref.get(transaction=tx)
            if not user_snap.exists:
                return False
            if change_rules is not None:
                snap = rules_ref.get(transaction=tx)
                current = Rules.model_validate(snap.to_dict()) if snap.exists else Rules()
                tx.set(rules_ref, change_rules(current).model_dump())
            if user_fields:
                fields = dict(user_fields)
                if "timezone" in fields:
                    fields["timezone_chosen"] = True  # saved on the page: not asked again
                if "digest" in fields or "timezone" in fields:  # keep next_digest_at right
                    fields.update(
                        schedule_fields(
                            user_snap.to_dict() or {},
                            utcnow(),
                            fields.get("digest"),
                            fields.get("timezone"),
                        )
                    )
                tx.update(user_ref, {**fields, "updated_at": utcnow()})
            return True

        return self._run_transaction(run)
