"""A scripted walk through the local stack, for ``python -m telemail_local --smoke``."""

from __future__ import annotations

import time

from telemail_local.demo import DEMO_ADDRESS
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack

SMOKE_USER_ID = 1001


def run_demo(stack: LocalStack, timeout: float = 120) -> str:
    """Connect the demo mailbox, deliver every demo letter, and return the chat as text."""
    connect(stack, SMOKE_USER_ID, DEMO_ADDRESS)
    already = len(stack.telegram.bot_messages(SMOKE_USER_ID))
    delivered = 0
    while stack.demo.deliver_next() is not None:
        delivered += 1
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(stack.telegram.bot_messages(SMOKE_USER_ID)) >= already + delivered:
            break
        time.sleep(0.2)
    chat = stack.telegram.chat(SMOKE_USER_ID)
    got = len(stack.telegram.bot_messages(SMOKE_USER_ID)) - already
    lines = [f"{'bot' if m.from_bot else 'you'}: {m.plain}\n" for m in chat]
    lines.append(f"{delivered} demo letters delivered, {got} notifications received.")
    return "\n".join(lines)
