"""The hourly tick from Cloud Scheduler. (Skeleton: digests and watch renewal arrive later.)"""

from __future__ import annotations

import logging
from typing import Any

from shared_lib.app import App

log = logging.getLogger(__name__)


def handle_tick(app: App, event_data: Any) -> None:
    log.info("digest_cron: tick received")
