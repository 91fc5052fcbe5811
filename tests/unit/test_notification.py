from datetime import UTC, datetime

from shared_lib.analysis.model import Analysis, Deadline, Place, SenderInfo
from shared_lib.models import MailRecord
from shared_lib.notification import render_notification, render_text
from telemail_local.telegram_server import plain_text_of


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
    plain = plain_text_of(render_text(record, "ru", "Europe/Moscow"))
    lines = plain.splitlines()
    assert lines[0] == "🔴 Срочно · Работа #project-x"
    assert lines[1] == "От: Anna Petrova (VIP) <anna@corp.example>"
    assert "⏰ Ответить до пт 18 дек 18:00" in lines
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
