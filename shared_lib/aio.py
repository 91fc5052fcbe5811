"""One asyncio loop per process, on its own thread, for the async client libraries.

Functions are synchronous (one request per thread); async clients such as python-telegram-bot's
keep their HTTP connection pool on this loop, so it is reused across invocations.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_loop: asyncio.AbstractEventLoop | None = None
_lock = threading.Lock()


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="telemail-aio", daemon=True).start()
        return _loop


def run(coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    """Run ``coro`` on the shared loop and wait for its result from any thread."""
    return asyncio.run_coroutine_threadsafe(coro, _background_loop()).result(timeout)
