"""Bot commands: each takes the parsed update and returns the replies to put in the outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update

from shared_lib.app import App
from shared_lib.connect_link import start_link
from shared_lib.i18n import t
from shared_lib.models import Button, OutboxMessage, User, lang_from_telegram


@dataclass(frozen=True)
class CommandContext:
    app: App
    update: Update
    message: Message
    user: User
    command: str
    args: str

    def reply(
        self, text: str, buttons: list[list[Button]] | None = None, n: int = 0
    ) -> OutboxMessage:
        return OutboxMessage(
            key=f"reply:{self.update.update_id}:{n}",
            chat_id=self.message.chat_id,
            text=text,
            buttons=buttons or [],
        )


Command = Callable[[CommandContext], list[OutboxMessage]]


def split_command(message: Message) -> tuple[str, str] | None:
    """``("/start", "rest")`` for a message that begins with a bot command, else None."""
    for entity, text in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            command = text.split("@", 1)[0].lower()
            return command, (message.text or "")[entity.length :].strip()
    return None


def cmd_start(ctx: CommandContext) -> list[OutboxMessage]:
    name = ctx.user.first_name or ctx.message.chat.first_name or ""
    url = start_link(ctx.app, ctx.user.user_id, ctx.user.chat_id, ctx.user.lang)
    button = Button(text=t(ctx.user.lang, "button.connect"), url=url)
    return [ctx.reply(t(ctx.user.lang, "welcome", name=name), [[button]])]


def cmd_help(ctx: CommandContext) -> list[OutboxMessage]:
    return [ctx.reply(t(ctx.user.lang, "help"))]


COMMANDS: dict[str, Command] = {"/start": cmd_start, "/help": cmd_help}


def user_from_update(update: Update) -> User | None:
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None or tg_user.is_bot:
        return None
    return User(
        user_id=tg_user.id,
        chat_id=chat.id,
        lang=lang_from_telegram(tg_user.language_code),
        first_name=tg_user.first_name or "",
    )
