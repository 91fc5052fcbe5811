"""The per-user learning model: ``users/{uid}/learning/model``, one bounded document.

Read once per sync batch; updated from signals in its own small transaction (never inside the
sync's transactions on the digest inbox), with all of one batch's signals at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from shared_lib.learning.model import LearningModel, Observation
from shared_lib.store.base import StoreBase

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference, Transaction

LEARNING = "learning"
MODEL = "model"


class LearningStore(StoreBase):
    def _learning_ref(self, user_id: int) -> DocumentReference:
        return self._user_ref(user_id).collection(LEARNING).document(MODEL)

    def get_learning(self, user_id: int) -> LearningModel:
        snap = self._learning_ref(user_id).get()
        return LearningModel.from_doc(snap.to_dict() if snap.exists else None)

    def learn(
        self,
        user_id: int,
        observations: list[Observation],
        now: datetime,
        unread_checked: str = "",
    ) -> int:
        """Count the observations in the user's model (each once); returns how many changed it.
        ``unread_checked``: the mailbox the sync looked at for letters left unread at ``now``
        (noted too)."""
        if not observations and not unread_checked:
            return 0
        ref = self._learning_ref(user_id)
        minute = int(now.timestamp() // 60)

        def run(tx: Transaction) -> int:
            snap = ref.get(transaction=tx)
            model = LearningModel.from_doc(snap.to_dict() if snap.exists else None)
            changed = model.observe_all(observations, now)
            checked = bool(unread_checked) and model.note_unread_look(unread_checked, minute)
            if changed or checked:
                tx.set(ref, model.to_doc())
            return changed

        return self._run_transaction(run)

    def forget_learning(self, user_id: int) -> None:
        """Forget what the user's actions taught (/learned reset)."""
        self._learning_ref(user_id).delete()
