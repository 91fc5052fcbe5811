"""Draining the outbox: each message is carried out at most once per key, never silently lost.

Returned statuses tell Pub/Sub what to do: 2xx acknowledges; 429/503 make it redeliver later
(after its retry backoff); a message that keeps failing ends in the dead-letter topic.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from pydantic import ValidationError

from shared_lib.app import App
from shared_lib.bus import BusMessage, EnvelopeError
from shared_lib.http import HttpResponse
from shared_lib.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_INLINE_WAIT_SECONDS = 5  # a short 429 is waited out in place; a longer one is redelivered
MARK_ATTEMPTS = 3  # writes of the "sent" mark after Telegram accepted the message
MARK_RETRY_SECONDS = 0.5  # first pause between them (doubling)


def deliver(app: App, message: OutboxMessage) -> HttpResponse:
    """Send one outbox message, honouring Telegram's ``retry_after``."""
    claim = app.store.claim_outbox(message.key)
    if claim == "sent":
        log.info("outbox: %s already sent, skipped", message.key)
        return HttpResponse.text(200, "duplicate")
    if claim == "busy":
        log.info("outbox: %s is being sent by another instance, redelivery", message.key)
        return HttpResponse.text(503, "busy")
    try:
        outcome = _send_claimed(app, message)
    except BaseException:
        app.store.release_outbox(message.key)
        raise
    if isinstance(outcome, HttpResponse):
        return outcome
    # Telegram has the message: from here on the claim is never released, or a redelivery
    # would send it again.
    _mark_sent(app, message.key, outcome.telegram_id)
    log.info("outbox: %s sent", message.key)
    return HttpResponse.text(200, "sent")


@dataclass(frozen=True)
class _Sent:
    telegram_id: int | None


def _mark_sent(app: App, key: str, telegram_id: int | None) -> None:
    """Record the key as sent, retrying a failing Firestore write a few times. If it still
    fails, the claim stays (a redelivery within the lease answers "busy") and the push is
    acknowledged: sending again would be a duplicate for sure, not sending loses nothing."""
    for attempt in range(MARK_ATTEMPTS):
        try:
            app.store.mark_outbox_sent(key, telegram_id)
            return
        except Exception as exc:
            log.warning("outbox: %s sent, but marking it failed (%s)", key, type(exc).__name__)
            if attempt + 1 < MARK_ATTEMPTS:
                time.sleep(MARK_RETRY_SECONDS * 2**attempt)
    log.error("outbox: %s sent but not marked; its claim is kept", key)


def _send_claimed(app: App, message: OutboxMessage) -> HttpResponse | _Sent:
    """One send under the claim: ``_Sent`` when Telegram took it, else the answer for Pub/Sub
    (the claim released for a retry, or the key closed for a lasting refusal)."""
    from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

    upload = None
    if message.method == "document":  # fetched from Gmail now; an explanation if it cannot be
        from shared_lib.reader.attachments import prepare_upload

        message, upload = prepare_upload(app, message)
    for _attempt in range(3):
        try:
            telegram_id = app.telegram.execute(message, upload)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            if seconds > MAX_INLINE_WAIT_SECONDS:
                log.warning("outbox: %s throttled for %ss, redelivery", message.key, seconds)
                app.store.release_outbox(message.key)
                return HttpResponse(429, "throttled", headers={"Retry-After": str(int(seconds))})
            time.sleep(seconds)
            continue
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                telegram_id = message.message_id
            else:
                log.error("outbox: %s rejected by Telegram: %s", message.key, exc)
                app.store.mark_outbox_sent(message.key, None, outcome=f"rejected: {exc}")
                return HttpResponse.text(200, "rejected")
        except (Forbidden, InvalidToken) as exc:
            log.error("outbox: %s cannot be sent (%s): %s", message.key, type(exc).__name__, exc)
            app.store.mark_outbox_sent(message.key, None, outcome=f"forbidden: {exc}")
            return HttpResponse.text(200, "forbidden")
        except NetworkError as exc:
            log.warning("outbox: %s failed (%s), redelivery", message.key, exc)
            app.store.release_outbox(message.key)
            return HttpResponse.text(503, "telegram unavailable")
        return _Sent(telegram_id)
    app.store.release_outbox(message.key)
    return HttpResponse.text(429, "throttled")


def handle_push(app: App, bus_message: BusMessage) -> HttpResponse:
    """The outbox subscription's push endpoint: malformed messages are logged and dropped."""
    try:
        message = OutboxMessage.model_validate(bus_message.json())
    except (EnvelopeError, ValidationError) as exc:
        log.error("outbox: unreadable message %s dropped: %s", bus_message.message_id, exc)
        return HttpResponse.text(200, "unreadable")
    return deliver(app, message)
