"""Authenticating Pub/Sub push requests: the Google-signed OIDC token they carry.

``telegram_webhook`` must be public (Telegram calls it), so Cloud Run does not check who calls
``/outbox`` and ``/events``; this does. The token must be signed by a key from the certificate
endpoint (Google's in the cloud, the stand-in's locally), be issued by Google, be meant for our
audience, and name the push service account as a verified email. Certificates are cached
for an hour and refetched when a token names an unknown key.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from shared_lib.config import Settings

log = logging.getLogger(__name__)

CERTS_TTL_SECONDS = 3600
ISSUERS = ("accounts.google.com", "https://accounts.google.com")

_certs: dict[str, str] = {}
_certs_at = 0.0
_lock = threading.Lock()


class PushAuthError(Exception):
    """The request is not a genuine push from our subscription; the message is safe to log."""


def _fetch_certs(url: str) -> dict[str, str]:
    import google.auth.transport.requests

    response = google.auth.transport.requests.Request()(url, method="GET")
    if response.status != 200:
        raise PushAuthError(f"certificates unavailable ({response.status})")
    return json.loads(response.data)


def _certificates(url: str, kid: str | None) -> dict[str, str]:
    global _certs, _certs_at
    with _lock:
        stale = time.monotonic() - _certs_at > CERTS_TTL_SECONDS
        if stale or (kid is not None and kid not in _certs):
            _certs, _certs_at = _fetch_certs(url), time.monotonic()
        return _certs


def verify_push(settings: Settings, authorization: str | None) -> dict[str, Any]:
    """The verified claims of the push's bearer token, or ``PushAuthError``."""
    from google.auth import exceptions, jwt

    if not settings.push_invoker_email:
        raise PushAuthError("push authentication is not configured")
    if not authorization or not authorization.startswith("Bearer "):
        raise PushAuthError("no bearer token")
    token = authorization.removeprefix("Bearer ").strip()
    try:
        header = jwt.decode_header(token)
        certs = _certificates(settings.push_certs_url, header.get("kid"))
        claims = jwt.decode(token, certs=certs, audience=settings.push_audience)
    except (exceptions.GoogleAuthError, ValueError) as exc:
        raise PushAuthError(f"token rejected: {exc}") from exc
    if claims.get("iss") not in ISSUERS:
        raise PushAuthError("token not issued by Google")
    if claims.get("email") != settings.push_invoker_email or not claims.get("email_verified"):
        raise PushAuthError("token names another service account")
    return claims
