"""How long mail records are kept: a setting, applied through the Firestore TTL field.

Records hold only what digests and history need (headers, the analysis, a short gist; never a
full body). Each gets ``expires_at = stored + retention``; Firestore's TTL policy on the ``mail``
collection group deletes it after that (typically within a day), and digests and history skip
records already past it; the digest inbox's copies carry the same ``expires_at`` and are dropped
by the next digest after it. Records of a mailbox go with it on /disconnect
(``Store.delete_account_data``; the inbox's copies with ``Store.forget_account_letters``).
"""

from __future__ import annotations

from datetime import timedelta

from shared_lib.config import Settings


def mail_retention(settings: Settings) -> timedelta:
    """``TELEMAIL_MAIL_RETENTION_DAYS`` (``Settings.mail_retention_days``), at least one day."""
    return timedelta(days=max(1, settings.mail_retention_days))
