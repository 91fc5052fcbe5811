"""Settings commands and notification buttons end to end: the stand-in Telegram sends and clicks,
the real webhook function answers, the Firestore emulator holds the result."""

from __future__ import annotations

import time

import pytest

from shared_lib.i18n import t
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from telemail_local.telegram_server import ChatMessage, plain_text_of
from tests import letters

pytestmark = pytest.mark.integration
SENDER = "anna@corp.example"  # the sender of letters.plain


def _plain(lang: str, key: str, **values: object) -> str:
    return plain_text_of(t(lang, key, **values))


def _say(stack: LocalStack, user_id: int, text: str, lang: str = "en") -> ChatMessage:
    """Send ``text`` as the user; the bot's one reply."""
    before = len(stack.telegram.bot_messages(user_id))
    stack.telegram.user_sends(user_id, text, language_code=lang)
    return stack.telegram.wait_for_bot_messages(user_id, before + 1)[before]


def _click(stack: LocalStack, user_id: int, message_id: int, data: str) -> str:
    """Press a button; the toast Telegram was asked to show."""
    update_id = stack.telegram.user_clicks(user_id, message_id, data)["update_id"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for answer in list(stack.telegram.callback_answers):
            if answer.get("callback_query_id") == str(update_id):
                return str(answer.get("text") or "")
        time.sleep(0.05)
    raise TimeoutError(f"button {data!r} was not answered")


def _wait(predicate, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError("condition not reached")


def _docs(db, user_id: int) -> tuple[dict | None, dict | None]:
    """The user document and the rules document, as stored."""
    user = db.document(f"users/{user_id}").get().to_dict()
    rules = db.document(f"users/{user_id}/rules/current").get().to_dict()
    return user, rules


def _connected(stack: LocalStack, user_id: int, name: str = "user") -> str:
    address = f"{name}{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)
    return address


def _notified(stack: LocalStack, user_id: int, address: str, subject: str) -> ChatMessage:
    """Deliver a letter from ``SENDER``; its notification in the chat."""
    stack.gmail.deliver(address, letters.plain(subject, address))
    return _wait(
        lambda: next((m for m in stack.telegram.bot_messages(user_id) if subject in m.plain), None),
        timeout=30,
    )


def _callback(message: ChatMessage, prefix: str) -> str:
    """The callback data of the message's button that is ``prefix`` or begins ``prefix:``."""
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    found = [str(b.get("callback_data", "")) for row in rows for b in row]
    return next(d for d in found if d == prefix or d.startswith(prefix + ":"))


# rules ---------------------------------------------------------------------------------------


def test_tag_creates_and_replaces_hashtag_keywords_and_untag_removes_it(
    stack, user_id, firestore_db
):
    reply = _say(stack, user_id, "/tag #Project-X Project X, PRJ-X, квартальный отчёт")
    assert reply.plain == "✅ #project-x: Project X, PRJ-X, квартальный отчёт"
    _say(stack, user_id, "/mode #project-x digest")
    _say(stack, user_id, "/tag project-x PRJ-X")
    assert _docs(firestore_db, user_id)[1]["hashtags"] == {
        "project-x": {"keywords": ["PRJ-X"], "mode": "digest"}
    }

    reply = _say(stack, user_id, "/untag project-x")
    assert reply.plain == "✅ Hashtag #project-x removed."
    assert _docs(firestore_db, user_id)[1]["hashtags"] == {}


def test_sender_lists_mutes_and_modes_are_stored_as_rules(stack, user_id, firestore_db):
    assert _say(stack, user_id, "/vip Boss@Corp.com partner.org").plain == (
        "✅ Added to VIP: boss@corp.com, partner.org"
    )
    _say(stack, user_id, "/category Colleagues corp.com, anna@corp.com")
    _say(stack, user_id, "/uncategory colleagues anna@corp.com")
    _say(stack, user_id, "/mute news@shop.com spam.org")
    assert _say(stack, user_id, "/unmute spam.org").plain == "🔔 Unmuted: spam.org."
    assert _say(stack, user_id, "/mode promotions mute").plain == "✅ Promotions: mute"
    _say(stack, user_id, "/mode colleagues digest")
    _say(stack, user_id, "/unvip partner.org")

    rules = _docs(firestore_db, user_id)[1]
    assert rules["sender_lists"] == {
        "VIP": {"entries": ["boss@corp.com"], "mode": "instant", "vip": True},
        "colleagues": {"entries": ["corp.com"], "mode": "digest", "vip": False},
    }
    assert rules["muted"] == ["news@shop.com"]
    assert rules["category_modes"] == {"promotions": "mute"}

    assert _say(stack, user_id, "/uncategory colleagues").plain == (
        "✅ Sender list colleagues removed."
    )
    assert set(_docs(firestore_db, user_id)[1]["sender_lists"]) == {"VIP"}


def test_preferences_are_stored_on_the_user_and_lang_answers_in_the_new_language(
    stack, user_id, firestore_db
):
    assert _say(stack, user_id, "/tz europe/moscow").plain.startswith(
        "🕑 Time zone: Europe/Moscow (it is "
    )
    assert _say(stack, user_id, "/quiet 23:00-7:30").plain == (
        "🌙 Quiet hours 23:00–07:30 (Europe/Moscow); urgent letters come through."
    )
    assert _say(stack, user_id, "/digest daily 9:00").plain == "Digest: daily at 09:00."
    assert _say(stack, user_id, "/lang ru").plain == "Язык: русский."

    user = _docs(firestore_db, user_id)[0]
    assert user["timezone"] == "Europe/Moscow" and user["timezone_chosen"] is True
    assert user["quiet_hours"] == {"start": "23:00", "end": "07:30", "allow_urgent": True}
    assert user["digest"] == {"mode": "daily", "at": "09:00"}
    assert user["lang"] == "ru"

    assert _say(stack, user_id, "/quiet off").plain == "Тихие часы выключены."
    assert _docs(firestore_db, user_id)[0]["quiet_hours"] is None


def test_wrong_arguments_get_a_clear_reply_and_change_nothing(stack, user_id, firestore_db):
    _say(stack, user_id, "/tag work report")
    _say(stack, user_id, "/vip boss.com")
    _say(stack, user_id, "/quiet 22:00-07:00")
    before = _docs(firestore_db, user_id)
    categories = "work, personal, finance, travel, shopping, promotions, social, notifications, "
    categories += "security, newsletters"
    wrong = {
        "/tag": _plain("en", "settings.usage.tag"),
        "/tag bad/name report": _plain("en", "settings.bad_tag", name="bad/name"),
        "/untag nothing": _plain("en", "settings.no_such_tag", tag="nothing"),
        "/vip anna@": _plain("en", "settings.bad_sender", entry="anna@"),
        "/unvip other.com": _plain("en", "settings.not_in_list", name="VIP", entries="other.com"),
        "/category work corp.com": _plain("en", "settings.list_is_category", name="work"),
        "/uncategory nolist": _plain("en", "settings.no_such_list", name="nolist"),
        "/mute": _plain("en", "settings.usage.mute"),
        "/unmute never@muted.com": _plain("en", "settings.not_muted", entries="never@muted.com"),
        "/mode VIP digest": _plain("en", "settings.vip_mode"),
        "/mode nothing mute": _plain(
            "en", "settings.bad_mode_target", target="nothing", categories=categories
        ),
        "/quiet 25:00-08:00": _plain("en", "settings.bad_time", value="25:00"),
        "/quiet 8:00-08:00": _plain("en", "settings.quiet_same"),
        "/tz Mars/Base": _plain("en", "settings.bad_tz", value="Mars/Base"),
        "/lang de": _plain("en", "settings.usage.lang"),
        "/digest weekly": _plain("en", "settings.usage.digest"),
        "/disconnect": _plain("en", "settings.no_accounts"),
        "/settings now": _plain("en", "settings.usage.no_args", command="/settings"),
        "/delete_me please": _plain("en", "settings.usage.no_args", command="/delete_me"),
    }
    for command, expected in wrong.items():
        assert _say(stack, user_id, command).plain == expected, command
    assert _docs(firestore_db, user_id) == before


def test_settings_shows_the_summary_and_the_settings_page_button_when_configured(stack, user_id):
    _say(stack, user_id, "/tag project-x PRJ-X")
    _say(stack, user_id, "/mute spam.org")
    _say(stack, user_id, "/digest hourly")

    reply = _say(stack, user_id, "/settings")

    for expected in ("Your settings", "#project-x · instant: PRJ-X", "spam.org", "every hour"):
        assert expected in reply.plain
    page = stack.function_env().get("TELEMAIL_SETTINGS_PAGE_URL", "")
    buttons = [b for row in (reply.reply_markup or {}).get("inline_keyboard", []) for b in row]
    assert buttons == ([{"text": "Open settings page", "web_app": {"url": page}}] if page else [])


# mailboxes -----------------------------------------------------------------------------------


def test_disconnect_revokes_the_grant_stops_the_watch_and_forgets_only_that_mailbox(
    stack, user_id, firestore_db
):
    kept = _connected(stack, user_id, "kept")
    gone = _connected(stack, user_id, "gone")
    _notified(stack, user_id, kept, "Stays here")
    _notified(stack, user_id, gone, "Goes away")
    listing = _say(stack, user_id, "/accounts").plain
    assert f"{kept} — active" in listing and f"{gone} — active" in listing
    assert gone in stack.google.refresh_tokens.values()

    reply = _say(stack, user_id, f"/disconnect {gone.upper()}")

    assert reply.plain == "\n".join(
        [
            _plain("en", "settings.disconnected", email=gone),
            _plain("en", "settings.revoked", email=gone),
        ]
    )
    assert gone not in stack.google.refresh_tokens.values()
    assert kept in stack.google.refresh_tokens.values()
    assert stack.gmail.mailbox(gone).watch_topic == ""
    assert not firestore_db.document(f"users/{user_id}/accounts/{gone}").get().exists
    assert not firestore_db.document(f"accounts_by_email/{gone}").get().exists
    assert firestore_db.document(f"accounts_by_email/{kept}").get().exists
    mail = [d.to_dict() for d in firestore_db.collection(f"users/{user_id}/mail").stream()]
    assert [m["subject"] for m in mail] == ["Stays here"]


def test_delete_me_asks_first_and_the_confirm_button_deletes_everything(
    stack, user_id, firestore_db
):
    from google.cloud.firestore_v1.base_query import FieldFilter

    address = _connected(stack, user_id)
    _notified(stack, user_id, address, "Before deletion")
    _say(stack, user_id, "/tag project-x PRJ-X")
    question = _say(stack, user_id, "/delete_me")
    assert question.plain == _plain("en", "settings.delete_confirm")
    assert firestore_db.document(f"users/{user_id}").get().exists

    _click(stack, user_id, question.message_id, _callback(question, "delete_me:yes"))

    edited = _wait(
        lambda: next((m for m in stack.telegram.bot_messages(user_id) if m.edited), None)
    )
    assert edited.message_id == question.message_id and not edited.reply_markup
    assert edited.plain == _plain("en", "settings.deleted")
    user = firestore_db.document(f"users/{user_id}")
    assert not user.get().exists
    assert list(user.collections()) == []
    by_user = FieldFilter("user_id", "==", user_id)
    assert list(firestore_db.collection("accounts_by_email").where(filter=by_user).stream()) == []
    assert list(firestore_db.collection("oauth_states").where(filter=by_user).stream()) == []
    assert not firestore_db.document(f"accounts_by_email/{address}").get().exists
    assert address not in stack.google.refresh_tokens.values()


def test_delete_me_cancelled_or_expired_deletes_nothing(stack, user_id, firestore_db):
    _say(stack, user_id, "/tag project-x PRJ-X")
    before = _docs(firestore_db, user_id)
    question = _say(stack, user_id, "/delete_me")
    cancel = _callback(question, "delete_me:no")

    toast = _click(stack, user_id, question.message_id, "delete_me:yes:1000")
    assert toast == _plain("en", "settings.delete_expired")
    _click(stack, user_id, question.message_id, cancel)

    assert _wait(
        lambda: (
            [m.plain for m in stack.telegram.bot_messages(user_id) if m.edited]
            == [_plain("en", "settings.delete_cancelled")]
        )
    )
    assert _docs(firestore_db, user_id) == before


# notification buttons ------------------------------------------------------------------------


def test_mute_button_mutes_the_sender_so_the_next_letter_is_not_notified_and_undo_restores(
    stack, user_id, firestore_db
):
    address = _connected(stack, user_id)
    first = _notified(stack, user_id, address, "First from Anna")

    toast = _click(stack, user_id, first.message_id, _callback(first, "mute"))

    assert toast == f"Muted {SENDER}"
    assert _docs(firestore_db, user_id)[1]["muted"] == [SENDER]
    offer = _wait(
        lambda: next((m for m in stack.telegram.bot_messages(user_id) if "🔕" in m.plain), None)
    )
    assert offer.plain == _plain("en", "settings.btn.muted", email=SENDER)

    second = stack.gmail.deliver(address, letters.plain("Second from Anna", address))
    record = _wait(
        lambda: firestore_db.document(f"users/{user_id}/mail/{second.id}").get().to_dict()
    )
    assert record["notify_state"] == "dropped"
    assert record["notify_reason"] == f"muted sender {SENDER}"
    time.sleep(1)  # a notification, if any, would have arrived by now
    assert not any("Second from Anna" in m.plain for m in stack.telegram.bot_messages(user_id))

    toast = _click(stack, user_id, offer.message_id, _callback(offer, "unmute"))
    assert toast == f"Unmuted {SENDER}"
    assert _docs(firestore_db, user_id)[1]["muted"] == []
    assert _wait(
        lambda: (
            [m.plain for m in stack.telegram.bot_messages(user_id) if m.edited]
            == [_plain("en", "settings.btn.unmuted", email=SENDER)]
        )
    )


def test_importance_buttons_store_feedback_on_the_letter(stack, user_id, firestore_db):
    address = _connected(stack, user_id)
    note = _notified(stack, user_id, address, "Judge me")
    message_id = _callback(note, "mute").partition(":")[2]
    record = firestore_db.document(f"users/{user_id}/mail/{message_id}")

    assert _click(stack, user_id, note.message_id, f"imp:{message_id}") == _plain(
        "en", "settings.btn.important"
    )
    assert record.get().to_dict()["feedback"] == "important"
    _click(stack, user_id, note.message_id, f"notimp:{message_id}")
    assert record.get().to_dict()["feedback"] == "not_important"

    toast = _click(stack, user_id, note.message_id, "imp:no-such-letter")
    assert toast == _plain("en", "settings.btn.letter_gone")
    shown = {a["text"]: a["show_alert"] for a in stack.telegram.answers(user_id)}
    assert shown[toast] is True  # a dialog: the button could not do what it says
    assert shown[_plain("en", "settings.btn.important")] is False  # a toast
