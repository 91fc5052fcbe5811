"""The first hour of a new user (issue #17): /start for a connected user, the time-zone
offer, and hints for /history and /pending (a fake store: no emulator)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Update

from shared_lib.app import App
from shared_lib.bot.webhook import replies_for
from shared_lib.config import Settings
from shared_lib.events import render_event
from shared_lib.i18n import t
from shared_lib.models import Account, AccountConnected, MailRecord, OutboxMessage, User
from telemail_local.telegram_server import plain_text_of


class FakeStore:
    """Just what the commands under test read and write."""

    def __init__(
        self, accounts: list[Account] | None = None, timezone: str = "UTC", chosen: bool = False
    ) -> None:
        self.accounts = accounts or []
        self.timezone = timezone
        self.chosen = chosen
        self.history: list[MailRecord] = []
        self.awaiting: list[MailRecord] = []

    def ensure_user(self, user: User) -> User:
        return user.model_copy(update={"timezone": self.timezone, "timezone_chosen": self.chosen})

    def get_user(self, user_id: int) -> User:
        return User(
            user_id=user_id, chat_id=user_id, timezone=self.timezone, timezone_chosen=self.chosen
        )

    def list_accounts(self, user_id: int) -> list[Account]:
        return self.accounts

    def set_digest_schedule(self, user_id: int, now: datetime, **changes: Any) -> None:
        if changes.get("timezone"):  # as Store.set_digest_schedule: a zone set is chosen
            self.timezone, self.chosen = changes["timezone"], True

    def mail_history(self, user_id: int, limit: int, since: datetime | None) -> list[MailRecord]:
        return self.history[:limit]

    def awaiting_reply(self, user_id: int, limit: int) -> list[MailRecord]:
        return self.awaiting[:limit]

    def get_mail(self, user_id: int, message_id: str) -> MailRecord | None:
        return None  # every letter is gone

    def mark_replied(self, user_id: int, message_id: str, now: datetime) -> MailRecord | None:
        return None


def _app(store: FakeStore) -> App:
    settings = Settings(
        state_signing_key="k" * 32,
        oauth_start_url="https://oauth.example/start",
        settings_page_url="https://hook.example/app",
    )
    app = App(settings)
    app.__dict__["store"] = store  # the cached property, replaced
    return app


def _say(app: App, text: str, lang: str = "en") -> list[OutboxMessage]:
    command = text.split()[0]
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "from": {"id": 7, "is_bot": False, "first_name": "Anna", "language_code": lang},
            "chat": {"id": 7, "type": "private"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }
    return replies_for(app, Update.de_json(update))


def _press(app: App, data: str) -> list[OutboxMessage]:
    update = {
        "update_id": 2,
        "callback_query": {
            "id": "2",
            "chat_instance": "1",
            "data": data,
            "from": {"id": 7, "is_bot": False, "first_name": "Anna", "language_code": "en"},
        },
    }
    return replies_for(app, Update.de_json(update))


def _buttons(message: OutboxMessage) -> list[tuple[str, str]]:
    return [
        (b.text, b.url or b.callback_data or b.web_app or "") for r in message.buttons for b in r
    ]


def _account(status: str = "active") -> Account:
    return Account(
        user_id=7,
        email="anna@gmail.example",
        sealed_refresh_token="x",
        status=status,  # type: ignore[arg-type]
        connected_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


# /start -----------------------------------------------------------------------------------------


def test_start_for_a_new_user_offers_to_connect_gmail():
    (reply,) = _say(_app(FakeStore(timezone="Europe/Moscow")), "/start")
    assert "Connect your Gmail to begin" in plain_text_of(reply.text)
    assert [text for text, _ in _buttons(reply)] == ["Connect Gmail"]


def test_start_for_a_connected_user_shows_the_mailboxes_and_what_next_not_connect_to_begin():
    for lang in ("en", "ru"):
        (reply,) = _say(_app(FakeStore([_account()], "Europe/Moscow")), "/start", lang)
        plain = plain_text_of(reply.text)
        assert "anna@gmail.example" in plain
        assert "/settings" in plain and "/help" in plain and "/history" in plain
        assert "Connect your Gmail to begin" not in plain and "Подключите Gmail" not in plain
        (settings_page, another) = _buttons(reply)
        assert settings_page[1] == "https://hook.example/app"  # the Mini App
        assert another[0] in ("Connect another Gmail", "Подключить ещё Gmail")


def test_start_for_a_user_whose_mailbox_was_revoked_offers_to_reconnect():
    (reply,) = _say(_app(FakeStore([_account("revoked")], "Europe/Moscow")), "/start")
    assert "lost access" in plain_text_of(reply.text)
    assert _buttons(reply)[-1][0] == "Reconnect Gmail"


# the time-zone offer ------------------------------------------------------------------------


def test_start_asks_for_the_time_zone_while_it_is_still_utc_with_zones_of_the_language():
    (en,) = _say(_app(FakeStore()), "/start", "en")
    (ru,) = _say(_app(FakeStore()), "/start", "ru")
    assert "Which time zone are you in?" in plain_text_of(en.text)
    assert "В каком вы часовом поясе?" in plain_text_of(ru.text)
    en_zones = [data for _, data in _buttons(en) if data.startswith("tz:")]
    ru_zones = [data for _, data in _buttons(ru) if data.startswith("tz:")]
    assert {"tz:Europe/London", "tz:America/New_York", "tz:Europe/Berlin"} <= set(en_zones)
    assert {"tz:Europe/Moscow", "tz:Asia/Yekaterinburg"} <= set(ru_zones)
    assert any(text.startswith("Москва · ") for text, _ in _buttons(ru))
    assert _buttons(en)[0][0] == "Connect Gmail"  # connecting stays the first thing
    (chosen,) = _say(_app(FakeStore(timezone="Europe/Moscow")), "/start")
    assert not any(data.startswith("tz:") for _, data in _buttons(chosen))


def test_pressing_a_zone_sets_it_and_says_the_local_time():
    store = FakeStore()
    answer, said = _press(_app(store), "tz:Asia/Yekaterinburg")
    assert store.timezone == "Asia/Yekaterinburg"
    assert answer.method == "answer_callback"
    assert "Time zone: Asia/Yekaterinburg" in plain_text_of(said.text)


def test_pressing_utc_is_right_is_a_choice_start_does_not_ask_again():
    store = FakeStore()
    assert any(d.startswith("tz:") for _, d in _buttons(_say(_app(store), "/start")[0]))
    _press(_app(store), "tz:UTC")
    assert store.timezone == "UTC" and store.chosen
    (again,) = _say(_app(store), "/start")
    assert not any(data.startswith("tz:") for _, data in _buttons(again))
    assert "Which time zone" not in plain_text_of(again.text)


def _connected(store: FakeStore, lang: str = "en") -> OutboxMessage:
    event = AccountConnected(user_id=7, chat_id=7, lang=lang, email="anna@gmail.example")
    (message,) = render_event(_app(store), event, "e1")
    return message


def test_connected_asks_for_the_zone_in_the_same_message_until_one_is_chosen():
    message = _connected(FakeStore())
    assert plain_text_of(message.text).startswith("✅ Connected: anna@gmail.example")
    assert "Which time zone are you in?" in plain_text_of(message.text)
    zones = [data for _, data in _buttons(message)]
    assert "tz:Europe/London" in zones and zones[-1] == "tz:UTC"
    ru = _connected(FakeStore(), lang="ru")
    assert "tz:Europe/Moscow" in [data for _, data in _buttons(ru)]
    for store in (FakeStore(chosen=True), FakeStore(timezone="Europe/Moscow")):
        quiet = _connected(store)
        assert quiet.buttons == [] and "time zone" not in plain_text_of(quiet.text)


def test_pressing_a_zone_that_does_not_exist_changes_nothing_and_says_why():
    store = FakeStore()
    _, said = _press(_app(store), "tz:Mars/Olympus")
    assert store.timezone == "UTC" and "not a known time zone" in plain_text_of(said.text)


# hints of /history and /pending -------------------------------------------------------------


def test_history_hashtag_command_reads_the_users_hashtags_to_name_them():
    from shared_lib.rules import Hashtag, Rules

    store = FakeStore(timezone="Europe/Moscow")
    store.get_rules = lambda user_id: Rules(hashtags={"bills": Hashtag(keywords=["bill"])})  # type: ignore[attr-defined]
    (reply,) = _say(_app(store), "/history #work")
    plain = plain_text_of(reply.text)
    assert "You have no hashtag #work. Yours: #bills." in plain
    assert "/history work" in plain


def test_pending_with_arguments_says_it_takes_none():
    (reply,) = _say(_app(FakeStore(timezone="Europe/Moscow")), "/pending 5")
    assert "/pending takes no arguments" in plain_text_of(reply.text)
    (plain,) = _say(_app(FakeStore(timezone="Europe/Moscow")), "/pending")
    assert "takes no arguments" not in plain_text_of(plain.text)


# answers to buttons: a dialog when the button could not do what it says -----------------------


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("mute:gone1", "settings.btn.letter_gone"),
        ("imp:gone1", "settings.btn.letter_gone"),
        ("done:gone1", "done.gone"),
        ("nosuchbutton:1", "callback.unknown"),
    ],
)
def test_a_button_that_cannot_act_answers_with_a_dialog_not_a_toast(data: str, key: str):
    answer = _press(_app(FakeStore()), data)[0]
    assert answer.method == "answer_callback"
    assert (answer.text, answer.show_alert) == (t("en", key), True)


def test_a_button_that_acted_answers_with_a_toast():
    answer, _ = _press(_app(FakeStore()), "tz:Europe/Berlin")
    assert answer.method == "answer_callback" and answer.show_alert is False
