"""Texts of the reader: the 📖 Read button's answers and the letter viewer (a Mini App).

Keys ``viewer.*`` are plain text (the viewer page sets them as text); the others are Telegram
HTML with escaped placeholders.
"""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "reader.button.read": {"en": "📖 Read", "ru": "📖 Читать"},
    "reader.button.show_quoted": {"en": "Show quoted part", "ru": "Показать цитату"},
    "reader.button.hide_quoted": {"en": "Hide quoted part", "ru": "Скрыть цитату"},
    "reader.button.viewer": {"en": "Continue in the viewer", "ru": "Читать дальше в просмотре"},
    "reader.button.open_viewer": {"en": "Open in the viewer", "ru": "Открыть в просмотре"},
    "reader.button.gmail": {"en": "Open in Gmail", "ru": "Открыть в Gmail"},
    "reader.button.attachment": {"en": "📎 {name} ({size})", "ru": "📎 {name} ({size})"},
    "reader.fetching": {"en": "Fetching the letter from Gmail…", "ru": "Загружаю письмо из Gmail…"},
    "reader.from": {"en": "From: {sender}", "ru": "От: {sender}"},
    "reader.empty": {
        "en": "The letter has no text of its own.",
        "ru": "В письме нет собственного текста.",
    },
    "reader.quoted": {
        "en": "Quoted part, signature and footer:",
        "ru": "Цитата, подпись и подвал:",
    },
    "reader.no_quoted": {"en": "Nothing was left out.", "ru": "Ничего не было скрыто."},
    "reader.cut": {
        "en": "The letter goes on: the rest is in the viewer.",
        "ru": "Письмо длиннее: продолжение в просмотре.",
    },
    "reader.cut_no_viewer": {
        "en": "The letter goes on: the rest is in Gmail.",
        "ru": "Письмо длиннее: продолжение в Gmail.",
    },
    "reader.attachments": {"en": "📎 Attachments:", "ru": "📎 Вложения:"},
    "reader.problem.gone": {
        "en": "This letter is no longer kept by Telemail.",
        "ru": "Это письмо больше не хранится в Telemail.",
    },
    "reader.problem.deleted": {
        "en": "This letter is no longer in Gmail: it was deleted.",
        "ru": "Этого письма больше нет в Gmail: оно удалено.",
    },
    "reader.problem.revoked": {
        "en": "Telemail has lost access to this mailbox, so the letter cannot be read. "
        "Reconnect it: /start.",
        "ru": "Telemail потерял доступ к этому ящику, письмо не прочитать. "
        "Подключите его снова: /start.",
    },
    "reader.problem.unavailable": {
        "en": "Gmail did not answer. Try again in a minute.",
        "ru": "Gmail не ответил. Попробуйте через минуту.",
    },
    "reader.attachment.sending": {"en": "Sending the file…", "ru": "Отправляю файл…"},
    "reader.attachment.gone": {
        "en": "This attachment is no longer in the letter.",
        "ru": "Этого вложения больше нет в письме.",
    },
    "reader.attachment.too_large": {
        "en": "{name} is {size}: more than Telemail sends into the chat ({limit}). "
        "Open it in Gmail: {url}",
        "ru": "{name} — {size}: больше, чем Telemail присылает в чат ({limit}). "
        "Откройте в Gmail: {url}",
    },
    "viewer.title": {"en": "Letter", "ru": "Письмо"},
    "viewer.from": {"en": "From", "ru": "От"},
    "viewer.to": {"en": "To", "ru": "Кому"},
    "viewer.cc": {"en": "Cc", "ru": "Копия"},
    "viewer.date": {"en": "Date", "ru": "Дата"},
    "viewer.analysis": {"en": "What Telemail found", "ru": "Что нашёл Telemail"},
    "viewer.evidence": {"en": "because", "ru": "потому что"},
    "viewer.attachments": {"en": "Attachments", "ru": "Вложения"},
    "viewer.send_to_chat": {"en": "Send to the chat", "ru": "Прислать в чат"},
    "viewer.sent_to_chat": {"en": "Sent to the chat", "ru": "Отправлено в чат"},
    "viewer.images_blocked": {
        "en": "Remote images are blocked ({count}).",
        "ru": "Картинки из сети заблокированы ({count}).",
    },
    "viewer.trackers_blocked": {
        "en": "Tracking pixels blocked: {count}.",
        "ru": "Заблокировано пикселей слежения: {count}.",
    },
    "viewer.load_images": {"en": "Load images", "ru": "Загрузить картинки"},
    "viewer.always_images": {
        "en": "Always for this sender",
        "ru": "Всегда от этого отправителя",
    },
    "viewer.load_trackers": {
        "en": "Load tracking pixels too",
        "ru": "Загрузить и пиксели слежения",
    },
    "viewer.plain_only": {"en": "This letter has no HTML part.", "ru": "В письме нет HTML-части."},
    "viewer.open_gmail": {"en": "Open in Gmail", "ru": "Открыть в Gmail"},
    "viewer.loading": {"en": "Fetching the letter from Gmail…", "ru": "Загружаю письмо из Gmail…"},
    "viewer.error.unauthorized": {
        "en": "Telegram did not confirm who you are. Open this page from the bot again.",
        "ru": "Telegram не подтвердил, кто вы. Откройте страницу из бота ещё раз.",
    },
    "viewer.error.network": {
        "en": "Telemail cannot be reached. Try again.",
        "ru": "Telemail недоступен. Попробуйте ещё раз.",
    },
}
