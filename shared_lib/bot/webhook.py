"""Telegram webhook: authenticate, parse with python-telegram-bot, dispatch, reply via outbox."""

from __future__ import annotations

import hmac
import json
import logging

from telegram import Update

from shared_lib.app import App
from shared_lib.bot.context import CallbackContext, CommandContext, split_command, user_from_update
from shared_lib.bot.registry import BUTTONS, COMMANDS
from shared_lib.config import TOPIC_OUTBOX
from shared_lib.http import HttpResponse
from shared_lib.i18n import t
from shared_lib.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1_000_000


def secret_is_valid(app: App, header_value: str | None) -> bool:
    expected = app.settings.webhook_secret.get_secret_value()
    if not expected or header_value is None:
        return False
    return hmac.compare_digest(header_value.encode(), expected.encode())


def handle_webhook(app: App, secret_header: str | None, body: bytes) -> HttpResponse:
    """Answer 401 to anyone but Telegram; 200 to every update, handled or not (no retry storm)."""
    if not secret_is_valid(app, secret_header):
        log.warning("webhook: rejected update with missing or wrong secret token")
        return HttpResponse.text(401, "unauthorized")
    if len(body) > MAX_UPDATE_BYTES:
        log.warning("webhook: ignored oversized update (%d bytes)", len(body))
        return HttpResponse.text(200, "ignored")
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            raise ValueError("not an Update object")
        update = Update.de_json(payload)
        user_from_update(update)  # a malformed sender fails here, not while answering
    except (
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        ArithmeticError,
        RecursionError,
    ) as exc:
        # only the type: the message of a validation error would quote the update's content
        log.warning("webhook: ignored malformed update (%s)", type(exc).__name__)
        return HttpResponse.text(200, "ignored")
    for reply in replies_for(app, update):
        app.bus.publish(TOPIC_OUTBOX, reply)
    return HttpResponse.text(200, "ok")


def replies_for(app: App, update: Update) -> list[OutboxMessage]:
    """What to answer to one update; unhandled kinds (edits, channels, stickers...) get nothing."""
    if update.callback_query is not None:
        return _button(app, update)
    message = update.message
    user = user_from_update(update)
    if message is None or user is None or message.chat.type != "private":
        log.info("webhook: update %s of an unhandled kind ignored", update.update_id)
        return []
    if not message.text:  # stickers, photos, locations…: nothing to answer, nothing to store
        return []
    user = app.store.ensure_user(user)
    parsed = split_command(message)
    if parsed is None:
        ctx = CommandContext(app, update, message, user, "", "")
        return [ctx.reply(t(user.lang, "not_a_command"))]
    command, args = parsed
    ctx = CommandContext(app, update, message, user, command, args)
    handler = COMMANDS.get(command)
    if handler is None:
        return [ctx.reply(t(user.lang, "unknown_command", command=command))]
    return handler(ctx)


def _button(app: App, update: Update) -> list[OutboxMessage]:
    query = update.callback_query
    user = user_from_update(update)
    if query is None or user is None:
        return []
    stored = app.store.get_user(user.user_id)
    if stored is not None:
        user = stored
    prefix, _, data = (query.data or "").partition(":")
    ctx = CallbackContext(app, update, query, user, prefix, data)
    handler = BUTTONS.get(prefix)
    if handler is None or stored is None:
        log.info("webhook: button %r without a handler", prefix)
        return [ctx.answer(t(user.lang, "callback.unknown"), show_alert=True)]
    return handler(ctx)
