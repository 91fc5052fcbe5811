"""What a command or button handler gets, and what it returns: replies for the outbox."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from telegram import CallbackQuery, Message, MessageEntity, Update

from shared_lib.app import App
from shared_lib.i18n import t
from shared_lib.models import Button, OutboxMessage, User, lang_from_telegram

MAX_TOAST = 200  # Telegram's limit for a callback answer


@dataclass(frozen=True)
class CommandContext:
    """A command such as ``/tag work report, invoice``: ``command="/tag"``, ``args="work …"``."""

    app: App
    update: Update
    message: Message
    user: User
    command: str
    args: str

    def reply(
        self, text: str, buttons: list[list[Button]] | None = None, n: int = 0
    ) -> OutboxMessage:
        """A reply in this chat; ``n`` numbers several replies to one update."""
        return OutboxMessage(
            key=f"reply:{self.update.update_id}:{n}",
            chat_id=self.message.chat_id,
            text=text,
            buttons=buttons or [],
        )


@dataclass(frozen=True)
class CallbackContext:
    """A pressed inline button whose ``callback_data`` is ``"<prefix>:<data>"``."""

    app: App
    update: Update
    query: CallbackQuery
    user: User
    prefix: str
    data: str

    def answer(self, text: str = "", show_alert: bool = False) -> OutboxMessage:
        """The answer Telegram expects for every pressed button: a short toast, or with
        ``show_alert`` a dialog the user dismisses (for what must not pass unseen: the button
        could not do what it says)."""
        return OutboxMessage(
            key=f"answer:{self.update.update_id}",
            chat_id=self.user.chat_id,
            text=text,
            method="answer_callback",
            callback_query_id=self.query.id,
            show_alert=show_alert,
        )

    def notice(self, text: str, alert: bool = False) -> OutboxMessage:
        """``answer`` with a text from ``t``: plain text (its escaping undone), at most
        ``MAX_TOAST`` characters. ``alert``: a dialog (the button could not do what it says)."""
        text = html.unescape(text)
        return self.answer(text if len(text) <= MAX_TOAST else text[: MAX_TOAST - 1] + "…", alert)

    def toast(self, key: str, alert: bool = False, **values: str) -> OutboxMessage:
        """``notice`` of the text ``key`` in the user's language."""
        return self.notice(t(self.user.lang, key, **values), alert)

    def send(self, text: str, buttons: list[list[Button]] | None = None) -> OutboxMessage:
        return OutboxMessage(
            key=f"reply:{self.update.update_id}:0",
            chat_id=self.user.chat_id,
            text=text,
            buttons=buttons or [],
        )

    def edit(self, text: str, buttons: list[list[Button]] | None = None) -> OutboxMessage:
        """The pressed message's text and buttons replaced (none unless given); a new message
        when Telegram did not say which message it was."""
        message = self.query.message
        if message is None:
            return self.send(text, buttons)
        return OutboxMessage(
            key=f"reply:{self.update.update_id}:0",
            chat_id=message.chat.id,
            text=text,
            buttons=buttons or [],
            method="edit",
            message_id=message.message_id,
        )


Command = Callable[[CommandContext], list[OutboxMessage]]
ButtonHandler = Callable[[CallbackContext], list[OutboxMessage]]


def split_command(message: Message) -> tuple[str, str] | None:
    """``("/start", "rest")`` for a message that begins with a bot command, else None."""
    for entity, text in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            command = text.split("@", 1)[0].lower()
            return command, (message.text or "")[entity.length :].strip()
    return None


def user_from_update(update: Update) -> User | None:
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or tg_user.is_bot:
        return None
    chat_id = chat.id if chat is not None else tg_user.id
    return User(
        user_id=tg_user.id,
        chat_id=chat_id,
        lang=lang_from_telegram(tg_user.language_code),
        first_name=tg_user.first_name or "",
    )
