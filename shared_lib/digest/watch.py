"""Renewing Gmail watches before they expire (Gmail stops pushing after about 7 days).

A failure is recorded on the account (``watch_error``, ``watch_error_at``) and told to the user
once per failure episode: the account remembers that it was told (``watch_error_reported``), the
outbox key names the episode's start (a crash before that mark repeats the same key), and a
successful renewal clears all three.
A refused grant marks the account revoked and raises ``account.revoked`` as the sync does.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from shared_lib.app import App
from shared_lib.config import TOPIC_OUTBOX
from shared_lib.gmail import GmailClient, GmailUnavailable, GrantRevoked
from shared_lib.i18n import t
from shared_lib.mailbox_addresses import refresh_addresses
from shared_lib.models import OutboxMessage
from shared_lib.revocation import mark_revoked_and_tell
from shared_lib.store.digests import AccountRef

log = logging.getLogger(__name__)

WatchOutcome = Literal["renewed", "failed", "revoked", "skipped"]


def renew_watch(app: App, ref: AccountRef, now: datetime) -> WatchOutcome:
    """Renew one account's watch; failures are recorded and reported, never raised."""
    account = app.store.get_account(ref.user_id, ref.email)
    if account is None or account.status != "active":
        return "skipped"
    try:
        token = app.cipher.open(account.sealed_refresh_token, owner=account.email)
        gmail = GmailClient(app.settings, token)
        _, expires_at = gmail.watch(app.settings.gmail_watch_topic)
    except GrantRevoked:
        _revoked(app, ref)
        return "revoked"
    except GmailUnavailable as exc:
        _failed(app, ref, str(exc), now)
        return "failed"
    except Exception as exc:  # one mailbox's surprise must not stop the others' renewal
        log.exception("watch: renewal for user %s failed unexpectedly", ref.user_id)
        _failed(app, ref, type(exc).__name__, now)
        return "failed"
    app.store.record_watch_renewed(ref.user_id, ref.email, expires_at)
    refresh_addresses(app, gmail, account)  # aliases added or removed since: best effort
    return "renewed"


def _failed(app: App, ref: AccountRef, error: str, now: datetime) -> None:
    log.warning("watch: renewal for user %s failed: %s", ref.user_id, error)
    began = app.store.record_watch_failure(ref.user_id, ref.email, error, now)
    user = app.store.get_user(ref.user_id) if began is not None else None
    if began is None or user is None:
        return
    app.bus.publish(
        TOPIC_OUTBOX,
        OutboxMessage(
            key=f"watch-failed:{ref.user_id}:{ref.email}:{began:%Y%m%dT%H%M%S}",
            chat_id=user.chat_id,
            text=t(user.lang, "watch.failed", email=ref.email, error=error),
        ),
    )
    app.store.mark_watch_failure_reported(ref.user_id, ref.email)


def _revoked(app: App, ref: AccountRef) -> None:
    mark_revoked_and_tell(app, ref.user_id, ref.email)
