"""CPU-time bounds for the hostile-input tests, measured without the collector's pauses.

A full test run holds a large heap: a generation-2 collection falling inside a measured call can
cost more than the call itself, so the collector is paused while a call is measured.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from shared_lib.mail.model import ParsedMail
from shared_lib.mail.parse import parse_message


def cpu_seconds(run: Callable[[], Any]) -> float:
    """The process CPU time `run` takes, with the garbage collector paused around it."""
    gc.disable()
    try:
        start = time.process_time()
        run()
        return time.process_time() - start
    finally:
        gc.enable()


def timed_parse(raw: bytes, budget: float = 1.0) -> ParsedMail:
    """Parse `raw`, asserting it took under `budget` CPU seconds and was read at all."""
    found: list[ParsedMail] = []
    spent = cpu_seconds(lambda: found.append(parse_message(raw)))
    assert spent < budget, f"parse took {spent:.2f} s"
    mail = found[0]
    assert not any(d.startswith("letter could not be parsed") for d in mail.defects)
    return mail
