"""Settings commands (/tag, /vip, /quiet, /digest…). Filled in by the settings work."""

from __future__ import annotations

from shared_lib.bot.context import Command

COMMANDS: dict[str, Command] = {}
