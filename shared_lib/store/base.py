"""What every part of the store shares: the Firestore client, transactions, names, ids."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from google.cloud.firestore import Client, DocumentReference

USERS = "users"
ACCOUNTS = "accounts"
OAUTH_STATES = "oauth_states"
ACCOUNTS_BY_EMAIL = "accounts_by_email"
OUTBOX_SENT = "outbox_sent"
MAIL = "mail"
RULES = "rules"

# Concurrent syncs of one mailbox (Pub/Sub redeliveries, the tick) contend on its account and
# digest-inbox documents. The client retries a transaction at once, keeping its place in line;
# when a round of such retries is used up (syncs racing in lockstep can keep aborting one
# another), the store waits a random, growing moment and starts another round, as Firestore
# advises for contention.
TRANSACTION_ATTEMPTS = 10  # the client's attempts in one round
TRANSACTION_ROUNDS = 5
TRANSACTION_BACKOFF_SECONDS = 0.05  # the first pause's upper bound; doubled each round


def utcnow() -> datetime:
    return datetime.now(UTC)


def doc_id(key: str) -> str:
    """A Firestore document id for an arbitrary key (ids may not contain '/' or be huge)."""
    if "/" in key or len(key.encode()) > 400 or key.startswith("__"):
        return "h-" + hashlib.sha256(key.encode()).hexdigest()
    return key


class StoreBase:
    """The lazily made Firestore client (one per process) and shared helpers."""

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

    def _transactional(self, fn: Callable[..., Any]) -> Any:
        from google.cloud import firestore

        return firestore.transactional(fn)

    def _run_transaction(self, fn: Callable[..., Any]) -> Any:
        """Run ``fn(transaction)`` in a Firestore transaction (retried on contention)."""
        from google.api_core.exceptions import Aborted

        for round_ in range(TRANSACTION_ROUNDS):
            try:
                transaction = self.db.transaction(max_attempts=TRANSACTION_ATTEMPTS)
                return self._transactional(fn)(transaction)
            except (Aborted, ValueError) as exc:
                # The client gives up with ValueError("Failed to commit…") from Aborted; a read
                # that timed out on a lock raises Aborted itself. Anything else is not ours.
                contention = isinstance(exc, Aborted) or isinstance(exc.__cause__, Aborted)
                if not contention or round_ == TRANSACTION_ROUNDS - 1:
                    raise
                time.sleep(random.uniform(0, TRANSACTION_BACKOFF_SECONDS * 2**round_))
        raise AssertionError("unreachable")

    def _user_ref(self, user_id: int) -> DocumentReference:
        return self.db.collection(USERS).document(str(user_id))
