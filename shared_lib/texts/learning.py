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
    "learning.who.domain": {"en": "from {name}", "ru": "с адресов {name}"},
    "learning.who.gmail": {"en": "in Gmail's {name} tab", "ru": "из вкладки Gmail «{name}»"},
    "learning.who.category": {"en": "in {name}", "ru": "из категории «{name}»"},
    "learning.who.contact": {"en": "from people you wrote to", "ru": "от тех, кому вы писали"},
    "learning.who.urgency": {"en": "marked “{name}”", "ru": "с пометкой «{name}»"},
}
