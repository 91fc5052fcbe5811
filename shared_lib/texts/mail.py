"""Texts of letter notifications."""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "sender.automated": {"en": "automated", "ru": "автоматическое"},
    "sender.mailing_list": {"en": "mailing list", "ru": "рассылка"},
    "sender.known_contact": {"en": "you wrote to them", "ru": "вы им писали"},
    "mail.from": {"en": "From", "ru": "От"},
    "mail.no_subject": {"en": "(no subject)", "ru": "(без темы)"},
    "mail.reply_by": {"en": "Reply by {when}", "ru": "Ответить до {when}"},
    "mail.act_by": {"en": "Due {when}", "ru": "Срок: {when}"},
    "mail.reply_expected": {"en": "Awaiting your reply", "ru": "Ждут вашего ответа"},
    "mail.attachments": {"en": "Attachments: {names}", "ru": "Вложения: {names}"},
    # The letter's event (a meeting, a call, a dinner): when it takes place, not a deadline.
    "mail.event_at": {"en": "When: {when}", "ru": "Когда: {when}"},
    "mail.unreadable": {
        "en": "Part of this letter could not be read: {what}",
        "ru": "Часть письма не удалось прочитать: {what}",
    },
    "mail.partial": {
        "en": "Analysis cut short: the letter took too long to read in full",
        "ru": "Разбор прерван: письмо слишком долго читать целиком",
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
    # -- the first hour (issue #17): overdue deadlines, why a rule won -----------------------
    "mail.overdue": {"en": "overdue", "ru": "просрочено"},
    "mail.why.mute": {
        "en": "Notified because of {winner}, although {loser} is set to mute",
        "ru": "Сообщаю из-за {winner}, хотя {loser} — без уведомлений",
    },
    "mail.why.digest": {
        "en": "Notified because of {winner}, although {loser} is set to digest",
        "ru": "Сообщаю из-за {winner}, хотя {loser} — в сводку",
    },
    # -- why a letter was (not) notified, step by step (shared_lib/notify_why.py) -------------
    "reason.over": {"en": "over {rule}", "ru": "важнее, чем «{rule}»"},
    "reason.learned.important": {"en": "learned: important", "ru": "по опыту: важное"},
    "reason.learned.not_important": {"en": "learned: not important", "ru": "по опыту: неважное"},
    "reason.urgent_through_quiet": {
        "en": "urgent, let through quiet hours",
        "ru": "срочное, пропущено в тихие часы",
    },
    "reason.quiet_hours": {"en": "quiet hours", "ru": "тихие часы"},
    "reason.older_than_sync": {
        "en": "older than the last sync",
        "ru": "пришло раньше последней синхронизации",
    },
    "reason.analysis_failed": {
        "en": "the letter could not be analysed",
        "ru": "письмо не удалось разобрать",
    },
}
