"""The Gmail REST API (v1) as a local stand-in, serving real RFC 822 letters.

Endpoints used by Telemail (paths as in Gmail's discovery document): ``users.getProfile``,
``users.settings.sendAs.list``, ``users.watch``, ``users.stop``, ``users.history.list``
(``messageAdded`` and ``labelRemoved`` records), ``users.messages.list`` (by labels, and
``q`` with ``after:``/``before:`` in epoch seconds), ``users.messages.get``
(raw / full / metadata), ``users.messages.attachments.get`` and ``users.messages.modify``. Requests
need an access token issued by the Google OAuth stand-in. ``deliver`` puts a new letter in a mailbox
(an INBOX letter gets Gmail's tab label, see gmail_tabs), appends a history record and, when the
mailbox is watched, publishes ``{emailAddress, historyId}`` on the watch topic in the Pub/Sub
emulator, as Gmail does; ``modify`` reads or archives a letter (for tests and the demo) the same
way.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from flask import Flask, Response, jsonify, request

from telemail_local.gmail_tabs import gmail_labels_for
from telemail_local.google_server import GoogleStandIn

WATCH_SECONDS = 7 * 24 * 3600
PAGE_SIZE_DEFAULT = 100


@dataclass
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    labels: list[str]
    history_id: int
    internal_ms: int


@dataclass
class HistoryRecord:
    id: int
    message: StoredMessage
    labels_added: bool = False  # False: messageAdded
    labels_removed: tuple[str, ...] = ()  # a labelRemoved record: these labels were removed
    labels_after: tuple[str, ...] = ()  # and the message's labels after the change


@dataclass
class Mailbox:
    email: str
    messages: dict[str, StoredMessage] = field(default_factory=dict)
    history: list[HistoryRecord] = field(default_factory=list)
    history_id: int = 1000
    history_floor: int = 0  # history older than this is gone: history.list answers 404
    watch_topic: str = ""
    watch_labels: list[str] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)  # users.settings.sendAs entries


@dataclass
class Fault:
    path_part: str
    status: int
    count: int


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def _payload(part: Message, part_id: str, with_bodies: bool) -> dict[str, Any]:
    """The ``MessagePart`` structure of format=full / metadata."""
    headers = [{"name": k, "value": str(v)} for k, v in part.items()]
    result: dict[str, Any] = {
        "partId": part_id,
        "mimeType": part.get_content_type(),
        "filename": part.get_filename() or "",
        "headers": headers,
    }
    if part.is_multipart():
        children = part.get_payload()
        assert isinstance(children, list)
        result["body"] = {"size": 0}
        result["parts"] = [
            _payload(child, f"{part_id}.{i}" if part_id else str(i), with_bodies)
            for i, child in enumerate(children)
        ]
    else:
        data = part.get_payload(decode=True) or b""
        result["body"] = {"size": len(data)}
        if result["filename"]:  # as Gmail: a file's content only through attachments.get
            result["body"]["attachmentId"] = f"ATT{part_id or 'root'}"
        elif with_bodies:
            result["body"]["data"] = _b64url(data)
    return result


def _part_by_id(part: Message, part_id: str) -> Message | None:
    """The part numbered ``part_id`` as in ``_payload`` ("" is the letter itself)."""
    for index in [int(i) for i in part_id.split(".")] if part_id else []:
        children = part.get_payload() if part.is_multipart() else None
        if not isinstance(children, list) or not 0 <= index < len(children):
            return None
        part = children[index]
    return part


class GmailStandIn:
    """Mailboxes by address; shares tokens with the Google OAuth stand-in."""

    def __init__(self, google: GoogleStandIn, project_id: str) -> None:
        self.google = google
        self.project_id = project_id
        self.mailboxes: dict[str, Mailbox] = {}
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        # Gmail's history "may supply only message and thread IDs": False lists added
        # messages without their labels, as it then does
        self.history_labels = True
        self._ids = itertools.count(0x18C0000000000000)
        self._lock = threading.RLock()
        self._publisher: Any = None

    def mailbox(self, address: str) -> Mailbox:
        with self._lock:
            return self.mailboxes.setdefault(address.lower(), Mailbox(address.lower()))

    def add_alias(
        self, address: str, alias: str, name: str = "", treat_as_alias: bool = True
    ) -> None:
        """A verified send-as alias of ``address``'s mailbox, as Gmail lists it."""
        self.mailbox(address).aliases.append(
            {
                "sendAsEmail": alias.lower(),
                "displayName": name,
                "replyToAddress": "",
                "signature": "",
                "isDefault": False,
                "treatAsAlias": treat_as_alias,
                "verificationStatus": "accepted",
            }
        )

    def deliver(
        self,
        address: str,
        raw: bytes,
        labels: tuple[str, ...] = ("INBOX", "UNREAD"),
        thread_id: str | None = None,
        notify: bool = True,
    ) -> StoredMessage:
        """A new letter arrives in ``address``'s mailbox; Gmail's push follows if watched.
        An INBOX letter given no tab gets Gmail's tab (and maybe IMPORTANT): see gmail_tabs."""
        box = self.mailbox(address)
        if "INBOX" in labels and not any(lb.startswith("CATEGORY_") for lb in labels):
            labels = (*labels, *gmail_labels_for(raw))
        with self._lock:
            message_id = format(next(self._ids), "x")
            box.history_id += 1 + int(hashlib.sha1(message_id.encode()).digest()[0] % 3)
            stored = StoredMessage(
                message_id,
                thread_id or message_id,
                raw,
                list(labels),
                box.history_id,
                int(time.time() * 1000),
            )
            box.messages[message_id] = stored
            box.history.append(HistoryRecord(box.history_id, stored))
            topic, history_id = box.watch_topic, box.history_id
            watched = bool(topic) and (
                not box.watch_labels or bool(set(box.watch_labels) & set(labels))
            )
        if notify and watched:
            self.publish_push(address, history_id, topic)
        return stored

    def modify(
        self,
        address: str,
        message_id: str,
        add: tuple[str, ...] = (),
        remove: tuple[str, ...] = (),
        notify: bool = True,
    ) -> StoredMessage | None:
        """``users.messages.modify``: the user reads (remove ``UNREAD``) or archives (remove
        ``INBOX``) a letter. Removed labels make a ``labelRemoved`` history record, and Gmail's
        push follows if watched. None when there is no such message."""
        box = self.mailbox(address)
        with self._lock:
            stored = box.messages.get(message_id)
            if stored is None:
                return None
            removed = tuple(lb for lb in remove if lb in stored.labels)
            stored.labels = [lb for lb in stored.labels if lb not in removed]
            stored.labels += [lb for lb in add if lb not in stored.labels]
            if not removed:
                return stored
            box.history_id += 1
            box.history.append(
                HistoryRecord(
                    box.history_id,
                    stored,
                    labels_removed=removed,
                    labels_after=tuple(stored.labels),
                )
            )
            topic, history_id = box.watch_topic, box.history_id
        if notify and topic:
            self.publish_push(address, history_id, topic)
        return stored

    def publish_push(self, address: str, history_id: int, topic: str | None = None) -> str:
        """Publish Gmail's push notification on the watch topic (the Pub/Sub emulator)."""
        from google.cloud import pubsub_v1

        if self._publisher is None:
            self._publisher = pubsub_v1.PublisherClient()
        data = json.dumps({"emailAddress": address, "historyId": history_id}).encode()
        target = topic or self.mailbox(address).watch_topic
        return self._publisher.publish(target, data).result(timeout=30)

    def forget_history_before(self, address: str, history_id: int) -> None:
        """Make older history unavailable, as Gmail does after about a week."""
        self.mailbox(address).history_floor = history_id

    def _fault(self, path: str) -> int | None:
        with self._lock:
            for fault in self.faults:
                if fault.path_part in path and fault.count > 0:
                    fault.count -= 1
                    return fault.status
        return None


def _error(status: int, message: str, reason: str) -> tuple[Response, int]:
    body = {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": "global", "reason": reason}],
        }
    }
    return jsonify(body), status


def _history_entry(record: HistoryRecord, with_labels: bool = True) -> dict[str, Any]:
    """A ``History`` resource: ``messagesAdded`` (its labels only ``with_labels``) or
    ``labelsRemoved``."""
    message = record.message
    entry: dict[str, Any] = {
        "id": str(record.id),
        "messages": [{"id": message.id, "threadId": message.thread_id}],
    }
    if record.labels_removed:
        after = list(record.labels_after)
        entry["labelsRemoved"] = [
            {
                "message": {"id": message.id, "threadId": message.thread_id, "labelIds": after},
                "labelIds": list(record.labels_removed),
            }
        ]
    else:
        added: dict[str, Any] = {"id": message.id, "threadId": message.thread_id}
        if with_labels:
            added["labelIds"] = message.labels
        entry["messagesAdded"] = [{"message": added}]
    return entry


def _arrival_bounds(query: str) -> tuple[int, int] | None:
    """Gmail search's ``after:`` and ``before:`` in epoch seconds, the only operators the
    stand-in knows: (after, before); None for anything else."""
    bounds = {"after": 0, "before": 2**63}
    for term in query.split():
        name, _, value = term.partition(":")
        if name not in bounds or not value.isdigit():
            return None
        bounds[name] = int(value)
    return bounds["after"], bounds["before"]


def register_gmail(app: Flask, gmail: GmailStandIn) -> None:
    def authorize(user_id: str) -> Mailbox | tuple[Response, int]:
        gmail.requests.append(request.path)
        status = gmail._fault(request.path)
        if status is not None:
            reason = "rateLimitExceeded" if status == 429 else "backendError"
            return _error(status, "Injected failure", reason)
        address = gmail.google.email_for_bearer(request.headers.get("Authorization"))
        if address is None:
            return _error(401, "Request had invalid authentication credentials.", "authError")
        if user_id not in ("me", address):
            return _error(403, "Delegation denied", "forbidden")
        return gmail.mailbox(address)

    @app.get("/gmail/v1/users/<user_id>/profile")
    def profile(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        return jsonify(
            emailAddress=box.email,
            messagesTotal=len(box.messages),
            threadsTotal=len(box.messages),
            historyId=str(box.history_id),
        )

    @app.get("/gmail/v1/users/<user_id>/settings/sendAs")
    def send_as(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        primary = {
            "sendAsEmail": box.email,
            "displayName": "",
            "replyToAddress": "",
            "signature": "",
            "isPrimary": True,
            "isDefault": True,
        }
        return jsonify(sendAs=[primary, *box.aliases])

    @app.post("/gmail/v1/users/<user_id>/watch")
    def watch(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        body = request.get_json(silent=True) or {}
        topic = str(body.get("topicName", ""))
        if not topic.startswith("projects/"):
            return _error(400, "Invalid topicName", "invalidArgument")
        box.watch_topic, box.watch_labels = topic, list(body.get("labelIds") or [])
        expiration = int((time.time() + WATCH_SECONDS) * 1000)
        return jsonify(historyId=str(box.history_id), expiration=str(expiration))

    @app.post("/gmail/v1/users/<user_id>/stop")
    def stop(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        box.watch_topic = ""
        return Response(status=204)

    @app.get("/gmail/v1/users/<user_id>/history")
    def history(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        try:
            start = int(request.args["startHistoryId"])
        except (KeyError, ValueError):
            return _error(400, "Invalid startHistoryId", "invalidArgument")
        if start < box.history_floor:
            return _error(404, "Requested entity was not found.", "notFound")
        label = request.args.get("labelId")
        types = set(request.args.getlist("historyTypes")) or {"messageAdded", "labelRemoved"}
        size = min(int(request.args.get("maxResults", PAGE_SIZE_DEFAULT)), 500)
        offset = int(request.args.get("pageToken", "0") or 0)
        with gmail._lock:  # one snapshot, as Gmail's: no record newer than historyId is missed
            current = box.history_id
            records = [
                r
                for r in box.history
                if r.id > start
                and ("labelRemoved" if r.labels_removed else "messageAdded") in types
                and (label is None or label in r.message.labels or label in r.labels_removed)
            ]
        page = records[offset : offset + size]
        body: dict[str, Any] = {"historyId": str(current)}
        if page:
            body["history"] = [_history_entry(r, gmail.history_labels) for r in page]
        if offset + size < len(records):
            body["nextPageToken"] = str(offset + size)
        return jsonify(body)

    @app.get("/gmail/v1/users/<user_id>/messages")
    def list_messages(user_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        labels = request.args.getlist("labelIds")
        size = min(int(request.args.get("maxResults", PAGE_SIZE_DEFAULT)), 500)
        arrived = _arrival_bounds(request.args.get("q", ""))
        if arrived is None:
            return _error(400, "Invalid search query", "invalidArgument")
        after, before = arrived
        found = sorted(
            (
                m
                for m in box.messages.values()
                if all(lb in m.labels for lb in labels) and after <= m.internal_ms // 1000 < before
            ),
            key=lambda m: m.history_id,
            reverse=True,
        )[:size]
        return jsonify(
            messages=[{"id": m.id, "threadId": m.thread_id} for m in found],
            resultSizeEstimate=len(found),
        )

    @app.post("/gmail/v1/users/<user_id>/messages/<message_id>/modify")
    def modify_message(user_id: str, message_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        body = request.get_json(silent=True) or {}
        add, remove = body.get("addLabelIds") or [], body.get("removeLabelIds") or []
        if not all(isinstance(lb, str) for lb in [*add, *remove]):
            return _error(400, "Invalid label ids", "invalidArgument")
        stored = gmail.modify(box.email, message_id, tuple(add), tuple(remove))
        if stored is None:
            return _error(404, "Requested entity was not found.", "notFound")
        return jsonify(id=stored.id, threadId=stored.thread_id, labelIds=stored.labels)

    @app.get("/gmail/v1/users/<user_id>/messages/<message_id>")
    def get_message(user_id: str, message_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        stored = box.messages.get(message_id)
        if stored is None:
            return _error(404, "Requested entity was not found.", "notFound")
        fmt = request.args.get("format", "full")
        body: dict[str, Any] = {
            "id": stored.id,
            "threadId": stored.thread_id,
            "labelIds": stored.labels,
            "historyId": str(stored.history_id),
            "internalDate": str(stored.internal_ms),
            "sizeEstimate": len(stored.raw),
            "snippet": "",
        }
        if fmt == "raw":
            body["raw"] = _b64url(stored.raw)
        elif fmt in ("full", "metadata"):
            parsed = email.message_from_bytes(stored.raw, policy=email.policy.compat32)
            body["payload"] = _payload(parsed, "", with_bodies=fmt == "full")
        elif fmt != "minimal":
            return _error(400, "Invalid format", "invalidArgument")
        return jsonify(body)

    @app.get("/gmail/v1/users/<user_id>/messages/<message_id>/attachments/<attachment_id>")
    def get_attachment(user_id: str, message_id: str, attachment_id: str) -> Any:
        box = authorize(user_id)
        if not isinstance(box, Mailbox):
            return box
        stored = box.messages.get(message_id)
        part_id = attachment_id.removeprefix("ATT")
        part_id = "" if part_id == "root" else part_id
        ok = stored is not None and attachment_id.startswith("ATT")
        parsed = email.message_from_bytes(stored.raw, policy=email.policy.compat32) if ok else None
        part = _part_by_id(parsed, part_id) if parsed is not None else None
        if part is None or not part.get_filename() or part.is_multipart():
            return _error(404, "Requested entity was not found.", "notFound")
        data = part.get_payload(decode=True) or b""
        return jsonify(size=len(data), data=_b64url(data))
