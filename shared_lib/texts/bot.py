"""Texts of the bot's conversation and the connect flow."""

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
}
