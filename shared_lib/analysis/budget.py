"""A time budget: a deadline on the monotonic clock that bounded steps check between them.

Every analysis stage takes bounded time on its own (bounded windows, candidates and patterns that
cannot backtrack quadratically); the budget is the safety net above them: a letter that still
runs past it is cut short between two stages, with what was read so far. No threads, no signals.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Budget:
    """`seconds` from now on `clock` (None: no limit)."""

    def __init__(
        self, seconds: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self.started = clock()
        self.deadline = None if seconds is None else self.started + seconds

    def spent(self) -> bool:
        """Whether the deadline has passed."""
        return self.deadline is not None and self._clock() >= self.deadline

    def elapsed(self) -> float:
        return self._clock() - self.started
