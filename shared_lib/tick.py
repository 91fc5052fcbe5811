"""The hourly tick from Cloud Scheduler: the safety net for lost Gmail pushes.

Gmail documents that push notifications can be dropped or delayed, so every tick publishes, for
each active account, a synthetic push carrying the account's checkpoint on the gmail-push topic.
``gmail_push`` then syncs from the checkpoint as for a real push: a lost push delays a
notification by at most an hour, never loses it. (Digests and watch renewal join this tick later.)
"""

from __future__ import annotations

import logging
from typing import Any

from shared_lib.app import App
from shared_lib.config import TOPIC_GMAIL_PUSH

log = logging.getLogger(__name__)


def handle_tick(app: App, event_data: Any) -> int:
    """Publish a sync request per active account; returns how many were published."""
    count = 0
    for account in app.store.active_accounts():
        app.bus.publish(
            TOPIC_GMAIL_PUSH,
            {"emailAddress": account.email, "historyId": account.history_id or "0"},
            origin="tick",
        )
        count += 1
    log.info("digest_cron: tick asked %d accounts to sync", count)
    return count
