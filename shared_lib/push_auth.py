"""Authenticating Pub/Sub push requests: the Google-signed OIDC token they carry.

``telegram_webhook`` must be public (Telegram calls it), so Cloud Run does not check who calls
``/outbox`` and ``/events``; this does. The token must be signed by a key from the certificate
endpoint (Google's in the cloud, the stand-in's locally), be issued by Google, be meant for our
audience, and name the push service account as a verified email.

Certificates are cached per process for an hour. A token naming an unknown key id may trigger a
refetch, but at most once a minute: forged tokens with made-up key ids cannot make us hammer the
endpoint. One fetch runs at a time and no lock is held while it runs; requests whose key is known
never wait for it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from shared_lib.config import Settings

log = logging.getLogger(__name__)

CERTS_TTL_SECONDS = 3600
REFETCH_INTERVAL_SECONDS = 60
FETCH_WAIT_SECONDS = 10
ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class PushAuthError(Exception):
    """The request is not a genuine push from our subscription; the message is safe to log."""


def _fetch_certs(url: str) -> dict[str, str]:
    import google.auth.transport.requests

    response = google.auth.transport.requests.Request()(url, method="GET", timeout=10)
    if response.status != 200:
        raise PushAuthError(f"certificates unavailable ({response.status})")
    certs = json.loads(response.data)
    if not isinstance(certs, dict):
        raise PushAuthError("certificates unreadable")
    return certs


class CertCache:
    """Signing certificates by key id: fresh for ``ttl`` seconds, fetched at most once per
    ``min_interval`` seconds (whatever key ids the tokens name), one fetch at a time."""

    def __init__(
        self,
        fetch: Callable[[], dict[str, str]],
        clock: Callable[[], float] = time.monotonic,
        ttl: float = CERTS_TTL_SECONDS,
        min_interval: float = REFETCH_INTERVAL_SECONDS,
        wait_seconds: float = FETCH_WAIT_SECONDS,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._ttl = ttl
        self._min_interval = min_interval
        self._wait_seconds = wait_seconds
        self._certs: dict[str, str] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._fetching: threading.Event | None = None
        self._lock = threading.Lock()  # guards the fields above; never held while fetching

    def get(self, kid: str | None) -> dict[str, str]:
        """The certificates to check a token naming ``kid`` against (possibly without it)."""
        with self._lock:
            now = self._clock()
            fresh = self._fetched_at is not None and now - self._fetched_at < self._ttl
            if fresh and (kid is None or kid in self._certs):
                return self._certs
            recently_tried = (
                self._attempted_at is not None and now - self._attempted_at < self._min_interval
            )
            if self._fetching is None and recently_tried:
                if not self._certs:
                    raise PushAuthError("certificates unavailable")
                return self._certs  # an unknown key stays unknown until the minute is over
            fetching, leads = self._fetching, self._fetching is None
            if leads:
                fetching = self._fetching = threading.Event()
                self._attempted_at = now
        assert fetching is not None
        if leads:
            self._refresh(fetching)
        else:
            fetching.wait(self._wait_seconds)
        with self._lock:
            if not self._certs:
                raise PushAuthError("certificates unavailable")
            return self._certs

    def _refresh(self, done: threading.Event) -> None:
        certs: dict[str, str] | None = None
        try:
            certs = self._fetch()
        except Exception as exc:  # any failure: keep the old certificates
            log.warning("push: fetching certificates failed: %s", exc)
        finally:
            with self._lock:
                if certs is not None:
                    self._certs, self._fetched_at = certs, self._clock()
                self._fetching = None
            done.set()


_caches: dict[str, CertCache] = {}
_caches_lock = threading.Lock()


def _cache_for(url: str) -> CertCache:
    with _caches_lock:
        cache = _caches.get(url)
        if cache is None:
            cache = _caches[url] = CertCache(lambda: _fetch_certs(url))
        return cache


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
        kid = header.get("kid")
        certs = _cache_for(settings.push_certs_url).get(kid if isinstance(kid, str) else None)
        claims = jwt.decode(token, certs=certs, audience=settings.push_audience)
    except (exceptions.GoogleAuthError, ValueError) as exc:
        raise PushAuthError(f"token rejected: {exc}") from exc
    if claims.get("iss") not in ISSUERS:
        raise PushAuthError("token not issued by Google")
    if claims.get("email") != settings.push_invoker_email or not claims.get("email_verified"):
        raise PushAuthError("token names another service account")
    return claims
