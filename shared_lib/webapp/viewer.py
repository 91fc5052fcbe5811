"""The letter viewer: a Mini App page that shows one of the user's letters, fetched from Gmail
when it is opened, with its HTML sanitized and framed (``shared_lib.reader.sanitize``).

Routes (added to the settings page's, authenticated the same way by Telegram initData):

- ``GET /app/viewer?m=<id>``: the page; ``/app/viewer.js``, ``/app/viewer.css``: its assets.
- ``GET /api/letter?m=<id>[&images=1|all]``: the letter: headers, the stored analysis with its
  evidence, the framed document, attachments. ``images=1`` loads remote pictures, ``all``
  tracking pixels too; the sender's "always" preference loads pictures (not trackers).
- ``POST /api/letter/images?m=<id>``: always load pictures from this letter's sender.
- ``POST /api/letter/attachment?m=<id>&part=<part id>``: send the attachment into the chat.

Only the user's own letters: the id must name a record under the verified user's
``users/{uid}/mail`` in one of their mailboxes, else 404 and nothing is fetched. Each
``GET /api/letter`` is one Gmail ``messages.get``; nothing of the letter is written.
"""

from __future__ import annotations

import html
import logging
import time
from datetime import datetime
from typing import Any

from shared_lib.app import App
from shared_lib.config import TOPIC_OUTBOX
from shared_lib.digest.schedule import zone_of
from shared_lib.http import HttpResponse
from shared_lib.i18n import TEXTS, format_when, t
from shared_lib.mail.model import Address
from shared_lib.models import Lang, MailRecord, User
from shared_lib.notification import gmail_url
from shared_lib.notify_why import notify_why_text
from shared_lib.reader.attachments import document_message, human_size
from shared_lib.reader.fetch import ReadProblem, fetch_raw, owned_letter
from shared_lib.reader.letter import read_letter
from shared_lib.reader.sanitize import frame_document, sanitize
from shared_lib.rules import normalize_sender
from shared_lib.texts import reader as reader_texts
from shared_lib.webapp.auth import WebAppUser

log = logging.getLogger(__name__)

MAX_IMAGE_SENDERS = 500
MAX_ADDRESSES = 50
PROBLEM_STATUS = {"gone": 404, "deleted": 410, "revoked": 409, "unavailable": 503}
ASSETS = {
    "/app/viewer": ("viewer.html", "text/html; charset=utf-8"),
    "/app/viewer.js": ("viewer.js", "text/javascript; charset=utf-8"),
    "/app/viewer.css": ("viewer.css", "text/css; charset=utf-8"),
}
# The letter's frame is an ``srcdoc`` document, which inherits this policy on top of its own:
# inline styles and remote pictures must be allowed here for the frame's own policy to decide.
# Scripts: only the page's own file; the frame gets none (sandbox without allow-scripts).
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https: http:; font-src data:; connect-src 'self'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
ASSET_HEADERS = {path: {"Content-Security-Policy": PAGE_CSP} for path in ASSETS}
SHARED_TEXT_KEYS = ("mail.no_subject", "mail.reply_expected", "urgency.urgent", "urgency.normal",
                    "urgency.low", "mail.reply_by", "mail.act_by")  # fmt: skip


def _json(status: int, payload: Any) -> HttpResponse:
    from shared_lib.webapp.api import _json as json_answer

    return json_answer(status, payload)


def _plain(lang: Lang, key: str, **values: str) -> str:
    return html.unescape(t(lang, key, **values))


def _problem(user: User, problem: ReadProblem) -> HttpResponse:
    return _json(
        PROBLEM_STATUS[problem.problem],
        {"error": problem.problem, "message": _plain(user.lang, problem.key)},
    )


def _address(a: Address) -> dict[str, str]:
    return {"name": a.name, "email": a.email}


def viewer_texts(lang: Lang) -> dict[str, str]:
    keys = (*(k for k in reader_texts.TEXTS if k.startswith("viewer.")), *SHARED_TEXT_KEYS)
    texts = {key: TEXTS[key].get(lang) or TEXTS[key]["en"] for key in keys}
    texts.update({k: v[lang] for k, v in TEXTS.items() if k.startswith("category.")})
    return texts


def _get_letter(app: App, request: Any, user: User, web_user: WebAppUser) -> HttpResponse:
    message_id = str(request.query.get("m", ""))
    images = str(request.query.get("images", ""))
    try:
        owned = owned_letter(app, user.user_id, message_id)
        sender = normalize_sender(owned.record.sender_email) or ""
        always = bool(sender) and sender in app.store.get_rules(user.user_id).image_senders
        content = read_letter(fetch_raw(app, owned))
    except ReadProblem as problem:
        return _problem(user, problem)
    mail, record = content.mail, owned.record
    document = None
    blocked = {"images": 0, "trackers": 0}
    if content.html:
        clean = sanitize(
            content.html,
            content.inline,
            load_remote=always or images in ("1", "all"),
            load_trackers=images == "all",
        )
        document = frame_document(clean)
        blocked = {
            "images": 0 if clean.remote_loaded and images != "" else clean.remote_blocked,
            "trackers": 0 if images == "all" else clean.trackers_blocked,
        }
        if always and images == "":
            blocked["images"] = 0
    when = mail.date or record.received_at
    local = when.astimezone(zone_of(user.timezone))
    payload = {
        "message_id": record.message_id,
        "account": record.account,
        "subject": mail.subject or record.subject,
        "from": _address(mail.sender),
        "to": [_address(a) for a in mail.to[:MAX_ADDRESSES]],
        "cc": [_address(a) for a in mail.cc[:MAX_ADDRESSES]],
        "date": when.isoformat(),
        "date_text": _date_text(local, user.lang),
        "analysis": record.analysis.model_dump(mode="json"),
        "deadline_text": _deadline_text(record, user),
        "notify_reason": record.notify_reason,
        "why": notify_why_text(user.lang, record),
        "gmail_url": gmail_url(record),
        "document": document,
        "text": None if document is not None else mail.text,
        "blocked": blocked,
        "always_images": always,
        "attachments": [
            {
                "part_id": a.part_id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "size_text": human_size(a.size),
            }
            for a in content.attachments
        ],
        "lang": user.lang,
        "texts": viewer_texts(user.lang),
    }
    return _json(200, payload)


def _date_text(local: datetime, lang: Lang) -> str:
    """ "Wed 25 Nov 2026 09:30 MSK": the notifications' format, with the year."""
    day = format_when(local, False, lang)
    return format_when(local, True, lang).replace(day, f"{day} {local.year}", 1)


def _deadline_text(record: MailRecord, user: User) -> str | None:
    deadline = record.analysis.deadline
    if deadline is None:
        return None
    when = format_when(deadline.at.astimezone(zone_of(user.timezone)), deadline.has_time, user.lang)
    key = "mail.reply_by" if record.analysis.reply_expected else "mail.act_by"
    return _plain(user.lang, key, when=when)


def _always_images(app: App, request: Any, user: User, web_user: WebAppUser) -> HttpResponse:
    try:
        owned = owned_letter(app, user.user_id, str(request.query.get("m", "")))
    except ReadProblem as problem:
        return _problem(user, problem)
    sender = normalize_sender(owned.record.sender_email)
    if not sender or "@" not in sender:
        return _json(400, {"error": "no_sender", "message": "the letter has no sender address"})

    def add(rules: Any) -> Any:
        if sender not in rules.image_senders:
            rules.image_senders = [*rules.image_senders, sender][-MAX_IMAGE_SENDERS:]
        return rules

    app.store.update_rules(user.user_id, add)
    log.info("webapp: user %s loads pictures of a sender always", user.user_id)
    return _json(200, {"always_images": True})


def _send_attachment(app: App, request: Any, user: User, web_user: WebAppUser) -> HttpResponse:
    message_id, part_id = str(request.query.get("m", "")), str(request.query.get("part", ""))
    try:
        owned_letter(app, user.user_id, message_id)
    except ReadProblem as problem:
        return _problem(user, problem)
    if len(part_id) > 40 or not all(c.isdigit() or c == "." for c in part_id):
        return _json(400, {"error": "invalid_part", "message": "no such attachment"})
    key = f"doc:{user.user_id}:{message_id}:{part_id}:{int(time.time())}"
    app.bus.publish(TOPIC_OUTBOX, document_message(user, message_id, part_id, key))
    return _json(202, {"sent": True})


API_ROUTES = {
    "/api/letter": {"GET": _get_letter},
    "/api/letter/images": {"POST": _always_images},
    "/api/letter/attachment": {"POST": _send_attachment},
}
