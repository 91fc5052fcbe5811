"""Every command and button handler of the bot, gathered from the modules that define them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from shared_lib.bot import (
    buttons,
    commands,
    history_buttons,
    history_commands,
    learning_commands,
    read_buttons,
    settings_commands,
    timezone_offer,
)
from shared_lib.bot.context import ButtonHandler, Command

T = TypeVar("T")


def _merge(*tables: Mapping[str, T]) -> dict[str, T]:
    merged: dict[str, T] = {}
    for table in tables:
        for name, handler in table.items():
            if name in merged:
                raise ValueError(f"{name} is handled twice")
            merged[name] = handler
    return merged


COMMANDS: dict[str, Command] = _merge(
    commands.COMMANDS,
    settings_commands.COMMANDS,
    history_commands.COMMANDS,
    learning_commands.COMMANDS,
)
BUTTONS: dict[str, ButtonHandler] = _merge(
    buttons.BUTTONS, history_buttons.BUTTONS, read_buttons.BUTTONS, timezone_offer.BUTTONS
)
