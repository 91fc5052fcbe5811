"""Texts of what learning changed about a letter, and why (the notification's 💡 line)."""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "learning.effect.urgent": {"en": "Marked urgent", "ru": "Отмечено как срочное"},
    "learning.effect.normal": {"en": "Raised from low priority", "ru": "Поднято из неважных"},
    "learning.effect.low": {"en": "Low priority", "ru": "Отмечено как неважное"},
    "learning.effect.digest": {"en": "Sent to the digest", "ru": "Отправлено в дайджест"},
    "learning.why.reply_fast": {
        "en": "you usually answer letters {who} within an hour",
        "ru": "вы обычно отвечаете на письма {who} в течение часа",
    },
    "learning.why.replied": {
        "en": "you answered {k} {letters} {who}",
        "ru": "вы ответили на {k} {letters} {who}",
    },
    "learning.why.marked_important": {
        "en": "you marked {k} of {n} {letters} {who} important",
        "ru": "вы отметили важными {k} из {n} {letters} {who}",
    },
    "learning.why.marked_not_important": {
        "en": "you marked {k} of {n} {letters} {who} not important",
        "ru": "вы отметили неважными {k} из {n} {letters} {who}",
    },
    "learning.why.read_soon": {
        "en": "you read {k} of {n} {letters} {who} soon after they arrived",
        "ru": "вы прочли {k} из {n} {letters} {who} вскоре после прихода",
    },
    "learning.why.unread": {
        "en": "you have left {k} of {n} {letters} {who} unread",
        "ru": "вы оставили непрочитанными {k} из {n} {letters} {who}",
    },
    "learning.who.sender": {"en": "from {name}", "ru": "от {name}"},
    "learning.who.list": {"en": "from this list", "ru": "этой рассылки"},
    "learning.who.list_named": {"en": "from the list {name}", "ru": "рассылки {name}"},
    "learning.who.domain": {"en": "from {name}", "ru": "с адресов {name}"},
    "learning.who.gmail": {"en": "in Gmail's {name} tab", "ru": "из вкладки Gmail «{name}»"},
    "learning.who.category": {"en": "in {name}", "ru": "из категории «{name}»"},
    "learning.who.contact": {"en": "from people you wrote to", "ru": "от тех, кому вы писали"},
    "learning.who.urgency": {"en": "marked “{name}”", "ru": "с пометкой «{name}»"},
    "learning.list.head": {
        "en": "<b>What I have learned</b> (it counts only where your own settings do not decide)",
        "ru": "<b>Чему я научился</b> (это действует только там, где не решают ваши настройки)",
    },
    "learning.list.important": {"en": "⭐ Important: {reason}", "ru": "⭐ Важно: {reason}"},
    "learning.list.unimportant": {"en": "💤 Not important: {reason}", "ru": "💤 Неважно: {reason}"},
    "learning.list.more": {"en": "…and {n} more.", "ru": "…и ещё {n}."},
    "learning.list.reset_hint": {
        "en": "/learned reset — forget all of it",
        "ru": "/learned reset — забыть всё это",
    },
    "learning.list.empty": {
        "en": (
            "I have not learned anything yet. I learn from ⭐ Important / Not important and Mute "
            "sender under notifications, from your replies in Gmail, from letters you read "
            "soon or archive unread and, more weakly, from letters you leave unread for days; "
            "I act after at least 5 consistent signals about a sender, list or category."
        ),
        "ru": (
            "Пока я ничему не научился. Я учусь на кнопках ⭐ Важное / Неважное и "
            "«Не уведомлять об отправителе» под уведомлениями, на ваших ответах в Gmail, "
            "на письмах, которые вы быстро читаете или архивируете непрочитанными, и, "
            "слабее, на письмах, которые вы днями оставляете непрочитанными; "
            "действую после не менее 5 согласных сигналов об отправителе, рассылке или "
            "категории."
        ),
    },
    "learning.reset.done": {
        "en": "Forgotten. I will judge your letters as for a new user until I learn again.",
        "ru": (
            "Забыл. Буду судить о ваших письмах как для нового пользователя, пока не научусь снова."
        ),
    },
    "learning.usage": {
        "en": "/learned shows what I have learned about your mail; /learned reset forgets it.",
        "ru": "/learned показывает, чему я научился о вашей почте; /learned reset — забыть это.",
    },
}
