from datetime import UTC, datetime

import pytest

from shared_lib.analysis.model import Analysis, Deadline, EventTime, Place, SenderInfo
from shared_lib.models import MailRecord
from shared_lib.notification import render_notification, render_text
from telemail_local.telegram_server import plain_text_of

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _record(**analysis) -> MailRecord:
    return MailRecord(
        message_id="18c0abc",
        thread_id="18c0abc",
        account="me@gmail.com",
        received_at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
        subject="Q4 <report> & plan",
        sender_name="Anna Petrova",
        sender_email="anna@corp.example",
        attachments=["report.pdf"],
        analysis=Analysis(**analysis),
    )


def test_notification_escapes_letter_text_and_is_valid_telegram_html():
    text = render_text(_record(gist="Use <b>bold</b> & stuff"), "en")
    plain = plain_text_of(text)  # raises on HTML Telegram would refuse
    assert "Q4 <report> & plan" in plain and "Use <b>bold</b> & stuff" in plain
    assert "<b>bold</b>" not in text


def test_notification_shows_urgency_category_tags_sender_deadline_places_in_russian():
    record = _record(
        urgency="urgent",
        category="work",
        hashtags=["project-x"],
        sender=SenderInfo(name="Anna Petrova", email="anna@corp.example", categories=["VIP"]),
        reply_expected=True,
        deadline=Deadline(at=datetime(2026, 12, 18, 15, 0, tzinfo=UTC), has_time=True),
        places=[Place(kind="meeting_link", text="Zoom", url="https://zoom.us/j/1")],
    )
    plain = plain_text_of(render_text(record, "ru", "Europe/Moscow", NOW))
    lines = plain.splitlines()
    assert lines[0] == "🔴 Срочно · Работа #project-x"
    assert lines[1] == "От: Anna Petrova (VIP) <anna@corp.example>"
    assert "⏰ Ответить до пт 18 дек 18:00 MSK" in lines
    assert "📍 Zoom" in lines
    assert "📎 Вложения: report.pdf" in lines


def test_deadline_without_time_shows_the_date_only():
    record = _record(deadline=Deadline(at=datetime(2026, 12, 5, tzinfo=UTC), has_time=False))
    assert "⏰ Due Sat 5 Dec" in plain_text_of(render_text(record, "en"))


def test_huge_subject_and_gist_stay_within_telegram_limit():
    record = _record(gist="x" * 50_000)
    record.subject = "<&>" * 10_000
    plain = plain_text_of(render_text(record, "en"))
    assert len(plain) <= 4096


def test_notification_has_open_and_mute_buttons_and_a_per_letter_key():
    message = render_notification(_record(), user_id=7, chat_id=7, lang="en")
    assert message.key == "mail:7:18c0abc"
    assert message.buttons[0][0].url == "https://mail.google.com/mail/u/me@gmail.com/#all/18c0abc"
    assert message.buttons[1][0].callback_data == "mute:18c0abc"


def test_from_line_says_when_the_user_has_written_to_the_sender():
    known = SenderInfo(name="Anna", email="anna@corp.example", categories=["VIP"])
    known.known_contact = True
    for lang, label in (("en", "(VIP, you wrote to them)"), ("ru", "(VIP, вы им писали)")):
        plain = plain_text_of(render_text(_record(sender=known), lang))
        assert label in plain.splitlines()[1]
    stranger = SenderInfo(name="Anna", email="anna@corp.example")
    assert "(" not in plain_text_of(render_text(_record(sender=stranger), "en")).splitlines()[1]


# -- the first hour (issue #17) -------------------------------------------------------------


def test_a_deadline_already_past_when_notified_is_marked_overdue_in_both_languages():
    past = Deadline(at=datetime(2026, 11, 24, 23, 59, tzinfo=UTC), has_time=False)
    record = _record(reply_expected=True, deadline=past)
    en = plain_text_of(render_text(record, "en", "UTC", NOW))
    ru = plain_text_of(render_text(record, "ru", "UTC", NOW))
    assert "⚠️ Reply by Tue 24 Nov · overdue" in en.splitlines()
    assert "⚠️ Ответить до вт 24 ноя · просрочено" in ru.splitlines()
    later = plain_text_of(render_text(record, "en", "UTC", datetime(2026, 11, 24, tzinfo=UTC)))
    assert "overdue" not in later and "⏰ Reply by Tue 24 Nov" in later


def test_notification_overdue_agrees_with_pending_and_digest():
    from shared_lib.digest.render import deadline_note

    for hour in (8, 9, 10):  # before, at and after the deadline of 09:00
        now = datetime(2026, 11, 25, hour, 0, 1, tzinfo=UTC)
        record = _record(
            reply_expected=True,
            deadline=Deadline(at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC), has_time=True),
        )
        record.awaiting_reply = True
        notified = "overdue" in render_text(record, "en", "UTC", now)
        icon, _ = deadline_note(record, "en", "UTC", now)
        assert notified == (icon == "⚠️")


def test_times_in_a_notification_name_their_zone():
    deadline = Deadline(at=datetime(2026, 12, 18, 11, 2, tzinfo=UTC), has_time=True)
    record = _record(deadline=deadline)
    assert "Due Fri 18 Dec 11:02 UTC" in plain_text_of(render_text(record, "en", "UTC", NOW))
    assert "14:02 MSK" in plain_text_of(render_text(record, "en", "Europe/Moscow", NOW))
    assert "16:02 UTC+5" in plain_text_of(render_text(record, "en", "Asia/Yekaterinburg", NOW))


def test_notification_says_why_when_a_hashtag_beat_a_muted_category():
    from shared_lib.decide import decide
    from shared_lib.rules import Hashtag, Rules

    rules = Rules(
        hashtags={"bills": Hashtag(keywords=["bill"])},
        category_modes={"newsletters": "mute"},
    )
    analysis = Analysis(category="newsletters", hashtags=["bills"])
    decision = decide(analysis, "news@cloud.example", rules, None, "UTC", NOW)
    assert decision.action == "notify"
    record = _record(category="newsletters", hashtags=["bills"])
    record.notify_reason = decision.reason
    en = plain_text_of(render_text(record, "en", "UTC", NOW)).splitlines()
    ru = plain_text_of(render_text(record, "ru", "UTC", NOW)).splitlines()
    assert en[-1] == "ℹ️ Notified because of #bills, although Newsletters is set to mute"
    assert ru[-1] == "ℹ️ Сообщаю из-за #bills, хотя Рассылки — без уведомлений"


def test_notification_says_why_when_vip_beat_the_digest_and_is_silent_otherwise():
    from shared_lib.decide import decide
    from shared_lib.rules import Rules, SenderList

    rules = Rules(
        sender_lists={"VIP": SenderList(entries=["anna@corp.example"], vip=True)},
        category_modes={"promotions": "digest"},
    )
    decision = decide(Analysis(category="promotions"), "anna@corp.example", rules, None, "UTC", NOW)
    record = _record(category="promotions")
    record.notify_reason = decision.reason
    plain = plain_text_of(render_text(record, "en", "UTC", NOW))
    assert plain.splitlines()[-1] == (
        "ℹ️ Notified because of the VIP list VIP, although Promotions is set to digest"
    )
    record.notify_reason = "category work: instant"
    assert "ℹ️" not in plain_text_of(render_text(record, "en", "UTC", NOW))


def test_a_sender_list_that_lost_is_named_in_the_nominative_in_russian():
    from shared_lib.decide import decide
    from shared_lib.rules import Rules, SenderList

    rules = Rules(
        sender_lists={
            "VIP": SenderList(entries=["anna@corp.example"], vip=True),
            "news": SenderList(entries=["corp.example"], mode="digest"),
        }
    )
    decision = decide(Analysis(), "anna@corp.example", rules, None, "UTC", NOW)
    record = _record()
    record.notify_reason = decision.reason
    ru = plain_text_of(render_text(record, "ru", "UTC", NOW)).splitlines()
    assert ru[-1] == "ℹ️ Сообщаю из-за VIP-списка VIP, хотя список news — в сводку"


def test_the_letters_event_time_is_one_line_in_the_users_zone_in_both_languages():
    event = EventTime(at=datetime(2026, 12, 8, 12, 0, tzinfo=UTC), has_time=True)
    record = _record(event_time=event)
    en = plain_text_of(render_text(record, "en", "Europe/Moscow", NOW)).splitlines()
    ru = plain_text_of(render_text(record, "ru", "Europe/Moscow", NOW)).splitlines()
    assert [line for line in en if line.startswith("🗓")] == ["🗓 When: Tue 8 Dec 15:00 MSK"]
    assert [line for line in ru if line.startswith("🗓")] == ["🗓 Когда: вт 8 дек 15:00 MSK"]


def test_no_event_line_without_an_event_time():
    assert "🗓" not in render_text(_record(), "en", "UTC", NOW)


def test_the_why_line_reads_the_decisions_steps_not_its_english_text():
    from shared_lib.decide import decide
    from shared_lib.models import why_fields
    from shared_lib.rules import Hashtag, Rules

    rules = Rules(hashtags={"bills": Hashtag()}, category_modes={"newsletters": "mute"})
    decision = decide(Analysis(category="newsletters", hashtags=["bills"]), "a@b.example", rules,
                      None, "UTC", NOW)  # fmt: skip
    record = _record(category="newsletters", hashtags=["bills"])
    record = record.model_copy(update={**why_fields(decision.why), "notify_reason": ""})
    ru = plain_text_of(render_text(record, "ru", "UTC", NOW)).splitlines()
    assert ru[-1] == "ℹ️ Сообщаю из-за #bills, хотя Рассылки — без уведомлений"


@pytest.mark.parametrize(
    ("kind", "name", "loser"),
    [
        ("category", "work", "Work"),
        ("hashtag", "promo", "#promo"),
        ("list", "news", "the list news"),
    ],
)
@pytest.mark.parametrize(("mode", "verb"), [("mute", "mute"), ("digest", "digest")])
def test_the_english_why_line_agrees_whatever_lost(kind, name, loser, mode, verb):
    # "although Work are muted", "although #promo go to the digest" read wrong: the loser is
    # named as one setting, whatever its kind
    from shared_lib.decide import Override
    from shared_lib.notification import why_line

    line = why_line("en", Override("hashtag", "bills", kind, name, mode))
    assert line == f"Notified because of #bills, although {loser} is set to {verb}"
