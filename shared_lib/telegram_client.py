"""Sending to Telegram through python-telegram-bot's ``Bot`` (base URL configurable)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared_lib import aio
from shared_lib.models import OutboxMessage

if TYPE_CHECKING:
    from telegram import Bot, InlineKeyboardMarkup


@dataclass(frozen=True)
class Upload:
    """A file for ``sendDocument``, held in memory for the one send."""

    filename: str
    data: bytes
    seconds: float = 40.0  # the whole send; past it, telegram.error.TimedOut (retryable)


def _markup(message: OutboxMessage) -> InlineKeyboardMarkup | None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    b.text,
                    url=b.url,
                    callback_data=b.callback_data,
                    web_app=WebAppInfo(b.web_app) if b.web_app else None,
                )
                for b in row
            ]
            for row in message.buttons
        ]
    )


class TelegramClient:
    """Carries out outbox messages. Telegram's errors propagate as ``telegram.error`` types."""

    def __init__(self, token: str, base_url: str) -> None:
        self._token = token
        self._base_url = base_url
        self._bot: Bot | None = None

    def _get_bot(self) -> Bot:
        if self._bot is None:
            from telegram import Bot
            from telegram.request import HTTPXRequest

            self._bot = Bot(
                self._token,
                base_url=self._base_url,
                request=HTTPXRequest(connection_pool_size=16, read_timeout=15),
            )
        return self._bot

    async def _execute(self, message: OutboxMessage, upload: Upload | None) -> int | None:
        bot = self._get_bot()
        if message.method == "answer_callback":
            await bot.answer_callback_query(
                message.callback_query_id or "",
                text=message.text or None,
                show_alert=message.show_alert or None,
            )
            return None
        if message.method == "edit":
            result = await bot.edit_message_text(
                message.text,
                chat_id=message.chat_id,
                message_id=message.message_id,
                parse_mode="HTML",
                reply_markup=_markup(message),
                disable_web_page_preview=message.disable_preview,
            )
            return result.message_id if hasattr(result, "message_id") else message.message_id
        if message.method == "document":
            if upload is None:
                raise ValueError("a document message needs its upload")
            from telegram import InputFile
            from telegram.error import TimedOut

            send = bot.send_document(
                message.chat_id,
                InputFile(upload.data, filename=upload.filename),
                caption=message.text or None,
                parse_mode="HTML",
                reply_markup=_markup(message),
                read_timeout=upload.seconds,
                write_timeout=upload.seconds,
            )
            try:  # httpx's timeouts bound each read and write, not the whole upload
                sent = await asyncio.wait_for(send, upload.seconds)
            except TimeoutError:
                raise TimedOut(f"sendDocument took over {upload.seconds:g} s") from None
            return sent.message_id
        texts = [message.text, *message.parts]
        first: int | None = None
        for n, text in enumerate(texts):
            last = n == len(texts) - 1
            sent = await bot.send_message(
                message.chat_id,
                text,
                parse_mode="HTML",
                reply_markup=_markup(message) if last else None,
                disable_web_page_preview=message.disable_preview,
            )
            first = sent.message_id if first is None else first
        return first

    def execute(self, message: OutboxMessage, upload: Upload | None = None) -> int | None:
        """Send/edit/answer/upload; returns Telegram's message id where there is one."""
        return aio.run(self._execute(message, upload))
