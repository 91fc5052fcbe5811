"""Users: ``users/{telegram_user_id}``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from shared_lib.models import User
from shared_lib.store.base import StoreBase, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import Transaction


class UsersStore(StoreBase):
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

        return self._run_transaction(run)
