"""Consuming the events topic: turn domain events into what the user is told.

"Connected" also asks for the time zone, with its buttons, while the user has not chosen one
(the time-zone offer of /start): right after connecting is when times start to matter."""

from __future__ import annotations

import logging
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from shared_lib.app import App
from shared_lib.bot.timezone_offer import needs_timezone, timezone_offer
from shared_lib.bus import BusMessage, EnvelopeError
from shared_lib.config import TOPIC_OUTBOX
from shared_lib.connect_link import start_link
from shared_lib.http import HttpResponse
from shared_lib.i18n import t
from shared_lib.models import (
    AccountConnected,
    AccountRevoked,
    AccountTakenAway,
    Button,
    OutboxMessage,
)

log = logging.getLogger(__name__)

AnyEvent = Annotated[
    AccountConnected | AccountRevoked | AccountTakenAway, Field(discriminator="type")
]
_events: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)


def render_event(app: App, event: AnyEvent, event_id: str) -> list[OutboxMessage]:
    if isinstance(event, AccountRevoked):
        url = start_link(app, event.user_id, event.chat_id, event.lang)
        button = Button(text=t(event.lang, "button.reconnect"), url=url)
        text = t(event.lang, "revoked", email=event.email)
        return [
            OutboxMessage(
                key=f"event:{event_id}", chat_id=event.chat_id, text=text, buttons=[[button]]
            )
        ]
    if isinstance(event, AccountConnected):
        text = t(event.lang, "connected", name=event.name or event.email, email=event.email)
        if event.moved_from_other_user:
            text += "\n" + t(event.lang, "connected_moved")
        buttons: list[list[Button]] = []
        user = app.store.get_user(event.user_id)
        if user is not None and needs_timezone(user):  # asked in the same message
            question, buttons = timezone_offer(event.lang)
            text += "\n\n" + question
        return [
            OutboxMessage(
                key=f"event:{event_id}", chat_id=event.chat_id, text=text, buttons=buttons
            )
        ]
    if isinstance(event, AccountTakenAway):
        text = t(event.lang, f"account.{event.reason}", email=event.email)
        return [OutboxMessage(key=f"event:{event_id}", chat_id=event.chat_id, text=text)]
    return []


def handle_push(app: App, bus_message: BusMessage) -> HttpResponse:
    try:
        event = _events.validate_python(bus_message.json())
    except (EnvelopeError, ValidationError) as exc:
        log.error("events: unreadable event %s dropped: %s", bus_message.message_id, exc)
        return HttpResponse.text(200, "unreadable")
    for message in render_event(app, event, event.event_id or bus_message.message_id):
        app.bus.publish(TOPIC_OUTBOX, message)
    return HttpResponse.text(200, "ok")
