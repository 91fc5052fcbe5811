"""Structured logs: one JSON object per line, as Cloud Logging reads them from stdout."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_configured = False


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            # Cloud Logging takes "time" as the entry's timestamp (when it happened, not when read)
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "severity": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: int = logging.INFO) -> None:
    """Route Telemail's loggers to stdout as JSON lines; idempotent."""
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(_JsonFormatter())
    root = logging.getLogger("shared_lib")
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    _configured = True
