"""The core commands: /start and /help.

/start greets a new user with the "Connect Gmail" button; a user with a mailbox already
connected gets their mailboxes and what to do next instead. Until the user has chosen a time
zone (``timezone_offer.needs_timezone``), the same message also asks for it, with a few zones
as buttons (``timezone_offer``): one message, so the "Connect Gmail" button stays the first
thing seen.
"""

from __future__ import annotations

from shared_lib.bot.context import Command, CommandContext
from shared_lib.bot.settings_commands import _account_line
from shared_lib.bot.timezone_offer import needs_timezone, timezone_offer
from shared_lib.connect_link import start_link
from shared_lib.i18n import t
from shared_lib.models import Button, OutboxMessage


def cmd_start(ctx: CommandContext) -> list[OutboxMessage]:
    user, lang = ctx.user, ctx.user.lang
    name = user.first_name or ctx.message.chat.first_name or ""
    url = start_link(ctx.app, user.user_id, user.chat_id, lang)
    accounts = ctx.app.store.list_accounts(user.user_id)
    if not accounts:
        text = t(lang, "welcome", name=name)
        buttons = [[Button(text=t(lang, "button.connect"), url=url)]]
    else:
        lines = [t(lang, "welcome.back", name=name), ""]
        lines += [_account_line(lang, account) for account in accounts]
        lost = any(account.status != "active" for account in accounts)
        lines += ["", t(lang, "welcome.next")]
        if lost:
            lines += ["", t(lang, "welcome.reconnect")]
        buttons = []
        page = ctx.app.settings.settings_page_url
        if page:
            label = t(lang, "settings.button.settings_page")
            buttons.append([Button(text=label, web_app=page)])
        key = "button.reconnect" if lost else "button.connect_another"
        buttons.append([Button(text=t(lang, key), url=url)])
        text = "\n".join(lines)
    if needs_timezone(user):
        question, zones = timezone_offer(lang)
        text, buttons = f"{text}\n\n{question}", [*buttons, *zones]
    return [ctx.reply(text, buttons)]


def cmd_help(ctx: CommandContext) -> list[OutboxMessage]:
    return [ctx.reply(t(ctx.user.lang, "help"))]


COMMANDS: dict[str, Command] = {"/start": cmd_start, "/help": cmd_help}
