"""Mail records: ``users/{uid}/mail/{gmail message id}``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from shared_lib.models import MailRecord, NotifyState
from shared_lib.store.base import MAIL, StoreBase

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference


class MailStore(StoreBase):
    def _mail_ref(self, user_id: int, message_id: str) -> DocumentReference:
        return self._user_ref(user_id).collection(MAIL).document(message_id)

    def get_mail(self, user_id: int, message_id: str) -> MailRecord | None:
        snap = self._mail_ref(user_id, message_id).get()
        return MailRecord.model_validate(snap.to_dict()) if snap.exists else None

    def get_mails(self, user_id: int, message_ids: Iterable[str]) -> list[MailRecord]:
        """The records of these letters that are kept, in one batched read."""
        refs = [self._mail_ref(user_id, i) for i in dict.fromkeys(message_ids)]
        if not refs:
            return []
        return [
            MailRecord.model_validate(snap.to_dict())
            for snap in self.db.get_all(refs)
            if snap.exists
        ]

    def mail_in_thread(self, user_id: int, thread_id: str) -> list[MailRecord]:
        """The kept letters of a Gmail thread."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self._user_ref(user_id)
            .collection(MAIL)
            .where(filter=FieldFilter("thread_id", "==", thread_id))
            .limit(50)
        )
        return [MailRecord.model_validate(snap.to_dict()) for snap in query.stream()]

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

    def set_feedback(
        self, user_id: int, message_id: str, feedback: Literal["important", "not_important"]
    ) -> bool:
        """Record the user's judgement on a letter; False when the record is gone."""
        from google.api_core.exceptions import NotFound

        try:
            self._mail_ref(user_id, message_id).update({"feedback": feedback})
        except NotFound:
            return False
        return True

    def held_until(self, now: datetime) -> Iterator[tuple[int, MailRecord]]:
        """Records held by quiet hours that may be notified at ``now``: (user id, record)."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = (
            self.db.collection_group(MAIL)
            .where(filter=FieldFilter("notify_state", "==", "held"))
            .where(filter=FieldFilter("hold_until", "<=", now))
        )
        for snap in query.stream():
            user_ref = snap.reference.parent.parent
            if user_ref is not None:
                yield int(user_ref.id), MailRecord.model_validate(snap.to_dict())
