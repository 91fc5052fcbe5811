"""Turning framework-free results into the HTTP framework's responses (used by main.py only)."""

from __future__ import annotations

from typing import Any

from shared_lib.bus import BusMessage, EnvelopeError, decode_push
from shared_lib.http import HttpResponse


def to_response(result: HttpResponse) -> tuple[str, int, dict[str, str]]:
    """A (body, status, headers) tuple, which Flask and the Functions Framework accept."""
    return result.body, result.status, {"Content-Type": result.content_type, **result.headers}


def push_message(body: Any) -> BusMessage | HttpResponse:
    """The Pub/Sub message of a push request, or a 400 answer for anything else."""
    try:
        return decode_push(body)
    except EnvelopeError as exc:
        return HttpResponse.text(400, f"bad push envelope: {exc}")
