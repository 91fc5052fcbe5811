"""The demo mailbox: the letters of ``shared/samples`` delivered one by one into Gmail."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, Response, jsonify

from telemail_local.gmail_server import GmailStandIn

DEMO_ADDRESS = "demo@telemail.test"
DEMO_NAME = "Demo Mailbox"
SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"


class DemoMailbox:
    """Delivers the next sample letter on request, as if it had just arrived."""

    def __init__(self, gmail: GmailStandIn, samples: Path = SAMPLES) -> None:
        self.gmail = gmail
        self.letters = sorted(samples.glob("*.eml")) if samples.is_dir() else []
        self._next = 0
        self._lock = threading.Lock()

    def deliver_next(self) -> str | None:
        """Deliver one letter; returns its file name, or None when all were delivered."""
        with self._lock:
            if self._next >= len(self.letters):
                return None
            path = self.letters[self._next]
            self._next += 1
        self.gmail.deliver(DEMO_ADDRESS, path.read_bytes())
        return path.name

    def register(self, app: Flask) -> None:
        @app.post("/_demo/deliver")
        def deliver() -> tuple[Response, int]:
            if not self.gmail.mailbox(DEMO_ADDRESS).watch_topic:
                return jsonify(ok=False, description="connect the demo mailbox first"), 409
            name = self.deliver_next()
            left = len(self.letters) - self._next
            return jsonify(ok=True, delivered=name, left=left), 200
