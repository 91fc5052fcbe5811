"""Outbox idempotency: ``outbox_sent/{key}`` claims and marks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from shared_lib.store.base import OUTBOX_SENT, StoreBase, doc_id, utcnow

if TYPE_CHECKING:
    from google.cloud.firestore import Transaction


OUTBOX_SENT_RETENTION = timedelta(days=7)
OUTBOX_LEASE = timedelta(seconds=60)  # a claim older than this is taken over (sender crashed)
ClaimResult = Literal["claimed", "sent", "busy"]


class OutboxStore(StoreBase):
    def claim_outbox(self, key: str, now: datetime | None = None) -> ClaimResult:
        """Claim the right to send ``key``: "sent" if done before, "busy" if another sender
        holds a fresh claim, else "claimed" (a stale claim of a crashed sender is taken over)."""
        now = now or utcnow()
        ref = self.db.collection(OUTBOX_SENT).document(doc_id(key))

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

        return self._run_transaction(run)

    def mark_outbox_sent(
        self, key: str, telegram_message_id: int | None, outcome: str = "delivered"
    ) -> None:
        """Close the key for good: delivered, or refused by Telegram for a lasting reason."""
        now = utcnow()
        self.db.collection(OUTBOX_SENT).document(doc_id(key)).set(
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
        self.db.collection(OUTBOX_SENT).document(doc_id(key)).delete()
