"""The ✅ button under /pending: ``done:<message id>`` marks a letter as answered.

Pressing it answers with a toast and re-renders the /pending list it sits under.
"""

from __future__ import annotations

from shared_lib.bot.context import ButtonHandler, CallbackContext
from shared_lib.bot.history_commands import PENDING_READ
from shared_lib.digest.history import render_pending
from shared_lib.i18n import t
from shared_lib.models import OutboxMessage
from shared_lib.store import utcnow


def button_done(ctx: CallbackContext) -> list[OutboxMessage]:
    user, now = ctx.user, utcnow()
    record = ctx.app.store.mark_replied(user.user_id, ctx.data, now) if ctx.data else None
    if record is None:  # a dialog: the letter is gone, nothing was marked
        replies = [ctx.answer(t(user.lang, "done.gone"), show_alert=True)]
    else:
        replies = [ctx.answer(t(user.lang, "done.ok"))]
    if ctx.query.message is not None:  # the list pressed on, refreshed in place
        records = ctx.app.store.awaiting_reply(user.user_id, PENDING_READ)
        text, buttons = render_pending(records, user.lang, user.timezone, now)
        replies.append(ctx.edit(text, buttons))
    return replies


BUTTONS: dict[str, ButtonHandler] = {"done": button_done}
