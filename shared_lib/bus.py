"""Pub/Sub, the only bus between functions: publishing, and decoding what a push delivers."""

from __future__ import annotations

import base64
import binascii
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from google.cloud.pubsub_v1 import PublisherClient


class EnvelopeError(ValueError):
    """A push body or CloudEvent that is not a Pub/Sub message we can read."""


@dataclass(frozen=True)
class BusMessage:
    """One Pub/Sub message as delivered by a push subscription or an Eventarc CloudEvent."""

    data: bytes
    attributes: dict[str, str] = field(default_factory=dict)
    message_id: str = ""

    def json(self) -> Any:
        try:
            return json.loads(self.data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EnvelopeError("message data is not JSON") from exc


def decode_push(body: Any) -> BusMessage:
    """Decode a push request body ``{"message": {...}, "subscription": ...}``.

    A CloudEvent's ``data`` from Eventarc has the same shape, so this serves both.
    """
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        raise EnvelopeError("not a Pub/Sub push envelope")
    message = body["message"]
    try:
        data = base64.b64decode(message.get("data") or "", validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise EnvelopeError("message data is not base64") from exc
    attributes = message.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise EnvelopeError("message attributes are not a map")
    message_id = str(message.get("messageId") or message.get("message_id") or "")
    return BusMessage(data, {str(k): str(v) for k, v in attributes.items()}, message_id)


class Bus:
    """Publishes JSON messages to the project's topics. One client per process, made lazily."""

    def __init__(self, project_id: str) -> None:
        self._project_id = project_id
        self._client: PublisherClient | None = None
        self._lock = threading.Lock()

    def _publisher(self) -> PublisherClient:
        with self._lock:
            if self._client is None:
                from google.cloud import pubsub_v1

                self._client = pubsub_v1.PublisherClient()
            return self._client

    def topic_path(self, topic: str) -> str:
        return f"projects/{self._project_id}/topics/{topic}"

    def publish(self, topic: str, payload: BaseModel | dict[str, Any], **attributes: str) -> str:
        """Publish and wait for the server's message id, so a failure surfaces to the caller."""
        if isinstance(payload, BaseModel):
            data = payload.model_dump_json().encode()
        else:
            data = json.dumps(payload, ensure_ascii=False).encode()
        future = self._publisher().publish(self.topic_path(topic), data, **attributes)
        return future.result(timeout=30)
