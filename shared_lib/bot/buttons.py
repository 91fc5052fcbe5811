"""Inline buttons under notifications ("Mute sender", "Important"…), by callback prefix.

Callback data is ``"<prefix>:<data>"`` (at most 64 bytes); for letter buttons the data is the
Gmail message id of the letter's record. Every press is answered (a toast), even when the
letter is no longer kept.
"""

from __future__ import annotations

import contextlib
import re
import time as clock
from typing import Literal

from shared_lib.bot.context import ButtonHandler, CallbackContext
from shared_lib.bot.settings_commands import (
    DELETE_CONFIRM_SECONDS,
    DELETE_PREFIX,
    Usage,
    delete_everything,
    mute_senders,
    revoke_lines,
    unmute_senders,
)
from shared_lib.i18n import t
from shared_lib.learning.signals import learn_from_feedback
from shared_lib.models import Button, MailRecord, OutboxMessage
from shared_lib.rules import normalize_sender

_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Feedback = Literal["important", "not_important"]


def _record(ctx: CallbackContext) -> MailRecord | None:
    """The letter the button is about; None for data that cannot be a Gmail message id."""
    if not _MESSAGE_ID.match(ctx.data):
        return None
    return ctx.app.store.get_mail(ctx.user.user_id, ctx.data)


def _sender(record: MailRecord) -> str | None:
    sender = normalize_sender(record.sender_email)
    return sender if sender is not None and "@" in sender else None


def _letter_and_sender(ctx: CallbackContext) -> tuple[MailRecord, str] | OutboxMessage:
    """The letter the button is about and its sender's address, or the dialog saying why
    there is none."""
    record = _record(ctx)
    if record is None:
        return ctx.toast("settings.btn.letter_gone", alert=True)
    sender = _sender(record)
    if sender is None:
        return ctx.toast("settings.btn.no_sender", alert=True)
    return record, sender


def on_mute(ctx: CallbackContext) -> list[OutboxMessage]:
    """Mute the letter's sender address; offer "Undo" (``unmute:<id>``)."""
    found = _letter_and_sender(ctx)
    if isinstance(found, OutboxMessage):
        return [found]
    record, sender = found
    store, user_id = ctx.app.store, ctx.user.user_id
    if sender in store.get_rules(user_id).muted:  # pressed again: nothing to undo
        return [ctx.toast("settings.btn.muted_toast", email=sender)]
    try:
        store.update_rules(user_id, lambda rules: mute_senders(rules, [sender]))
    except Usage as exc:
        return [ctx.notice(exc.text(ctx.user.lang), alert=True)]
    undo = Button(
        text=t(ctx.user.lang, "settings.button.undo"),
        callback_data=f"unmute:{record.message_id}",
    )
    learn_from_feedback(ctx.app, user_id, record, "muted")
    text = t(ctx.user.lang, "settings.btn.muted", email=sender)
    return [ctx.toast("settings.btn.muted_toast", email=sender), ctx.send(text, [[undo]])]


def on_unmute(ctx: CallbackContext) -> list[OutboxMessage]:
    """Undo a mute: the letter's sender address is notified again."""
    found = _letter_and_sender(ctx)
    if isinstance(found, OutboxMessage):
        return [found]
    record, sender = found
    with contextlib.suppress(Usage):  # not muted (any more): pressed twice
        ctx.app.store.update_rules(ctx.user.user_id, lambda r: unmute_senders(r, [sender]))
    learn_from_feedback(ctx.app, ctx.user.user_id, record, "muted", withdrawn=True)
    return [
        ctx.toast("settings.btn.unmuted_toast", email=sender),
        ctx.edit(t(ctx.user.lang, "settings.btn.unmuted", email=sender)),
    ]


def _feedback(ctx: CallbackContext, value: Feedback) -> list[OutboxMessage]:
    """Store the user's judgement on the letter's record and teach it to the user's model."""
    record = _record(ctx)
    if record is None or not ctx.app.store.set_feedback(ctx.user.user_id, record.message_id, value):
        return [ctx.toast("settings.btn.letter_gone", alert=True)]
    learn_from_feedback(ctx.app, ctx.user.user_id, record, value)
    return [ctx.toast(f"settings.btn.{value}")]


def on_important(ctx: CallbackContext) -> list[OutboxMessage]:
    return _feedback(ctx, "important")


def on_not_important(ctx: CallbackContext) -> list[OutboxMessage]:
    return _feedback(ctx, "not_important")


def on_delete_me(ctx: CallbackContext) -> list[OutboxMessage]:
    """The /delete_me confirmation: ``yes:<issued unix time>`` deletes, ``no`` cancels."""
    lang = ctx.user.lang
    answer, _, issued = ctx.data.partition(":")
    if answer != "yes":
        text = t(lang, "settings.delete_cancelled")
        return [ctx.answer(), ctx.edit(text)]
    if not issued.isdigit() or clock.time() - int(issued) > DELETE_CONFIRM_SECONDS:
        return [
            ctx.toast("settings.delete_expired", alert=True),  # nothing was deleted: say it plainly
            ctx.edit(t(lang, "settings.delete_expired")),
        ]
    not_revoked = delete_everything(ctx.app, ctx.user.user_id)
    lines = [t(lang, "settings.deleted"), *revoke_lines(lang, not_revoked, revoked=False)]
    return [ctx.answer(), ctx.edit("\n".join(lines))]


BUTTONS: dict[str, ButtonHandler] = {
    "mute": on_mute,
    "unmute": on_unmute,
    "imp": on_important,
    "notimp": on_not_important,
    DELETE_PREFIX: on_delete_me,
}
