"""A scripted walk through the local stack, for ``python -m telemail_local --smoke``."""

from __future__ import annotations

from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack

SMOKE_USER_ID = 1001


def connect_demo(stack: LocalStack, email: str) -> str:
    """Connect ``email`` as a scripted user and return the chat as text."""
    connect(stack, SMOKE_USER_ID, email)
    lines = [
        f"{'bot' if m.from_bot else 'you'}: {m.plain}" for m in stack.telegram.chat(SMOKE_USER_ID)
    ]
    return "\n".join(lines)
