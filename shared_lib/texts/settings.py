"""Texts of the settings commands (/settings, /tag, /quiet…) and of the notification buttons."""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # usage ------------------------------------------------------------------------------
    "settings.usage.no_args": {
        "en": "{command} takes no arguments.",
        "ru": "Команде {command} не нужны аргументы.",
    },
    "settings.usage.tag": {
        "en": (
            "Usage: /tag name keyword, keyword…\n"
            "Keywords and phrases are separated by commas, e.g.\n"
            "<code>/tag project-x Project X, PRJ-X, quarterly report</code>"
        ),
        "ru": (
            "Формат: /tag имя слово, слово…\n"
            "Слова и фразы разделяются запятыми, например:\n"
            "<code>/tag проект-х Проект Х, PRJ-X, квартальный отчёт</code>"
        ),
    },
    "settings.usage.untag": {
        "en": "Usage: /untag name, e.g. <code>/untag project-x</code>",
        "ru": "Формат: /untag имя, например <code>/untag проект-х</code>",
    },
    "settings.usage.vip": {
        "en": "Usage: /vip address-or-domain…, e.g. <code>/vip anna@corp.com boss.com</code>",
        "ru": "Формат: /vip адрес-или-домен…, например <code>/vip anna@corp.com boss.com</code>",
    },
    "settings.usage.unvip": {
        "en": "Usage: /unvip address-or-domain…, e.g. <code>/unvip boss.com</code>",
        "ru": "Формат: /unvip адрес-или-домен…, например <code>/unvip boss.com</code>",
    },
    "settings.usage.category": {
        "en": (
            "Usage: /category list-name address-or-domain…, e.g. "
            "<code>/category colleagues corp.com anna@partner.org</code>"
        ),
        "ru": (
            "Формат: /category имя-списка адрес-или-домен…, например "
            "<code>/category коллеги corp.com anna@partner.org</code>"
        ),
    },
    "settings.usage.uncategory": {
        "en": (
            "Usage: /uncategory list-name [address-or-domain…]. "
            "Without addresses the whole list is removed."
        ),
        "ru": (
            "Формат: /uncategory имя-списка [адрес-или-домен…]. Без адресов удаляется весь список."
        ),
    },
    "settings.usage.mute": {
        "en": "Usage: /mute address-or-domain…, e.g. <code>/mute news@shop.com</code>",
        "ru": "Формат: /mute адрес-или-домен…, например <code>/mute news@shop.com</code>",
    },
    "settings.usage.unmute": {
        "en": "Usage: /unmute address-or-domain…, e.g. <code>/unmute news@shop.com</code>",
        "ru": "Формат: /unmute адрес-или-домен…, например <code>/unmute news@shop.com</code>",
    },
    "settings.usage.quiet": {
        "en": (
            "Usage: /quiet 23:00-08:00 or /quiet off.\n"
            "Urgent letters come through quiet hours; add <code>strict</code> to hold them too: "
            "<code>/quiet 23:00-08:00 strict</code>"
        ),
        "ru": (
            "Формат: /quiet 23:00-08:00 или /quiet off.\n"
            "Срочные письма приходят и в тихие часы; чтобы задерживать и их, добавьте "
            "<code>strict</code>: <code>/quiet 23:00-08:00 strict</code>"
        ),
    },
    "settings.usage.tz": {
        "en": "Usage: /tz Area/City, e.g. <code>/tz Europe/Moscow</code> or <code>/tz UTC</code>",
        "ru": "Формат: /tz Регион/Город, например <code>/tz Europe/Moscow</code> или "
        "<code>/tz UTC</code>",
    },
    "settings.usage.lang": {
        "en": "Usage: /lang ru or /lang en",
        "ru": "Формат: /lang ru или /lang en",
    },
    "settings.usage.digest": {
        "en": (
            "Usage: /digest hourly, /digest daily HH:MM (e.g. <code>/digest daily 09:00</code>) "
            "or /digest off"
        ),
        "ru": (
            "Формат: /digest hourly, /digest daily ЧЧ:ММ (например "
            "<code>/digest daily 09:00</code>) или /digest off"
        ),
    },
    "settings.usage.mode": {
        "en": (
            "Usage: /mode target instant|digest|mute\n"
            "The target is a category ({categories}), a #hashtag or a sender list, e.g. "
            "<code>/mode promotions digest</code>, <code>/mode #project-x instant</code>.\n"
            "Which rule wins: muted senders, then sender lists (VIP first), then hashtags, "
            "then the category."
        ),
        "ru": (
            "Формат: /mode цель instant|digest|mute\n"
            "Цель — категория ({categories}), #хэштег или список отправителей, например "
            "<code>/mode promotions digest</code>, <code>/mode #проект-х instant</code>.\n"
            "Что главнее: заглушённые отправители, затем списки отправителей (сначала VIP), "
            "затем хэштеги, затем категория."
        ),
    },
    "settings.usage.disconnect": {
        "en": "Usage: /disconnect address. Your mailboxes: {accounts}",
        "ru": "Формат: /disconnect адрес. Ваши ящики: {accounts}",
    },
    # wrong values -------------------------------------------------------------------------
    "settings.bad_tag": {
        "en": "“{name}” cannot be a hashtag: use up to 32 letters, digits, _ or -.",
        "ru": "«{name}» не годится для хэштега: до 32 букв, цифр, _ или -.",
    },
    "settings.bad_list_name": {
        "en": "“{name}” cannot be a list name: use up to 32 letters, digits, _ or -.",
        "ru": "«{name}» не годится для имени списка: до 32 букв, цифр, _ или -.",
    },
    "settings.list_is_category": {
        "en": "“{name}” is a letter category; choose another name for the list.",
        "ru": "«{name}» — это категория писем; выберите другое имя списка.",
    },
    "settings.bad_sender": {
        "en": "“{entry}” is neither an address (anna@corp.com) nor a domain (corp.com).",
        "ru": "«{entry}» — не адрес (anna@corp.com) и не домен (corp.com).",
    },
    "settings.bad_keyword": {
        "en": "“{keyword}” has no letters or digits to look for.",
        "ru": "В «{keyword}» нет ни букв, ни цифр, искать нечего.",
    },
    "settings.keyword_too_long": {
        "en": "A keyword may be at most {max} characters long.",
        "ru": "Ключевое слово может быть не длиннее {max} символов.",
    },
    "settings.too_many_hashtags": {
        "en": "You already have the maximum of {max} hashtags; remove one with /untag first.",
        "ru": "У вас уже максимум хэштегов ({max}); сначала удалите один командой /untag.",
    },
    "settings.too_many_keywords": {
        "en": "A hashtag may have at most {max} keywords.",
        "ru": "У хэштега может быть не больше {max} ключевых слов.",
    },
    "settings.too_many_lists": {
        "en": "You already have the maximum of {max} sender lists.",
        "ru": "У вас уже максимум списков отправителей ({max}).",
    },
    "settings.too_many_entries": {
        "en": "The list {name} may hold at most {max} addresses and domains.",
        "ru": "В списке {name} может быть не больше {max} адресов и доменов.",
    },
    "settings.too_many_muted": {
        "en": "You can mute at most {max} senders; unmute some with /unmute first.",
        "ru": "Заглушить можно не больше {max} отправителей; сначала уберите лишних: /unmute.",
    },
    "settings.no_such_tag": {
        "en": "There is no hashtag #{tag}. See /settings.",
        "ru": "Хэштега #{tag} нет. Смотрите /settings.",
    },
    "settings.no_such_list": {
        "en": "There is no sender list {name}. See /settings.",
        "ru": "Списка отправителей {name} нет. Смотрите /settings.",
    },
    "settings.not_in_list": {
        "en": "Not in the list {name}: {entries}. Nothing changed.",
        "ru": "В списке {name} нет: {entries}. Ничего не изменено.",
    },
    "settings.not_muted": {
        "en": "Not muted: {entries}. Nothing changed.",
        "ru": "Не заглушены: {entries}. Ничего не изменено.",
    },
    "settings.bad_time": {
        "en": "“{value}” is not a time of day; use HH:MM, e.g. 23:00.",
        "ru": "«{value}» — не время суток; нужно ЧЧ:ММ, например 23:00.",
    },
    "settings.quiet_same": {
        "en": "Quiet hours must start and end at different times.",
        "ru": "Начало и конец тихих часов должны различаться.",
    },
    "settings.bad_tz": {
        "en": (
            "“{value}” is not a known time zone; use a name such as Europe/Moscow, "
            "America/New_York or UTC."
        ),
        "ru": (
            "«{value}» — неизвестный часовой пояс; нужно имя вроде Europe/Moscow, "
            "Asia/Yekaterinburg или UTC."
        ),
    },
    "settings.bad_mode_target": {
        "en": (
            "“{target}” is neither a category ({categories}), one of your #hashtags, "
            "nor one of your sender lists."
        ),
        "ru": (
            "«{target}» — не категория ({categories}), не ваш #хэштег и не ваш список отправителей."
        ),
    },
    "settings.vip_mode": {
        "en": (
            "Letters from VIP senders are always notified at once, so a VIP list can be "
            "instant or mute only. Nothing changed."
        ),
        "ru": (
            "О письмах VIP-отправителей я всегда сообщаю сразу, поэтому у VIP-списка режим "
            "только instant или mute. Ничего не изменено."
        ),
    },
    "settings.no_accounts": {
        "en": "No mailbox is connected. Connect one with /start.",
        "ru": "Ни один ящик не подключён. Подключить: /start.",
    },
    "settings.no_such_account": {
        "en": "{email} is not connected here. Your mailboxes: {accounts}",
        "ru": "Ящик {email} здесь не подключён. Ваши ящики: {accounts}",
    },
    # done ---------------------------------------------------------------------------------
    "settings.tag_set": {"en": "✅ #{tag}: {keywords}", "ru": "✅ #{tag}: {keywords}"},
    "settings.tag_removed": {
        "en": "✅ Hashtag #{tag} removed.",
        "ru": "✅ Хэштег #{tag} удалён.",
    },
    "settings.list_added": {
        "en": "✅ Added to {name}: {entries}",
        "ru": "✅ Добавлено в {name}: {entries}",
    },
    "settings.list_entries_removed": {
        "en": "✅ Removed from {name}: {entries}",
        "ru": "✅ Убрано из {name}: {entries}",
    },
    "settings.list_removed": {
        "en": "✅ Sender list {name} removed.",
        "ru": "✅ Список отправителей {name} удалён.",
    },
    "settings.muted": {
        "en": "🔕 Muted: {entries}. I will not tell you about their letters.",
        "ru": "🔕 Заглушены: {entries}. Об их письмах сообщать не буду.",
    },
    "settings.unmuted": {
        "en": "🔔 Unmuted: {entries}.",
        "ru": "🔔 Снова сообщаю о письмах от: {entries}.",
    },
    "settings.quiet_set": {
        "en": "🌙 Quiet hours {start}–{end} ({zone}); urgent letters come through.",
        "ru": "🌙 Тихие часы {start}–{end} ({zone}); срочные письма приходят.",
    },
    "settings.quiet_set_strict": {
        "en": "🌙 Quiet hours {start}–{end} ({zone}); every letter waits until they end.",
        "ru": "🌙 Тихие часы {start}–{end} ({zone}); все письма ждут их окончания.",
    },
    "settings.quiet_off": {"en": "Quiet hours are off.", "ru": "Тихие часы выключены."},
    "settings.tz_set": {
        "en": "🕑 Time zone: {zone} (it is {time} there now).",
        "ru": "🕑 Часовой пояс: {zone} (там сейчас {time}).",
    },
    "settings.lang_set": {"en": "Language: English.", "ru": "Язык: русский."},
    "settings.digest_hourly": {"en": "Digest: every hour.", "ru": "Сводка: каждый час."},
    "settings.digest_daily": {
        "en": "Digest: daily at {at}.",
        "ru": "Сводка: ежедневно в {at}.",
    },
    "settings.digest_off": {"en": "Digest: off.", "ru": "Сводка: выключена."},
    "settings.mode_set": {"en": "✅ {target}: {mode}", "ru": "✅ {target}: {mode}"},
    "settings.disconnected": {
        "en": "✅ {email} is disconnected and its letters are forgotten.",
        "ru": "✅ Ящик {email} отключён, его письма забыты.",
    },
    "settings.revoked": {
        "en": "Telemail's access to {email} is revoked at Google.",
        "ru": "Доступ Telemail к {email} отозван в Google.",
    },
    "settings.not_revoked": {
        "en": (
            "⚠️ Google did not confirm that access to {email} is revoked; you can remove "
            "Telemail at https://myaccount.google.com/permissions"
        ),
        "ru": (
            "⚠️ Google не подтвердил отзыв доступа к {email}; удалить Telemail можно на "
            "https://myaccount.google.com/permissions"
        ),
    },
    # /delete_me -------------------------------------------------------------------------
    "settings.delete_confirm": {
        "en": (
            "⚠️ This deletes everything Telemail keeps about you: connected mailboxes "
            "(their access is revoked), letters, rules and settings. It cannot be undone."
        ),
        "ru": (
            "⚠️ Будет удалено всё, что Telemail хранит о вас: подключённые ящики (доступ к ним "
            "отзывается), письма, правила и настройки. Отменить это нельзя."
        ),
    },
    "settings.button.delete_confirm": {"en": "Yes, delete everything", "ru": "Да, удалить всё"},
    "settings.button.cancel": {"en": "Cancel", "ru": "Отмена"},
    "settings.deleted": {
        "en": "🗑 Everything is deleted. If you write to me again, I start from scratch.",
        "ru": "🗑 Всё удалено. Если напишете снова, начнём с чистого листа.",
    },
    "settings.delete_cancelled": {
        "en": "Cancelled; nothing was deleted.",
        "ru": "Отменено; ничего не удалено.",
    },
    "settings.delete_expired": {
        "en": "This confirmation has expired; send /delete_me again.",
        "ru": "Это подтверждение устарело; отправьте /delete_me ещё раз.",
    },
    # /settings and /accounts ------------------------------------------------------------
    "settings.summary.title": {"en": "<b>Your settings</b>", "ru": "<b>Ваши настройки</b>"},
    "settings.summary.prefs": {
        "en": "Language: {language} · Time zone: {zone}",
        "ru": "Язык: {language} · Часовой пояс: {zone}",
    },
    "settings.lang_name.en": {"en": "English", "ru": "английский"},
    "settings.lang_name.ru": {"en": "Russian", "ru": "русский"},
    "settings.summary.quiet": {
        "en": "Quiet hours: {start}–{end}, urgent letters come through",
        "ru": "Тихие часы: {start}–{end}, срочные письма приходят",
    },
    "settings.summary.quiet_strict": {
        "en": "Quiet hours: {start}–{end}, every letter waits",
        "ru": "Тихие часы: {start}–{end}, все письма ждут",
    },
    "settings.summary.quiet_off": {"en": "Quiet hours: off", "ru": "Тихие часы: выключены"},
    "settings.summary.hashtags": {"en": "<b>Hashtags</b>", "ru": "<b>Хэштеги</b>"},
    "settings.summary.hashtag": {
        "en": "#{tag} · {mode}: {keywords}",
        "ru": "#{tag} · {mode}: {keywords}",
    },
    "settings.summary.no_hashtags": {
        "en": "none yet — add one with /tag",
        "ru": "пока нет — добавьте командой /tag",
    },
    "settings.summary.lists": {"en": "<b>Sender lists</b>", "ru": "<b>Списки отправителей</b>"},
    "settings.summary.list": {
        "en": "{name} · {mode}: {entries}",
        "ru": "{name} · {mode}: {entries}",
    },
    "settings.summary.no_lists": {
        "en": "none yet — add with /vip or /category",
        "ru": "пока нет — добавьте командой /vip или /category",
    },
    "settings.summary.categories": {"en": "<b>Categories</b>", "ru": "<b>Категории</b>"},
    "settings.summary.category_default": {
        "en": "every category: {mode}",
        "ru": "все категории: {mode}",
    },
    "settings.summary.muted": {
        "en": "<b>Muted senders</b>",
        "ru": "<b>Заглушённые отправители</b>",
    },
    "settings.summary.none": {"en": "none", "ru": "нет"},
    "settings.summary.more": {"en": "… and {count} more", "ru": "… и ещё {count}"},
    "settings.summary.accounts": {"en": "<b>Mailboxes</b>", "ru": "<b>Ящики</b>"},
    "settings.summary.cut": {
        "en": "… (the rest is on the settings page)",
        "ru": "… (остальное — на странице настроек)",
    },
    "settings.button.settings_page": {
        "en": "Open settings page",
        "ru": "Открыть страницу настроек",
    },
    "settings.mode.instant": {"en": "instant", "ru": "сразу"},
    "settings.mode.digest": {"en": "digest", "ru": "в сводку"},
    "settings.mode.mute": {"en": "mute", "ru": "без уведомлений"},
    "settings.accounts.title": {
        "en": "<b>Connected mailboxes</b>",
        "ru": "<b>Подключённые ящики</b>",
    },
    "settings.accounts.line": {
        "en": "{email} — {status}, connected {date}",
        "ru": "{email} — {status}, подключён {date}",
    },
    "settings.accounts.hint": {
        "en": "Disconnect one with /disconnect address.",
        "ru": "Отключить ящик: /disconnect адрес.",
    },
    "settings.status.active": {"en": "active", "ru": "работает"},
    "settings.status.revoked": {
        "en": "access lost, reconnect with /start",
        "ru": "доступ потерян, переподключите через /start",
    },
    "settings.status.error": {"en": "error", "ru": "ошибка"},
    # notification buttons ---------------------------------------------------------------
    "settings.button.undo": {"en": "Undo", "ru": "Отменить"},
    "settings.button.important": {"en": "⭐ Important", "ru": "⭐ Важное"},
    "settings.button.not_important": {"en": "Not important", "ru": "Неважное"},
    "settings.btn.muted_toast": {"en": "Muted {email}", "ru": "{email}: заглушён"},
    "settings.btn.muted": {
        "en": "🔕 I will not tell you about letters from {email} any more.",
        "ru": "🔕 О письмах от {email} больше не сообщаю.",
    },
    "settings.btn.unmuted_toast": {"en": "Unmuted {email}", "ru": "{email}: снова сообщаю"},
    "settings.btn.unmuted": {
        "en": "🔔 Letters from {email} are notified again.",
        "ru": "🔔 О письмах от {email} снова сообщаю.",
    },
    "settings.btn.letter_gone": {
        "en": "I no longer keep this letter.",
        "ru": "Этого письма у меня больше нет.",
    },
    "settings.btn.no_sender": {
        "en": "This letter has no sender address to mute.",
        "ru": "У письма нет адреса отправителя, заглушать нечего.",
    },
    "settings.btn.important": {
        "en": "Marked important. Thank you, I learn from this.",
        "ru": "Отмечено как важное. Спасибо, я учту.",
    },
    "settings.btn.not_important": {
        "en": "Marked not important. Thank you, I learn from this.",
        "ru": "Отмечено как неважное. Спасибо, я учту.",
    },
}
