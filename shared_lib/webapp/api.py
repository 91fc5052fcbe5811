"""The settings page's HTTP surface, framework-free: the page, its assets and the JSON API.

Routes (paths as the function sees them):

- ``GET /app``: the page; ``GET /app/app.js``, ``GET /app/app.css``: its assets;
  ``GET /app/common.js``, ``GET /app/common.css``: the helpers and theme it shares with the viewer.
- ``GET /api/settings``: rules, preferences and connected mailboxes of the caller.
- ``PATCH /api/settings`` (or ``PUT``): change sections of them (see ``webapp.settings``).
- ``GET /api/letters?limit=N``: the caller's last N (≤ 50) letters with their analysis and why
  they were (not) notified.

Every API call carries Telegram's initData (``Authorization: tma <initData>`` or
``X-Telegram-Init-Data``); the caller's user id comes from it alone, after verification.

A malformed change gets a JSON error, never a 500: 413 over ``MAX_BODY`` bytes, 415 for a
body that says it is not JSON, 400 for one that is not UTF-8 JSON, is nested deeper than
``MAX_DEPTH`` or does not validate (``webapp.settings``). Every string the API answers is made
visible (``shared_lib.safe_text``): nothing from a letter can reorder what the page shows.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from importlib import resources
from typing import Any

from shared_lib.analysis.model import CATEGORIES
from shared_lib.app import App
from shared_lib.http import HttpResponse
from shared_lib.i18n import TEXTS
from shared_lib.learning.explain import learned_line
from shared_lib.models import Lang, MailRecord, User
from shared_lib.notification import gmail_url
from shared_lib.notify_why import notify_why_text
from shared_lib.rules import NOTIFY_MODES
from shared_lib.safe_text import visible_json
from shared_lib.texts import webapp as webapp_texts
from shared_lib.webapp.auth import (
    InitDataError,
    WebAppUser,
    init_data_from_headers,
    verify_init_data,
)
from shared_lib.webapp.settings import (
    DIGEST_MODES,
    LANGS,
    SettingsError,
    parse_change,
)

log = logging.getLogger(__name__)

MAX_BODY = 262_144
MAX_DEPTH = 8  # a change is 4 levels deep ({"hashtags": {"tag": {"keywords": [...]}}})
JSON_TYPES = ("application/json", "text/json")
MAX_LETTERS = 50
DEFAULT_LETTERS = 20
ASSETS = {
    "/app": ("index.html", "text/html; charset=utf-8"),
    "/app/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app/common.js": ("common.js", "text/javascript; charset=utf-8"),  # the viewer's too
    "/app/app.css": ("app.css", "text/css; charset=utf-8"),
    "/app/common.css": ("common.css", "text/css; charset=utf-8"),  # the viewer's too
}
# The page loads nothing from elsewhere and runs only its own script.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
ASSET_HEADERS: dict[str, dict[str, str]] = {}  # per-page changes to PAGE_HEADERS
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
# Texts the page shows besides its own (labels the notifications use too).
SHARED_TEXT_KEYS = (
    *(f"category.{c}" for c in CATEGORIES),
    "urgency.urgent",
    "urgency.normal",
    "urgency.low",
    "mail.no_subject",
    "mail.reply_expected",
)
LETTER_FIELDS = {
    "message_id",
    "account",
    "received_at",
    "subject",
    "sender_name",
    "sender_email",
    "attachments",
    "analysis",
    "notify_state",
    "notify_reason",
    "hold_until",
    "awaiting_reply",
    "feedback",
}


@dataclass(frozen=True)
class WebRequest:
    """What the handlers need of an HTTP request; header names are lower-case."""

    method: str
    path: str
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes = b""

    @classmethod
    def of(
        cls,
        method: str,
        path: str,
        headers: Iterable[tuple[str, str]],
        query: Mapping[str, str],
        body: bytes = b"",
    ) -> WebRequest:
        return cls(method.upper(), path, {k.lower(): v for k, v in headers}, dict(query), body)


def is_webapp_path(path: str) -> bool:
    return path == "/app" or path.startswith(("/app/", "/api/"))


def handle(app: App, request: WebRequest, now: float | None = None) -> HttpResponse:
    """Answer one request to the page or the API."""
    if request.path == "/app/":  # relative asset and API links need the page at ".../app"
        return HttpResponse(308, headers={"Location": "../app"})
    if request.path in ASSETS:
        if request.method not in ("GET", "HEAD"):
            return _error(405, "method_not_allowed", "GET only", {"Allow": "GET"})
        return _asset(request.path)
    methods = API_ROUTES.get(request.path.rstrip("/"))
    if methods is None:
        return _error(404, "not_found", "no such page")
    handler = methods.get(request.method)
    if handler is None:
        allow = ", ".join(methods)
        return _error(405, "method_not_allowed", f"use {allow}", {"Allow": allow})
    token = app.settings.bot_token.get_secret_value()
    if not token:
        log.error("webapp: no bot token configured, initData cannot be verified")
        return _error(503, "not_configured", "the settings page is not configured")
    try:
        web_user = verify_init_data(
            init_data_from_headers(request.headers),
            token,
            app.settings.webapp_auth_max_age_seconds,
            time.time() if now is None else now,
        )
    except InitDataError as exc:
        log.info("webapp: refused initData (%s)", exc.reason)
        return _error(401, "unauthorized", str(exc), {"WWW-Authenticate": "tma"}, exc.reason)
    user = app.store.get_user(web_user.id)
    if user is None:
        return _error(404, "not_registered", "send /start to the bot first")
    return handler(app, request, user, web_user)


@lru_cache(maxsize=32)
def _asset(path: str) -> HttpResponse:
    name, content_type = ASSETS[path]
    body = resources.files("shared_lib.webapp").joinpath("static", name).read_text("utf-8")
    return HttpResponse(200, body, content_type, {**PAGE_HEADERS, **ASSET_HEADERS.get(path, {})})


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    return HttpResponse(
        status,
        json.dumps(visible_json(payload), ensure_ascii=False),
        "application/json; charset=utf-8",
        {**API_HEADERS, **(headers or {})},
    )


def _error(
    status: int,
    error: str,
    message: str,
    headers: dict[str, str] | None = None,
    reason: str | None = None,
    **extra: Any,
) -> HttpResponse:
    payload: dict[str, Any] = {"error": error, "message": message, **extra}
    if reason is not None:
        payload["reason"] = reason
    return _json(status, payload, headers)


def page_texts(lang: Lang) -> dict[str, str]:
    """The page's texts in ``lang`` (templates: the page fills ``{message}`` itself)."""
    keys = (*webapp_texts.TEXTS, *SHARED_TEXT_KEYS)
    return {key: TEXTS[key].get(lang) or TEXTS[key]["en"] for key in keys}


def settings_document(app: App, user: User, web_user: WebAppUser) -> dict[str, Any]:
    """Everything the page shows and edits, for the verified user only."""
    rules = app.store.get_rules(user.user_id)
    accounts = app.store.list_accounts(user.user_id)
    return {
        "user": {
            "id": user.user_id,
            "first_name": user.first_name or web_user.first_name,
            "lang": user.lang,
            "timezone": user.timezone,
            "quiet_hours": user.quiet_hours.model_dump() if user.quiet_hours else None,
            "digest": user.digest.model_dump(),
        },
        "rules": rules.model_dump(mode="json"),
        "accounts": [
            {
                "email": a.email,
                "name": a.name,
                "status": a.status,
                "connected_at": a.connected_at.isoformat() if a.connected_at else None,
            }
            for a in sorted(accounts, key=lambda a: a.email)
        ],
        "choices": {
            "modes": list(NOTIFY_MODES),
            "categories": list(CATEGORIES),
            "digest_modes": list(DIGEST_MODES),
            "langs": list(LANGS),
        },
        "texts": page_texts(user.lang),
    }


def _get_settings(app: App, request: WebRequest, user: User, web_user: WebAppUser) -> HttpResponse:
    return _json(200, settings_document(app, user, web_user))


def too_large() -> HttpResponse:
    return _error(413, "too_large", f"the change is larger than {MAX_BODY} bytes")


def _is_json(content_type: str | None) -> bool:
    """No Content-Type is taken as JSON; otherwise it must say JSON (``…+json`` too)."""
    if not content_type:
        return True
    kind = content_type.partition(";")[0].strip().lower()
    return kind in JSON_TYPES or (kind.startswith("application/") and kind.endswith("+json"))


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, counted without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                todo.extend(
                    (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def read_change(request: WebRequest) -> Any | HttpResponse:
    """The request's JSON body, or the 4xx answer for a body that is not one."""
    if len(request.body) > MAX_BODY:
        return too_large()
    if not _is_json(request.headers.get("content-type")):
        return _error(415, "unsupported_media_type", "send the change as application/json")
    try:
        body = json.loads(request.body.decode("utf-8") if request.body else "null")
    except (ValueError, RecursionError):  # RecursionError: nested too deeply for the parser
        return _error(400, "invalid_json", "the body is not JSON (or is nested too deeply)")
    if _depth(body) > MAX_DEPTH:
        return _error(400, "invalid_json", f"the body is nested deeper than {MAX_DEPTH} levels")
    return body


def _patch_settings(
    app: App, request: WebRequest, user: User, web_user: WebAppUser
) -> HttpResponse:
    body = read_change(request)
    if isinstance(body, HttpResponse):
        return body
    try:
        change = parse_change(body, user.lang)
        found = app.store.update_settings(
            user.user_id,
            change.apply if change.touches_rules else None,
            change.user_fields,
        )
    except SettingsError as exc:
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        return _error(400, "invalid_settings", str(exc), errors=errors)
    if not found:
        return _error(404, "not_registered", "send /start to the bot first")
    log.info("webapp: user %s changed %s", user.user_id, sorted(body))
    updated = app.store.get_user(user.user_id) or user
    return _json(200, settings_document(app, updated, web_user))


def letter_document(record: MailRecord, lang: Lang = "en") -> dict[str, Any]:
    """One letter as the page shows it: what it was, what the analysis found, and why
    (``why``: in the user's language; ``learned``: what learning changed, when it did)."""
    document = {
        **record.model_dump(mode="json", include=LETTER_FIELDS),
        "why": notify_why_text(lang, record),
        "gmail_url": gmail_url(record),
    }
    if record.learned is not None:
        document["learned"] = unescape(learned_line(lang, record.learned))
    return document


def _get_letters(app: App, request: WebRequest, user: User, web_user: WebAppUser) -> HttpResponse:
    raw = request.query.get("limit", str(DEFAULT_LETTERS))
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or not 1 <= int(raw) <= MAX_LETTERS:
        return _error(400, "invalid_limit", f"limit must be 1–{MAX_LETTERS}")
    records = app.store.mail_history(user.user_id, limit=int(raw))
    return _json(200, {"letters": [letter_document(r, user.lang) for r in records]})


Handler = Callable[[App, WebRequest, User, WebAppUser], HttpResponse]
API_ROUTES: dict[str, dict[str, Handler]] = {
    "/api/settings": {"GET": _get_settings, "PATCH": _patch_settings, "PUT": _patch_settings},
    "/api/letters": {"GET": _get_letters},
}

# The letter viewer (shared_lib/webapp/viewer.py) is served beside the settings page.
from shared_lib.webapp import viewer  # noqa: E402  (it uses this module's helpers)

ASSETS.update(viewer.ASSETS)
ASSET_HEADERS.update(viewer.ASSET_HEADERS)
API_ROUTES.update(viewer.API_ROUTES)
