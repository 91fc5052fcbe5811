"""Pending consents: ``oauth_states/{nonce}``, consumed once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared_lib.oauth_state import StateError, StateExpired, StateReused
from shared_lib.store.base import OAUTH_STATES, StoreBase, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import Transaction


class OAuthStatesStore(StoreBase):
    def put_oauth_state(
        self, nonce: str, data: dict[str, Any], expires_at: datetime, now: datetime | None = None
    ) -> None:
        """Record a pending consent (PKCE verifier etc.) under its nonce: a fresh one for every
        opened link, so there is nothing to check first (consuming it checks reuse)."""
        ref = self.db.collection(OAUTH_STATES).document(nonce)
        ref.set({**data, "created_at": now or utcnow(), "expires_at": expires_at})

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

        return self._run_transaction(run)
