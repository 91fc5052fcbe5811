"""Releasing notifications held by quiet hours once they end (called by every tick)."""

from __future__ import annotations

import logging
from datetime import datetime

from shared_lib.app import App
from shared_lib.gmail_sync import publish_notification
from shared_lib.models import User

log = logging.getLogger(__name__)


def release_held(app: App, now: datetime) -> int:
    """Publish every held notification whose quiet hours are over; returns how many.

    A crash midway leaves the rest held for the next tick; repeating a publish is harmless
    because the outbox sends each letter's key once.
    """
    users: dict[int, User] = {}
    released = 0
    for user_id, record in app.store.held_until(now):
        user = users.get(user_id) or app.store.get_user(user_id)
        if user is None:
            continue
        users[user_id] = user
        publish_notification(app, record, user)
        released += 1
    if released:
        log.info("held: released %d notifications", released)
    return released
