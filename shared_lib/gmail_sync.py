"""Gmail push → new letters. (Skeleton: the sync itself arrives with the new-mail issue.)"""

from __future__ import annotations

import logging
from typing import Any

from shared_lib.app import App
from shared_lib.bus import EnvelopeError, decode_push

log = logging.getLogger(__name__)


def handle_push(app: App, event_data: Any) -> None:
    """Read Gmail's ``{emailAddress, historyId}``; malformed notifications are logged and acked."""
    try:
        note = decode_push(event_data).json()
        email, history_id = str(note["emailAddress"]).lower(), str(note["historyId"])
    except (EnvelopeError, KeyError, TypeError) as exc:
        log.error("gmail_push: unreadable notification dropped: %s", exc)
        return
    account = app.store.get_account_by_email(email)
    if account is None:
        log.warning("gmail_push: notification for an unknown address ignored")
        return
    log.info("gmail_push: history %s for user %s", history_id, account.user_id)
