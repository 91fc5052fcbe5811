"""A Google grant that stopped working: mark the account, tell the user once."""

from __future__ import annotations

import logging

from shared_lib.app import App
from shared_lib.config import TOPIC_EVENTS
from shared_lib.models import AccountRevoked, User

log = logging.getLogger(__name__)


def mark_revoked_and_tell(app: App, user_id: int, email: str, user: User | None = None) -> bool:
    """Set the account revoked; only the call that changed it announces ``account.revoked``
    (the bot then offers to reconnect), so the user hears it once however many see it."""
    if not app.store.mark_account_revoked(user_id, email):
        return False
    user = user or app.store.get_user(user_id)
    if user is None:
        return True
    log.warning("grant of user %s revoked or expired", user_id)
    app.bus.publish(TOPIC_EVENTS, AccountRevoked.to_user(user, email))
    return True
