"""Inline buttons under notifications ("Mute sender", "Important"…), by callback prefix."""

from __future__ import annotations

from shared_lib.bot.context import ButtonHandler

BUTTONS: dict[str, ButtonHandler] = {}
