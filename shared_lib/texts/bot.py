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
            "/settings — everything you have set\n"
            "/learned [reset] — what I have learned from what you do with letters\n"
            "/help — this help\n\n"
            "<b>What to tell you about</b>\n"
            "/tag name word, phrase… — a hashtag for letters with these words\n"
            "/untag name — remove a hashtag\n"
            "/vip address-or-domain… — always tell me at once\n"
            "/unvip address-or-domain… — remove from VIP\n"
            "/category list address-or-domain… — add senders to a named list\n"
            "/uncategory list [address-or-domain…] — remove senders, or the whole list\n"
            "/mute address-or-domain… — never tell me about these senders\n"
            "/unmute address-or-domain… — tell me again\n"
            "/mode category|#tag|list instant|digest|mute — how to tell me\n\n"
            "<b>When</b>\n"
            "/quiet 23:00-08:00 [strict] | off — quiet hours\n"
            "/tz Europe/Moscow — your time zone\n"
            "/digest hourly | daily HH:MM | off — the digest\n"
            "/lang ru | en — language\n\n"
            "<b>Letters</b>\n"
            "/history [N | today | category | #tag] — recent letters\n"
            "/pending — letters awaiting your reply\n\n"
            "<b>Mailboxes and data</b>\n"
            "/accounts — connected mailboxes\n"
            "/disconnect [address] — disconnect a mailbox and forget its letters\n"
            "/delete_me — delete everything Telemail keeps about you\n\n"
            "I read your mail only to tell you about it; letters are never stored in full."
        ),
        "ru": (
            "<b>Команды</b>\n"
            "/start — подключить ящик Gmail\n"
            "/settings — все ваши настройки\n"
            "/learned [reset] — чему я научился по тому, что вы делаете с письмами\n"
            "/help — эта справка\n\n"
            "<b>О чём сообщать</b>\n"
            "/tag имя слово, фраза… — хэштег для писем с этими словами\n"
            "/untag имя — удалить хэштег\n"
            "/vip адрес-или-домен… — о них сообщать сразу\n"
            "/unvip адрес-или-домен… — убрать из VIP\n"
            "/category список адрес-или-домен… — добавить отправителей в список\n"
            "/uncategory список [адрес-или-домен…] — убрать отправителей или весь список\n"
            "/mute адрес-или-домен… — никогда не сообщать об этих отправителях\n"
            "/unmute адрес-или-домен… — снова сообщать\n"
            "/mode категория|#хэштег|список instant|digest|mute — как сообщать\n\n"
            "<b>Когда</b>\n"
            "/quiet 23:00-08:00 [strict] | off — тихие часы\n"
            "/tz Europe/Moscow — часовой пояс\n"
            "/digest hourly | daily ЧЧ:ММ | off — сводка\n"
            "/lang ru | en — язык\n\n"
            "<b>Письма</b>\n"
            "/history [N | today | категория | #хэштег] — последние письма\n"
            "/pending — письма, которые ждут вашего ответа\n\n"
            "<b>Ящики и данные</b>\n"
            "/accounts — подключённые ящики\n"
            "/disconnect [адрес] — отключить ящик и забыть его письма\n"
            "/delete_me — удалить всё, что Telemail о вас хранит\n\n"
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
    # -- the first hour (issue #17): /start for a connected user, the time-zone offer ------
    "welcome.back": {
        "en": "Hello, {name}! Telemail is watching these mailboxes:",
        "ru": "Здравствуйте, {name}! Telemail следит за этими ящиками:",
    },
    "welcome.next": {
        "en": (
            "New letters will be announced here as they arrive; send yourself a letter to "
            "see one. Next:\n"
            "/settings — hashtags, VIP senders, quiet hours, digests (and the settings page)\n"
            "/history — the latest letters · /pending — those awaiting your answer\n"
            "/help — every command"
        ),
        "ru": (
            "О новых письмах я буду сообщать сюда, как только они придут; отправьте себе "
            "письмо, чтобы увидеть, как это выглядит. Дальше:\n"
            "/settings — хэштеги, VIP-отправители, тихие часы, сводки (и страница настроек)\n"
            "/history — последние письма · /pending — ждут вашего ответа\n"
            "/help — все команды"
        ),
    },
    "welcome.reconnect": {
        "en": "⚠️ Telemail has lost access to a mailbox: reconnect it with the button below.",
        "ru": "⚠️ Telemail потерял доступ к ящику: переподключите его кнопкой ниже.",
    },
    "button.connect_another": {"en": "Connect another Gmail", "ru": "Подключить ещё Gmail"},
    "tz.offer": {
        "en": (
            "🕑 Which time zone are you in? Until you choose, I show times in UTC "
            "(it is {time} UTC now). Pick yours, or send /tz Area/City:"
        ),
        "ru": (
            "🕑 В каком вы часовом поясе? Пока вы не выбрали, я показываю время по UTC "
            "(сейчас {time} UTC). Выберите свой или отправьте /tz Регион/Город:"
        ),
    },
    "tz.offer.utc": {"en": "UTC is right", "ru": "Мне подходит UTC"},
    "tz.offer.later": {
        "en": "Change it any time with /tz or on the settings page.",
        "ru": "Изменить можно в любой момент: /tz или страница настроек.",
    },
}
