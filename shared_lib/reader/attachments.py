"""An attachment sent into the chat as a document, fetched from Gmail when the outbox sends it.

The 📎 button publishes an outbox message of kind ``document`` that holds only ids
(``DocumentRef``); ``prepare_upload`` runs in the outbox drain, the project's one sender to
Telegram, just before ``sendDocument``: it checks the letter is still the user's, finds the
part in ``messages.get(format=full)`` and fetches it with ``messages.attachments.get``. A file
over ``MAX_UPLOAD`` is not fetched at all: the user gets a text with the
Gmail link instead, as for a revoked grant or a deleted letter. The bytes live only in memory
for the one upload.

How big and how long: the upload runs in ``telegram_webhook``'s outbox push, whose answer Pub/Sub
waits for at most the function's timeout (60 s, the subscription's ack deadline); past it the
platform cuts the send and Pub/Sub repeats it. Measured on the local stack
(``bench/bench_read.py --uploads``), press to document in the chat and the function's peak
memory (both its processes, of 512 MiB): 1 MB 0.8 s / 165 MB, 10 MB 1.0 s / 202 MB, 25 MB
3.0 s / 302 MB, 35 MB 3.5 s / 344 MB, 50 MB 5.0 s / 410 MB. So Telemail sends at most
``MAX_UPLOAD`` (25 MB, Gmail's own sending limit; Telegram would take 50 MB), leaving memory
to spare, and ``sendDocument`` as a whole gets ``UPLOAD_SECONDS`` (40 s: 25 MB at 0.7 MB/s)
so that it ends, with a retryable timeout, before the function is cut.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from shared_lib.app import App
from shared_lib.gmail import GmailUnavailable, GrantRevoked
from shared_lib.i18n import t
from shared_lib.models import DocumentRef, OutboxMessage, User
from shared_lib.notification import gmail_url
from shared_lib.reader.fetch import ReadProblem, gmail_for, owned_letter
from shared_lib.reader.letter import safe_filename
from shared_lib.telegram_client import Upload

log = logging.getLogger(__name__)

MAX_UPLOAD = 25 * 1024 * 1024  # Telegram takes 50 MB; memory and time bound us (see above)
UPLOAD_SECONDS = 40.0  # the whole sendDocument, inside the outbox push's 60 s
MAX_PART_DEPTH = 20


def human_size(size: int) -> str:
    """ "512 B", "12 KB", "3.4 MB"."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def find_part(payload: Any, part_id: str) -> dict[str, Any] | None:
    """The ``MessagePart`` with ``partId`` in a format=full payload (iterative, bounded)."""
    todo = [(payload, 0)]
    while todo:
        part, depth = todo.pop()
        if not isinstance(part, dict) or depth > MAX_PART_DEPTH:
            continue
        if part.get("partId") == part_id:
            return part
        todo.extend((child, depth + 1) for child in part.get("parts") or [])
    return None


def prepare_upload(app: App, message: OutboxMessage) -> tuple[OutboxMessage, Upload | None]:
    """The document to upload, or (when it cannot be) a text message saying why instead."""
    ref = message.document
    if ref is None:
        return _instead(message, t("en", "reader.attachment.gone")), None
    lang = ref.lang
    try:
        owned = owned_letter(app, ref.user_id, ref.message_id)
        gmail = gmail_for(app, owned.account)
        full = gmail.get_full(ref.message_id)
        if full is None:
            raise ReadProblem("deleted")
        part = find_part(full.get("payload"), ref.part_id)
        body = part.get("body") if part is not None else None
        if part is None or not isinstance(body, dict):
            return _instead(message, t(lang, "reader.attachment.gone")), None
        name = safe_filename(str(part.get("filename") or ""), str(part.get("mimeType") or ""))
        size = int(body.get("size") or 0)
        if size > MAX_UPLOAD:
            text = t(
                lang,
                "reader.attachment.too_large",
                name=name,
                size=human_size(size),
                limit=human_size(MAX_UPLOAD),
                url=gmail_url(owned.record),
            )
            return _instead(message, text), None
        if body.get("attachmentId"):
            data = gmail.get_attachment(ref.message_id, str(body["attachmentId"]))
        else:
            data = base64.urlsafe_b64decode(str(body.get("data", "")) + "==")
        if data is None:
            raise ReadProblem("deleted")
    except ReadProblem as problem:
        return _instead(message, t(lang, problem.key)), None
    except GrantRevoked:
        return _instead(message, t(lang, "reader.problem.revoked")), None
    except GmailUnavailable:
        return _instead(message, t(lang, "reader.problem.unavailable")), None
    if len(data) > MAX_UPLOAD:
        text = t(
            lang,
            "reader.attachment.too_large",
            name=name,
            size=human_size(len(data)),
            limit=human_size(MAX_UPLOAD),
            url=gmail_url(owned.record),
        )
        return _instead(message, text), None
    log.info("reader: uploading an attachment of %d bytes", len(data))
    return message, Upload(name, data, UPLOAD_SECONDS)


def _instead(message: OutboxMessage, text: str) -> OutboxMessage:
    return message.model_copy(update={"method": "send", "text": text, "document": None})


def document_message(user: User, message_id: str, part_id: str, key: str) -> OutboxMessage:
    """The outbox message that uploads one attachment of the user's letter (ids only)."""
    ref = DocumentRef(user_id=user.user_id, message_id=message_id, part_id=part_id, lang=user.lang)
    return OutboxMessage(key=key, chat_id=user.chat_id, text="", method="document", document=ref)
