"""Texts of connecting a mailbox: the OAuth pages (fully in one language) and what Telegram
users are told when a mailbox moves between them."""

from shared_lib.models import Lang

_AGAIN_EN = "Go back to Telegram and press <b>Connect Gmail</b> again."
_AGAIN_RU = "Вернитесь в Telegram и снова нажмите <b>Подключить Gmail</b>."

TEXTS: dict[str, dict[Lang, str]] = {
    # The pages' titles and outcomes
    "oauth.title.done": {"en": "Gmail is connected", "ru": "Gmail подключён"},
    "oauth.title.failed": {"en": "Nothing was connected", "ru": "Ничего не подключено"},
    "oauth.title.confirm": {"en": "Move the mailbox?", "ru": "Перенести ящик?"},
    "oauth.connected": {
        "en": (
            "<b>{email}</b> is now connected to the Telegram account of <b>{name}</b>: "
            "new letters will be reported in that chat. You can return to Telegram."
        ),
        "ru": (
            "Ящик <b>{email}</b> подключён к аккаунту Telegram <b>{name}</b>: "
            "о новых письмах я буду сообщать в этот чат. Можно вернуться в Telegram."
        ),
    },
    "oauth.moved": {
        "en": "It is no longer connected to the other Telegram account, and that account was told.",
        "ru": "К другому аккаунту Telegram он больше не подключён, и тому аккаунту я сообщил.",
    },
    "oauth.already_connected": {
        "en": "<b>{email}</b> is already connected to your Telegram account. You can return to "
        "Telegram.",
        "ru": "Ящик <b>{email}</b> уже подключён к вашему аккаунту Telegram. Можно вернуться в "
        "Telegram.",
    },
    "oauth.owned_elsewhere": {
        "en": (
            "<b>{email}</b> is connected to another Telegram account, so nothing was changed. "
            "To move it to the Telegram account of <b>{name}</b>, the owner of the mailbox must "
            "allow access at Google once more. The other Telegram account will be told."
        ),
        "ru": (
            "Ящик <b>{email}</b> подключён к другому аккаунту Telegram, поэтому ничего не "
            "изменилось. Чтобы перенести его в аккаунт Telegram <b>{name}</b>, владелец ящика "
            "должен ещё раз разрешить доступ в Google. Другой аккаунт Telegram об этом узнает."
        ),
    },
    "oauth.button.move": {"en": "Move {email} here", "ru": "Перенести {email} сюда"},
    "oauth.leave_as_is": {
        "en": "If you do not want this, just close the page.",
        "ru": "Если вы этого не хотите, просто закройте страницу.",
    },
    "oauth.unknown_name": {"en": "this Telegram user", "ru": "этого пользователя Telegram"},
    # Failures: what happened and what to do
    "oauth.fail.expired": {
        "en": f"This link has expired. {_AGAIN_EN}",
        "ru": f"Срок действия ссылки истёк. {_AGAIN_RU}",
    },
    "oauth.fail.used": {
        "en": f"This link was already used. {_AGAIN_EN}",
        "ru": f"Эта ссылка уже использована. {_AGAIN_RU}",
    },
    "oauth.fail.invalid": {
        "en": f"This link is damaged or was not made by Telemail. {_AGAIN_EN}",
        "ru": f"Ссылка повреждена или создана не Telemail. {_AGAIN_RU}",
    },
    "oauth.fail.access_denied": {
        "en": f"You did not allow access to your mailbox, so it was not connected. To try again: "
        f"{_AGAIN_EN[0].lower()}{_AGAIN_EN[1:]}",
        "ru": f"Вы не разрешили доступ к ящику, поэтому он не подключён. Чтобы попробовать ещё "
        f"раз, {_AGAIN_RU[0].lower()}{_AGAIN_RU[1:]}",
    },
    "oauth.fail.google": {
        "en": f"Google could not complete the sign-in. Try again in a few minutes: {_AGAIN_EN}",
        "ru": f"Google не смог завершить вход. Попробуйте через несколько минут: {_AGAIN_RU}",
    },
    "oauth.fail.invalid_grant": {
        "en": f"Google did not accept this sign-in: it took too long or was already "
        f"completed. {_AGAIN_EN}",
        "ru": f"Google не принял этот вход: он занял слишком много времени или уже был "
        f"завершён. {_AGAIN_RU}",
    },
    "oauth.fail.no_gmail_scope": {
        "en": f"Reading Gmail was not allowed. {_AGAIN_EN} On Google's page, leave the Gmail "
        "permission ticked.",
        "ru": f"Чтение Gmail не разрешено. {_AGAIN_RU} На странице Google оставьте отмеченным "
        "разрешение для Gmail.",
    },
    "oauth.fail.no_lasting_access": {
        "en": f"Google did not grant lasting access. {_AGAIN_EN}",
        "ru": f"Google не выдал постоянный доступ. {_AGAIN_RU}",
    },
    "oauth.fail.unverified": {
        "en": "This Google account has no confirmed address, so it cannot be connected.",
        "ru": "У этого аккаунта Google нет подтверждённого адреса, поэтому его нельзя подключить.",
    },
    "oauth.not_yours": {
        "en": "Not your Telegram account? Disconnect the mailbox from it now; Telemail's access "
        "to it is then revoked.",
        "ru": "Это не ваш аккаунт Telegram? Отключите от него ящик сейчас; доступ Telemail к "
        "ящику будет отозван.",
    },
    "oauth.button.disown": {"en": "Disconnect {email}", "ru": "Отключить {email}"},
    "oauth.title.disowned": {"en": "Mailbox disconnected", "ru": "Ящик отключён"},
    "oauth.disowned": {
        "en": "<b>{email}</b> is disconnected from the Telegram account of <b>{name}</b>, and "
        "that account was told.",
        "ru": "Ящик <b>{email}</b> отключён от аккаунта Telegram <b>{name}</b>, и тому аккаунту "
        "я сообщил.",
    },
    "oauth.not_revoked": {
        "en": "Google did not confirm that access was revoked: remove Telemail at "
        "myaccount.google.com/permissions.",
        "ru": "Google не подтвердил отзыв доступа: удалите Telemail на странице "
        "myaccount.google.com/permissions.",
    },
    "oauth.already_disconnected": {
        "en": "<b>{email}</b> is no longer connected there. Nothing else to do.",
        "ru": "Ящик <b>{email}</b> там уже не подключён. Больше ничего делать не нужно.",
    },
    # Telegram: the previous owner of a mailbox taken off them at the consent page
    "account.moved": {
        "en": (
            "⚠️ {email} has been moved to another Telegram account: its owner allowed it at "
            "Google. I will no longer tell you about its letters here, and I forgot those I kept. "
            "If that was not you, check who has access to your Google account."
        ),
        "ru": (
            "⚠️ Ящик {email} перенесён в другой аккаунт Telegram: его владелец разрешил это в "
            "Google. О его письмах я здесь больше не сообщаю, а сохранённые забыл. Если это были "
            "не вы, проверьте, у кого есть доступ к вашему аккаунту Google."
        ),
    },
    "account.disowned": {
        "en": (
            "⚠️ {email} is disconnected: the owner of the mailbox said this Telegram account is "
            "not theirs. I will no longer tell you about its letters, and I forgot those I kept."
        ),
        "ru": (
            "⚠️ Ящик {email} отключён: его владелец сообщил, что этот аккаунт Telegram не его. "
            "О его письмах я больше не сообщаю, а сохранённые забыл."
        ),
    },
}
