"""Turning framework-free results into the HTTP framework's responses (used by main.py only)."""

from __future__ import annotations

import logging
from typing import Any

from shared_lib.bus import BusMessage, EnvelopeError, decode_push
from shared_lib.config import Settings
from shared_lib.http import HttpResponse
from shared_lib.push_auth import PushAuthError, verify_push

log = logging.getLogger(__name__)


def to_response(result: HttpResponse) -> tuple[str, int, dict[str, str]]:
    """A (body, status, headers) tuple, which Flask and the Functions Framework accept."""
    return result.body, result.status, {"Content-Type": result.content_type, **result.headers}


def limited_body(request: Any, limit: int) -> bytes | None:
    """The request's body, or None when it is longer than ``limit`` bytes (left unread when its
    Content-Length says so; the platform bounds what is sent at all, 32 MB on Cloud Functions)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytes(request.get_data())
    return None if len(body) > limit else body


def authenticate_push(settings: Settings, authorization: str | None) -> HttpResponse | None:
    """None for a genuine Pub/Sub push; otherwise the 401 to answer (and the reason logged)."""
    try:
        verify_push(settings, authorization)
    except PushAuthError as exc:
        log.warning("push: rejected request: %s", exc)
        return HttpResponse.text(401, "unauthorized")
    return None


def push_message(body: Any) -> BusMessage | HttpResponse:
    """The Pub/Sub message of a push request, or a 400 answer for anything else."""
    try:
        return decode_push(body)
    except EnvelopeError as exc:
        return HttpResponse.text(400, f"bad push envelope: {exc}")
