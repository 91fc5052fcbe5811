"""The Gmail API through google-api-python-client, built from its bundled discovery document.

Errors are translated into what the sync can act on: ``GrantRevoked`` (stop, tell the user),
``HistoryGone`` (checkpoint too old: resync), ``GmailUnavailable`` (let Pub/Sub redeliver).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from shared_lib.config import GOOGLE_SCOPES, Settings

if TYPE_CHECKING:
    from googleapiclient.discovery import Resource

NUM_RETRIES = 3  # google-api-python-client retries 5xx and 429 with exponential backoff
MAX_HISTORY_PAGES = 50
MAX_LABEL_CHANGES = 300  # messages whose removed labels one listing keeps (for learning)
MAX_UNLABELLED_LOOKUPS = 100  # added messages without labels looked up per sync
HISTORY_TYPES = ("messageAdded", "labelRemoved")
INBOX, SENT, DRAFT, UNREAD = "INBOX", "SENT", "DRAFT", "UNREAD"  # Gmail's system labels
_doc_lock = threading.Lock()
_discovery_doc: str | None = None


class GrantRevoked(Exception):
    """Google refused the refresh token (``invalid_grant``): the user revoked or it expired."""


class HistoryGone(Exception):
    """The history checkpoint is older than Gmail keeps (404), or more happened since it than
    one sync reads (``MAX_HISTORY_PAGES``): the sync resyncs from the recent INBOX instead."""


class GmailUnavailable(Exception):
    """Gmail failed even after retries (5xx, 429, network); try again later."""


@dataclass(frozen=True)
class RawMessage:
    id: str
    thread_id: str
    raw: bytes
    labels: tuple[str, ...]
    internal_date: datetime


LabelChanges = dict[str, tuple[set[str], set[str]]]  # message id → (removed, labels after)


@dataclass
class HistoryChanges:
    """What one history listing says changed since the checkpoint. Messages are
    (id, thread id) pairs, each once, oldest first."""

    latest: str  # the mailbox's current history id
    inbox: list[tuple[str, str]] = field(default_factory=list)  # new letters in INBOX
    sent: list[tuple[str, str]] = field(default_factory=list)  # messages the user sent
    # labels removed (UNREAD: read; INBOX: archived), at most MAX_LABEL_CHANGES messages
    labels_removed: LabelChanges = field(default_factory=dict)
    # added messages the listing gave without labels (Gmail "may supply only message and
    # thread ids"): counted in ``inbox`` until their labels are looked up (``resolve``)
    unlabelled: list[str] = field(default_factory=list)

    def resolve(self, labels_of: dict[str, tuple[str, ...] | None]) -> None:
        """Sort the unlabelled messages by the labels looked up for them: a message that is
        not in INBOX leaves ``inbox``, one with SENT joins ``sent``; None means deleted."""
        threads = dict(self.inbox)
        known_sent = {message_id for message_id, _ in self.sent}
        for message_id, labels in labels_of.items():
            if labels is not None and SENT in labels and message_id not in known_sent:
                self.sent.append((message_id, threads.get(message_id, message_id)))
        gone = {m for m, labels in labels_of.items() if labels is None or INBOX not in labels}
        self.inbox = [pair for pair in self.inbox if pair[0] not in gone]
        self.unlabelled = [m for m in self.unlabelled if m not in labels_of]


def is_own_message(labels: Sequence[str]) -> bool:
    """A message the user wrote (SENT or DRAFT) that is not in their INBOX: never a letter to
    notify, however it was listed."""
    return INBOX not in labels and (SENT in labels or DRAFT in labels)


def read_history(responses: Iterable[dict[str, Any]], start_history_id: str) -> HistoryChanges:
    """Sort the records of an unfiltered ``history.list`` (``messageAdded`` and
    ``labelRemoved``) into new INBOX letters, sent messages and labels removed. An added
    message without ``labelIds`` counts as a new INBOX letter and is listed in
    ``unlabelled``, for ``GmailClient.changes_since`` to look its labels up."""
    changes = HistoryChanges(start_history_id)
    inbox: dict[str, str] = {}
    sent: dict[str, str] = {}
    for response in responses:
        changes.latest = str(response.get("historyId", changes.latest))
        for record in response.get("history", []):
            for added in record.get("messagesAdded", []):
                message = added.get("message") or {}
                if not message.get("id"):
                    continue
                labels = message.get("labelIds")
                thread = message.get("threadId") or message["id"]
                if not labels:
                    if message["id"] not in inbox:
                        changes.unlabelled.append(message["id"])
                    labels = [INBOX]
                for label, found in ((INBOX, inbox), (SENT, sent)):
                    if label in labels:
                        found.setdefault(message["id"], thread)
            for change in record.get("labelsRemoved", []):
                _note_removed(changes.labels_removed, change)
    changes.inbox, changes.sent = list(inbox.items()), list(sent.items())
    return changes


def _note_removed(removed: LabelChanges, change: dict[str, Any]) -> None:
    message = change.get("message") or {}
    message_id = message.get("id")
    if not message_id or (message_id not in removed and len(removed) >= MAX_LABEL_CHANGES):
        return
    labels, _ = removed.get(message_id, (set(), set()))
    labels |= set(change.get("labelIds") or [])
    removed[message_id] = (labels, set(message.get("labelIds") or []))


def _gmail_document() -> str:
    """The static Gmail discovery document, read from the package once per process."""
    global _discovery_doc
    with _doc_lock:
        if _discovery_doc is None:
            from googleapiclient.discovery_cache import get_static_doc

            _discovery_doc = get_static_doc("gmail", "v1")
            if _discovery_doc is None:
                raise RuntimeError("google-api-python-client ships no Gmail discovery document")
        return _discovery_doc


class GmailClient:
    """One connected mailbox, authorised by its refresh token."""

    def __init__(self, settings: Settings, refresh_token: str) -> None:
        from google.oauth2.credentials import Credentials
        from googleapiclient.discovery import build_from_document

        credentials = Credentials(
            token=None,
            refresh_token=refresh_token,
            client_id=settings.oauth_client_id,
            client_secret=settings.oauth_client_secret.get_secret_value(),
            token_uri=settings.google_token_uri,
            scopes=list(GOOGLE_SCOPES),
        )
        self._service: Resource = build_from_document(
            _gmail_document(),
            credentials=credentials,
            client_options={"api_endpoint": settings.gmail_api_base_url},
        )
        self._users: Any = self._service.users()

    def _execute(self, request: Any) -> Any:
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        try:
            return request.execute(num_retries=NUM_RETRIES)
        except RefreshError as exc:
            if "invalid_grant" in str(exc):
                raise GrantRevoked(str(exc)) from exc
            raise GmailUnavailable(f"token refresh failed: {exc}") from exc
        except HttpError as exc:
            status = exc.resp.status
            if status == 404:
                raise HistoryGone(str(exc)) from exc
            if status in (401, 403) and "invalid_grant" in str(exc):
                raise GrantRevoked(str(exc)) from exc
            raise GmailUnavailable(f"Gmail answered {status}") from exc
        except (TransportError, OSError) as exc:
            raise GmailUnavailable(f"network: {exc}") from exc

    def watch(self, topic: str) -> tuple[str, datetime]:
        """Start (or renew) push notifications for INBOX and SENT (a reply the user sends in
        Gmail takes its letter off the awaiting list at once); returns (historyId, expiration)."""
        body = {
            "topicName": topic,
            "labelIds": [INBOX, SENT],
            "labelFilterBehavior": "include",
        }
        response = self._execute(self._users.watch(userId="me", body=body))
        expiration = datetime.fromtimestamp(int(response["expiration"]) / 1000, tz=UTC)
        return str(response["historyId"]), expiration

    def stop(self) -> None:
        self._execute(self._users.stop(userId="me"))

    def history_pages(
        self, start_history_id: str, history_types: Sequence[str]
    ) -> Iterator[dict[str, Any]]:
        """``history.list`` responses since the checkpoint, page by page. Raises
        ``HistoryGone`` when the checkpoint is too old, or when there are more than
        ``MAX_HISTORY_PAGES`` pages: every response carries the mailbox's current history id, so
        stopping early and moving the checkpoint there would skip the letters of the pages left
        (one listing now holds every read and archive too, so a mass "mark as read" fills it)."""
        page_token: str | None = None
        for _ in range(MAX_HISTORY_PAGES):
            response = self._execute(
                self._users.history().list(
                    userId="me",
                    startHistoryId=start_history_id,
                    historyTypes=list(history_types),
                    pageToken=page_token,
                    maxResults=500,
                )
            )
            yield response
            page_token = response.get("nextPageToken")
            if not page_token:
                return
        raise HistoryGone(f"history since {start_history_id} longer than {MAX_HISTORY_PAGES} pages")

    def changes_since(self, start_history_id: str) -> HistoryChanges:
        """What changed in the mailbox after the checkpoint, from one history listing (new
        letters, what the user sent, labels removed). Raises ``HistoryGone`` when the
        checkpoint is too old or the history too long (``history_pages``)."""
        pages = self.history_pages(start_history_id, HISTORY_TYPES)
        changes = read_history(pages, start_history_id)
        if changes.unlabelled:  # one small read each, bounded; Gmail usually gives labels
            changes.resolve(
                {m: self.labels_of(m) for m in changes.unlabelled[:MAX_UNLABELLED_LOOKUPS]}
            )
        return changes

    def labels_of(self, message_id: str) -> tuple[str, ...] | None:
        """A message's labels (``format=minimal``), or None when it was deleted meanwhile."""
        try:
            response = self._execute(
                self._users.messages().get(userId="me", id=message_id, format="minimal")
            )
        except HistoryGone:
            return None
        return tuple(response.get("labelIds", []))

    def recent_inbox(self, limit: int) -> list[str]:
        response = self._execute(
            self._users.messages().list(userId="me", labelIds=[INBOX], maxResults=limit)
        )
        return [m["id"] for m in response.get("messages", [])]

    def unread_inbox(self, after: datetime, before: datetime, limit: int) -> list[str]:
        """Ids of letters still unread in INBOX that arrived between ``after`` and ``before``
        (Gmail's search by epoch seconds), newest first, at most ``limit``: one call."""
        query = f"after:{int(after.timestamp())} before:{int(before.timestamp())}"
        response = self._execute(
            self._users.messages().list(
                userId="me", labelIds=[INBOX, UNREAD], q=query, maxResults=limit
            )
        )
        return [str(m["id"]) for m in response.get("messages", []) if m.get("id")]

    def current_history_id(self) -> str:
        return str(self._execute(self._users.getProfile(userId="me"))["historyId"])

    def get_raw(self, message_id: str) -> RawMessage | None:
        """The letter as RFC 822 bytes, or None when it was deleted meanwhile."""
        try:
            response = self._execute(
                self._users.messages().get(userId="me", id=message_id, format="raw")
            )
        except HistoryGone:
            return None
        raw = base64.urlsafe_b64decode(response.get("raw", "") + "==")
        internal = datetime.fromtimestamp(int(response.get("internalDate", 0)) / 1000, tz=UTC)
        return RawMessage(
            response["id"],
            response.get("threadId", response["id"]),
            raw,
            tuple(response.get("labelIds", [])),
            internal,
        )

    def get_full(self, message_id: str) -> dict[str, Any] | None:
        """The letter's ``format=full`` structure (parts with ids; attachments by id, not
        content), or None when it was deleted meanwhile."""
        try:
            response = self._execute(
                self._users.messages().get(userId="me", id=message_id, format="full")
            )
        except HistoryGone:
            return None
        return response if isinstance(response, dict) else None

    def get_attachment(self, message_id: str, attachment_id: str) -> bytes | None:
        """One attachment's bytes (``users.messages.attachments.get``); None when gone."""
        try:
            response = self._execute(
                self._users.messages()
                .attachments()
                .get(userId="me", messageId=message_id, id=attachment_id)
            )
        except HistoryGone:
            return None
        return base64.urlsafe_b64decode(str(response.get("data", "")) + "==")
