"""The quarter-hourly tick from Cloud Scheduler, and the shard messages it fans out to.

``digest_cron`` receives both on the digest-tick topic: a message with the ``shard`` attribute
is a shard (see ``shared_lib.digest``), anything else is Scheduler's tick. Every tick:
- fans out due digests (users whose ``next_digest_at`` has come) in batches, so a daily digest
  at 09:30 comes at 09:30;
- has one shard release notifications held by quiet hours that have ended
  (``shared_lib.held.release_held``).
The tick in the first quarter of each hour also:
- fans out the safety net for lost Gmail pushes: Gmail documents that pushes can be dropped or
  delayed, so it asks, for each active account, for a sync from its checkpoint (a synthetic
  push on gmail-push, published by the sync shards); a lost push delays a notification by at
  most an hour, never loses it;
- fans out the renewal of Gmail watches expiring within 48 hours.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from shared_lib.app import App
from shared_lib.bus import EnvelopeError, decode_push
from shared_lib.digest.shards import (
    SHARD_ATTRIBUTE,
    FanOut,
    Shard,
    ShardResult,
    fan_out,
    handle_shard,
)
from shared_lib.store import utcnow

log = logging.getLogger(__name__)


def handle_tick(
    app: App, event_data: Any, now: datetime | None = None
) -> FanOut | ShardResult | None:
    """Handle one digest-tick message: a shard, or Scheduler's tick (at ``now``, default the
    current time). An unreadable shard is logged and dropped (None)."""
    try:
        message = decode_push(event_data)
    except EnvelopeError:
        message = None  # Scheduler's tick carries nothing the tick needs
    if message is not None and message.attributes.get(SHARD_ATTRIBUTE):
        try:
            shard = Shard.model_validate(message.json())
        except (EnvelopeError, ValidationError) as exc:
            log.error("digest_cron: unreadable shard %s dropped: %s", message.message_id, exc)
            return None
        return handle_shard(app, shard)
    return run_tick(app, now or utcnow())


def run_tick(app: App, now: datetime) -> FanOut:
    """Scheduler's tick: publish the shards."""
    return fan_out(app, now)
