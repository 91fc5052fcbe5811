"""Forgetting: one connected mailbox (/disconnect) or everything of a user (/delete_me)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_lib.store.base import ACCOUNTS, ACCOUNTS_BY_EMAIL, MAIL, OAUTH_STATES, StoreBase

if TYPE_CHECKING:
    from google.cloud.firestore import DocumentReference, Query, Transaction

DELETE_BATCH = 400  # below Firestore's 500 writes per batch


class EraseStore(StoreBase):
    def delete_account_data(self, user_id: int, email: str) -> int:
        """Delete ``users/{uid}/accounts/{email}``, its ``accounts_by_email`` entry (only while
        it still points to this user) and the mailbox's mail records; returns how many records.

        The account and its index go first, so a push arriving meanwhile is ignored.
        """
        from google.cloud.firestore_v1.base_query import FieldFilter

        user = self._user_ref(user_id)
        account = user.collection(ACCOUNTS).document(email)
        index = self.db.collection(ACCOUNTS_BY_EMAIL).document(email)

        def run(tx: Transaction) -> None:
            snap = index.get(transaction=tx)
            if snap.exists and (snap.to_dict() or {}).get("user_id") == user_id:
                tx.delete(index)
            tx.delete(account)

        self._run_transaction(run)
        mail = user.collection(MAIL).where(filter=FieldFilter("account", "==", email))
        return self._delete_all(mail)

    def delete_user_data(self, user_id: int) -> int:
        """Delete everything of the user: each account as in ``delete_account_data``, every
        subcollection of ``users/{uid}`` (mail, rules…), the user document, pending consents
        and any address index entry left pointing to the user. Returns documents deleted."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        user = self._user_ref(user_id)
        deleted = 0
        for snap in user.collection(ACCOUNTS).select([]).stream():
            deleted += 1 + self.delete_account_data(user_id, snap.id)
        deleted += self.db.recursive_delete(user)
        by_user = FieldFilter("user_id", "==", user_id)
        deleted += self._delete_all(self.db.collection(OAUTH_STATES).where(filter=by_user))
        for snap in self.db.collection(ACCOUNTS_BY_EMAIL).where(filter=by_user).stream():
            deleted += self._delete_if_unchanged(snap.reference, snap.update_time)
        return deleted

    def _delete_if_unchanged(self, ref: DocumentReference, update_time: object) -> int:
        """Delete unless it was rewritten since read (e.g. the address moved to another user)."""
        from google.api_core.exceptions import FailedPrecondition, NotFound

        try:
            ref.delete(option=self.db.write_option(last_update_time=update_time))
        except (FailedPrecondition, NotFound):
            return 0
        return 1

    def _delete_all(self, query: Query) -> int:
        deleted = 0
        page = query.select([]).limit(DELETE_BATCH)
        while True:
            refs = [snap.reference for snap in page.stream()]
            if not refs:
                return deleted
            batch = self.db.batch()
            for ref in refs:
                batch.delete(ref)
            batch.commit()
            deleted += len(refs)
