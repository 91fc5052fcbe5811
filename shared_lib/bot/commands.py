"""The core commands: /start (welcome and the "Connect Gmail" button) and /help."""

from __future__ import annotations

from shared_lib.bot.context import Command, CommandContext
from shared_lib.connect_link import start_link
from shared_lib.i18n import t
from shared_lib.models import Button, OutboxMessage


def cmd_start(ctx: CommandContext) -> list[OutboxMessage]:
    name = ctx.user.first_name or ctx.message.chat.first_name or ""
    url = start_link(ctx.app, ctx.user.user_id, ctx.user.chat_id, ctx.user.lang)
    button = Button(text=t(ctx.user.lang, "button.connect"), url=url)
    return [ctx.reply(t(ctx.user.lang, "welcome", name=name), [[button]])]


def cmd_help(ctx: CommandContext) -> list[OutboxMessage]:
    return [ctx.reply(t(ctx.user.lang, "help"))]


COMMANDS: dict[str, Command] = {"/start": cmd_start, "/help": cmd_help}
