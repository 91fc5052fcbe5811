"""Mail history commands (/history, /pending). Filled in by the digest work."""

from __future__ import annotations

from shared_lib.bot.context import Command

COMMANDS: dict[str, Command] = {}
