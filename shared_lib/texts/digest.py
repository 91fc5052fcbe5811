"""Texts of digests, /history, /pending, the "done" button and Gmail watch renewal.

Counted phrases come in plural forms: ``.one`` / ``.other`` in English, ``.one`` / ``.few`` /
``.many`` in Russian (see ``shared_lib.digest.render.plural``).
"""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "digest.title": {"en": "📬 <b>Digest</b> since {since}", "ru": "📬 <b>Сводка</b> с {since}"},
    "digest.letters.one": {"en": "{n} new letter", "ru": "{n} новое письмо"},
    "digest.letters.few": {"en": "{n} new letters", "ru": "{n} новых письма"},
    "digest.letters.many": {"en": "{n} new letters", "ru": "{n} новых писем"},
    "digest.letters.other": {"en": "{n} new letters", "ru": "{n} новых писем"},
    "digest.hashtags": {"en": "Hashtags", "ru": "Хэштеги"},
    "digest.await.one": {
        "en": "{n} new letter awaits your answer",
        "ru": "{n} новое письмо ждёт вашего ответа",
    },
    "digest.await.few": {
        "en": "{n} new letters await your answer",
        "ru": "{n} новых письма ждут вашего ответа",
    },
    "digest.await.many": {
        "en": "{n} new letters await your answer",
        "ru": "{n} новых писем ждут вашего ответа",
    },
    "digest.await.other": {
        "en": "{n} new letters await your answer",
        "ru": "{n} новых писем ждут вашего ответа",
    },
    "digest.await_still": {"en": "Awaiting your answer:", "ru": "Ждут вашего ответа:"},
    "digest.overdue": {"en": "overdue, was due {when}", "ru": "просрочено, срок {when}"},
    "digest.due": {"en": "by {when}", "ru": "до {when}"},
    "digest.more": {"en": "…and {n} more: {command}", "ru": "…и ещё {n}: {command}"},
    "digest.top": {"en": "Top letters:", "ru": "Главные письма:"},
    "digest.footer": {
        "en": "All letters: /history · awaiting an answer: /pending",
        "ru": "Все письма: /history · ждут ответа: /pending",
    },
    "history.title": {
        "en": "🗂 <b>Recent letters</b> ({n})",
        "ru": "🗂 <b>Последние письма</b> ({n})",
    },
    "history.title_today": {"en": "🗂 <b>Today</b> ({n})", "ru": "🗂 <b>Сегодня</b> ({n})"},
    "history.title_filter": {"en": "🗂 <b>{what}</b> ({n})", "ru": "🗂 <b>{what}</b> ({n})"},
    "history.empty": {"en": "No letters to show.", "ru": "Писем нет."},
    "history.usage": {
        "en": (
            "Usage: /history [N | today | category | #hashtag]\n"
            "e.g. /history 20, /history today, /history work, /history #project-x\n"
            "Categories: {categories}"
        ),
        "ru": (
            "Формат: /history [N | сегодня | категория | #хэштег]\n"
            "например /history 20, /history сегодня, /history работа, /history #project-x\n"
            "Категории: {categories}"
        ),
    },
    "history.more": {"en": "…and {n} more", "ru": "…и ещё {n}"},
    "history.replied": {"en": "✓ answered", "ru": "✓ отвечено"},
    "history.reply_awaited": {"en": "awaiting your answer", "ru": "ждут вашего ответа"},
    "state.pending": {"en": "being notified", "ru": "уведомление отправляется"},
    "state.published": {"en": "notified", "ru": "уведомление отправлено"},
    "state.held": {"en": "held for quiet hours", "ru": "отложено на тихие часы"},
    "state.digest": {"en": "for the digest", "ru": "в сводку"},
    "state.dropped": {"en": "muted", "ru": "без уведомления"},
    "state.skipped": {"en": "not notified", "ru": "без уведомления"},
    "pending.title": {
        "en": "↩️ <b>Awaiting your answer</b> ({n})",
        "ru": "↩️ <b>Ждут вашего ответа</b> ({n})",
    },
    "pending.empty": {
        "en": "No letters await your answer.",
        "ru": "Нет писем, которые ждут вашего ответа.",
    },
    "pending.hint": {
        "en": "A reply sent from Gmail is noticed by itself; press ✅ for one answered elsewhere.",
        "ru": "Ответ из Gmail я замечу сам; ✅ — если ответили по-другому.",
    },
    "done.ok": {"en": "Marked as answered.", "ru": "Отмечено как отвеченное."},
    "done.gone": {
        "en": "This letter is no longer stored.",
        "ru": "Это письмо больше не хранится.",
    },
    "watch.failed": {
        "en": (
            "⚠️ I could not renew Gmail notifications for {email}: {error}. "
            "I will keep checking this mailbox every hour, so news of a letter may come up to "
            "an hour late until it works again."
        ),
        "ru": (
            "⚠️ Не удалось продлить уведомления Gmail для {email}: {error}. "
            "Я продолжу проверять ящик каждый час, так что о письме могу сообщить с опозданием "
            "до часа, пока это не наладится."
        ),
    },
    # -- the first hour (issue #17): hints for /history and /pending ------------------------
    "history.examples": {
        "en": (
            "Try /history (the latest 10), /history 20, /history today, a category "
            "(/history work) or one of your hashtags (/history #project-x)."
        ),
        "ru": (
            "Попробуйте /history (последние 10), /history 20, /history сегодня, категорию "
            "(/history работа) или свой хэштег (/history #project-x)."
        ),
    },
    "history.no_such_tag": {
        "en": "You have no hashtag #{tag}. Yours: {tags}.",
        "ru": "Хэштега #{tag} у вас нет. Ваши: {tags}.",
    },
    "history.no_tags": {
        "en": "You have no hashtag #{tag}, nor any other yet: add one with /tag name words.",
        "ru": "Хэштега #{tag} у вас нет, как и других: добавьте его командой /tag имя слова.",
    },
    "history.tag_is_category": {
        "en": "For the category: {command}",
        "ru": "Для категории: {command}",
    },
    "history.clamped": {
        "en": "(/history shows 1 to {max} letters: {asked} became {n}.)",
        "ru": "(/history показывает от 1 до {max} писем: вместо {asked} — {n}.)",
    },
    "pending.empty_hint": {
        "en": (
            "Letters that ask you for an answer appear here until you reply. "
            "All recent letters: /history."
        ),
        "ru": "Здесь появляются письма, которые ждут ответа, пока вы не ответите. "
        "Все последние письма: /history.",
    },
    "pending.no_args": {
        "en": "(/pending takes no arguments: it lists every letter awaiting your answer.)",
        "ru": "(/pending без аргументов: он показывает все письма, которые ждут ответа.)",
    },
}
