"""User-facing texts in Russian and English. Placeholders are filled with escaped values."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "welcome": {
        "en": (
            "Hello, {name}! I am <b>Telemail</b>: I tell you here the moment a letter that "
            "matters reaches your mailbox — who wrote, whether an answer is awaited "
            "and by when.\n\n"
            "Connect your Gmail to begin."
        ),
        "ru": (
            "Здравствуйте, {name}! Я <b>Telemail</b>: сообщаю сюда, как только в ваш ящик приходит "
            "важное письмо — кто написал, ждут ли ответа и к какому сроку.\n\n"
            "Подключите Gmail, чтобы начать."
        ),
    },
    "button.connect": {"en": "Connect Gmail", "ru": "Подключить Gmail"},
    "help": {
        "en": (
            "<b>Commands</b>\n"
            "/start — connect a Gmail mailbox\n"
            "/help — this help\n\n"
            "I read your mail only to tell you about it; letters are never stored in full."
        ),
        "ru": (
            "<b>Команды</b>\n"
            "/start — подключить ящик Gmail\n"
            "/help — эта справка\n\n"
            "Я читаю почту только чтобы рассказать о ней; письма целиком не хранятся."
        ),
    },
    "unknown_command": {
        "en": "I don't know the command {command}. See /help.",
        "ru": "Я не знаю команду {command}. Список команд: /help.",
    },
    "not_a_command": {
        "en": "I understand commands only. See /help.",
        "ru": "Я понимаю только команды. Список: /help.",
    },
    "connected": {
        "en": "✅ Connected: {name} &lt;{email}&gt;\nI will tell you about new letters here.",
        "ru": "✅ Подключено: {name} &lt;{email}&gt;\nО новых письмах буду сообщать сюда.",
    },
    "connected_moved": {
        "en": "This mailbox was connected to another Telegram account; it is now connected here.",
        "ru": "Этот ящик был подключён к другому аккаунту Telegram; теперь он подключён здесь.",
    },
    "oauth.done": {
        "en": "Gmail is connected. You can return to Telegram.",
        "ru": "Gmail подключён. Можно вернуться в Telegram.",
    },
    "oauth.failed": {
        "en": "The connection did not complete: {reason}. Start again with /start in Telegram.",
        "ru": "Подключение не удалось: {reason}. Начните заново командой /start в Telegram.",
    },
    "urgency.urgent": {"en": "Urgent", "ru": "Срочно"},
    "urgency.normal": {"en": "New letter", "ru": "Новое письмо"},
    "urgency.low": {"en": "Low priority", "ru": "Неважное"},
    "category.work": {"en": "Work", "ru": "Работа"},
    "category.personal": {"en": "Personal", "ru": "Личное"},
    "category.finance": {"en": "Finance", "ru": "Финансы"},
    "category.travel": {"en": "Travel", "ru": "Поездки"},
    "category.shopping": {"en": "Shopping", "ru": "Покупки"},
    "category.promotions": {"en": "Promotions", "ru": "Акции"},
    "category.social": {"en": "Social", "ru": "Соцсети"},
    "category.notifications": {"en": "Notifications", "ru": "Уведомления"},
    "category.security": {"en": "Security", "ru": "Безопасность"},
    "category.newsletters": {"en": "Newsletters", "ru": "Рассылки"},
    "sender.automated": {"en": "automated", "ru": "автоматическое"},
    "sender.mailing_list": {"en": "mailing list", "ru": "рассылка"},
    "mail.from": {"en": "From", "ru": "От"},
    "mail.no_subject": {"en": "(no subject)", "ru": "(без темы)"},
    "mail.reply_by": {"en": "Reply by {when}", "ru": "Ответить до {when}"},
    "mail.act_by": {"en": "Due {when}", "ru": "Срок: {when}"},
    "mail.reply_expected": {"en": "Awaiting your reply", "ru": "Ждут вашего ответа"},
    "mail.attachments": {"en": "Attachments: {names}", "ru": "Вложения: {names}"},
    "mail.unreadable": {
        "en": "Part of this letter could not be read: {what}",
        "ru": "Часть письма не удалось прочитать: {what}",
    },
    "button.open_gmail": {"en": "Open in Gmail", "ru": "Открыть в Gmail"},
    "button.mute_sender": {"en": "Mute sender", "ru": "Не уведомлять об отправителе"},
    "button.reconnect": {"en": "Reconnect Gmail", "ru": "Переподключить Gmail"},
    "revoked": {
        "en": (
            "⚠️ Telemail lost access to {email} (the permission was revoked or has expired). "
            "I will not report new letters from it until you reconnect."
        ),
        "ru": (
            "⚠️ Telemail потерял доступ к {email} (разрешение отозвано или истекло). "
            "О новых письмах из этого ящика сообщать не смогу, пока вы его не переподключите."
        ),
    },
    "callback.unknown": {
        "en": "This button is no longer active.",
        "ru": "Эта кнопка больше не работает.",
    },
}

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


def format_when(moment: datetime, with_time: bool, lang: Lang) -> str:
    """ "Fri 15 Dec 18:00" / "пт 15 дек 18:00" (the time only when it is meant)."""
    text = f"{WEEKDAYS[lang][moment.weekday()]} {moment.day} {MONTHS[lang][moment.month - 1]}"
    return f"{text} {moment:%H:%M}" if with_time else text


def t(lang: Lang, key: str, **values: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing), with HTML-escaped ``values``."""
    variants = TEXTS[key]
    template = variants.get(lang) or variants["en"]
    return template.format(**{k: escape(str(v), quote=False) for k, v in values.items()})
