"""A Cloud Scheduler stand-in: publishes the digest tick at every wall-clock boundary of its
interval (every 15 minutes, as the deployed job), so the local stack sends digests, releases
held notifications and runs the hourly safety net as the cloud does."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

TICK_PAYLOAD = {"source": "local-scheduler"}  # what the deployed job publishes, give or take


class LocalScheduler:
    """Calls `publish` at each multiple of `every` seconds of the wall clock, on a thread."""

    def __init__(
        self,
        publish: Callable[[], None],
        every: float = 900,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.publish = publish
        self.every = every
        self.clock = clock
        self.ticks = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="local-scheduler", daemon=True)

    def start(self) -> LocalScheduler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every - self.clock() % self.every):
            try:
                self.publish()
                self.ticks += 1
            except Exception:  # a failed tick is Scheduler's retry problem; keep ticking
                log.exception("local scheduler: the tick could not be published")
