"""The demo mailbox: the demo letters delivered one by one into Gmail, re-dated to now."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, Response, jsonify

from telemail_local import DEMO_LETTERS
from telemail_local.gmail_server import GmailStandIn
from telemail_local.redate import redate

DEMO_ADDRESS = "demo@telemail.test"
DEMO_NAME = "Demo Mailbox"
# Sasha's work address, forwarded into the demo Gmail box and set up there as a send-as alias:
# the letters to it (02, 06; 07 has it in Cc) are to Sasha all the same. Without it, the thread
# reply 06 would read as a letter to someone else, whose question Sasha need not answer.
DEMO_ALIAS = "s.demo@severstroy.ru"


class DemoMailbox:
    """Delivers the next letter of ``letters`` (a folder of ``*.eml``) on request, as if it had
    just arrived: its ``Date:`` is now and the dates written in it move along (see redate)."""

    def __init__(self, gmail: GmailStandIn, letters: Path = DEMO_LETTERS) -> None:
        self.gmail = gmail
        self.letters = sorted(letters.glob("*.eml")) if letters.is_dir() else []
        self._next = 0
        self._lock = threading.Lock()

    def deliver_next(self, now: datetime | None = None) -> str | None:
        """Deliver one letter; returns its file name, or None when all were delivered."""
        with self._lock:
            if self._next >= len(self.letters):
                return None
            path = self.letters[self._next]
            self._next += 1
        raw = redate(path.read_bytes(), now or datetime.now(UTC))
        self.gmail.deliver(DEMO_ADDRESS, raw)
        return path.name

    def register(self, app: Flask) -> None:
        @app.post("/_demo/deliver")
        def deliver() -> tuple[Response, int]:
            if not self.gmail.mailbox(DEMO_ADDRESS).watch_topic:
                return jsonify(ok=False, description="connect the demo mailbox first"), 409
            name = self.deliver_next()
            left = len(self.letters) - self._next
            return jsonify(ok=True, delivered=name, left=left), 200
