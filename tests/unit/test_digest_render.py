"""The digest message: counts, letters awaiting a reply, urgent letters, links, ru/en."""

from datetime import UTC, datetime, timedelta

from shared_lib.analysis.model import Analysis, Deadline
from shared_lib.digest.render import digest_key, plural, render_digest
from shared_lib.models import MailRecord, User
from telemail_local.telegram_server import plain_text_of

NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
SINCE = NOW - timedelta(days=1)
_ids = iter(range(10_000))


def letter(
    subject: str,
    category: str = "work",
    urgency: str = "normal",
    awaiting: bool = False,
    deadline: datetime | None = None,
    hashtags: tuple[str, ...] = (),
    state: str = "published",
    received: datetime | None = None,
) -> MailRecord:
    message_id = f"18c{next(_ids):05x}"
    return MailRecord(
        message_id=message_id,
        thread_id=message_id,
        account="me@gmail.com",
        received_at=received or NOW - timedelta(hours=2),
        subject=subject,
        sender_name=f"Sender of {subject}",
        sender_email="s@corp.example",
        analysis=Analysis(
            category=category,
            urgency=urgency,
            reply_expected=awaiting,
            hashtags=list(hashtags),
            deadline=Deadline(at=deadline, has_time=True) if deadline else None,
        ),
        notify_state=state,
        awaiting_reply=awaiting,
        created_at=received or NOW - timedelta(hours=2),
    )


def user(lang: str = "en") -> User:
    return User(user_id=42, chat_id=42, lang=lang, timezone="Europe/Moscow")


def test_digest_counts_categories_and_hashtags_and_awaited_replies():
    letters = [
        letter("Report", "work", awaiting=True, hashtags=("project-x",)),
        letter("Review", "work", awaiting=True, hashtags=("project-x",)),
        letter("Invoice", "finance", awaiting=True),
        letter("Bank statement", "finance"),
        letter("Weekly news", "newsletters", urgency="low"),
    ]
    message = render_digest(user(), NOW, SINCE, letters, [], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    assert "5 new letters: Finance 2, Work 2, Newsletters 1" in plain  # ties by name
    assert "Hashtags: #project-x 2" in plain
    assert "3 new letters await your answer: Work 2, Finance 1" in plain
    assert "Digest since Sun 1 Nov 09:00" in plain  # the period start in Moscow time
    assert message.key == digest_key(42, NOW) == "digest:42:20261102T0600Z"


def test_overdue_letters_come_first_then_by_deadline():
    letters = [
        letter("No deadline", awaiting=True),
        letter("Due tomorrow", awaiting=True, deadline=NOW + timedelta(days=1)),
        letter("Overdue a day", awaiting=True, deadline=NOW - timedelta(days=1)),
    ]
    older = letter("Overdue a week", awaiting=True, deadline=NOW - timedelta(days=7))
    message = render_digest(user(), NOW, SINCE, letters, [older], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    order = [plain.index(s) for s in ("Overdue a week", "Overdue a day", "Due tomorrow")]
    assert order == sorted(order) and plain.index("Due tomorrow") < plain.index("No deadline")
    assert "⚠️ Overdue a week — Sender of Overdue a week · overdue, was due" in plain
    assert "⏰ Due tomorrow" in plain and "by Tue 3 Nov 09:00" in plain


def test_urgent_letters_are_listed_with_sender_and_a_link_to_gmail():
    urgent = letter("Server down", urgency="urgent")
    message = render_digest(user(), NOW, SINCE, [letter("Hello"), urgent], [], NOW)
    assert message is not None
    url = f"https://mail.google.com/mail/u/me@gmail.com/#all/{urgent.message_id}"
    assert f'<a href="{url}">Server down</a>' in message.text
    plain = plain_text_of(message.text)
    assert plain.index("🔴 Server down — Sender of Server down") < plain.index("✉️ Hello")


def test_russian_digest_uses_russian_plural_forms():
    letters = [letter(f"Письмо {i}", "work", awaiting=i < 3) for i in range(5)]
    message = render_digest(user("ru"), NOW, SINCE, letters, [], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    assert "5 новых писем: Работа 5" in plain
    assert "3 новых письма ждут вашего ответа: Работа 3" in plain
    assert [plural("ru", n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "one",
        "few",
        "many",
        "many",
        "one",
        "few",
        "many",
    ]


def test_no_new_letter_means_no_digest_even_with_letters_awaiting_a_reply():
    older = letter("Old question", awaiting=True)
    assert render_digest(user(), NOW, SINCE, [], [older], NOW) is None


def test_muted_and_expired_letters_are_left_out():
    muted = letter("Spam", state="dropped")
    expired = letter("Ancient").model_copy(update={"expires_at": NOW - timedelta(seconds=1)})
    assert render_digest(user(), NOW, SINCE, [muted, expired], [], NOW) is None
    message = render_digest(user(), NOW, SINCE, [muted, letter("Kept")], [], NOW)
    assert message is not None and "Spam" not in message.text and "1 new letter:" in message.text


def test_subjects_are_escaped_and_a_huge_digest_fits_telegram():
    letters = [
        letter(f"<script> & {'x' * 300} {i}", awaiting=True, hashtags=(f"t{i}",))
        for i in range(500)
    ]
    message = render_digest(user(), NOW, SINCE, letters, [], NOW)
    assert message is not None
    plain = plain_text_of(message.text)  # raises on HTML Telegram would refuse
    assert len(plain) < 4096 and len(message.text) < 4096
    assert "<script> &" in plain and "…and 495 more: /pending" in plain


# -- the first hour (issue #17): digest-routed letters listed, held letters left out ---------


def test_digest_lists_the_digest_routed_letters_grouped_by_category_with_what_is_awaited():
    routed = [
        letter("Black Friday", "promotions", state="digest"),
        letter("Cyber Monday", "promotions", state="digest"),
        letter(
            "Survey", "newsletters", state="digest", awaiting=True, deadline=NOW + timedelta(days=1)
        ),
        letter("Weekly", "newsletters", state="digest"),
        letter("Promo code", "promotions", state="digest"),
    ]
    for lang, promotions in (("en", "Promotions (3)"), ("ru", "Акции (3)")):
        message = render_digest(user(lang), NOW, SINCE, routed, [], NOW)
        assert message is not None
        plain = plain_text_of(message.text)
        lines = plain.splitlines()
        assert promotions in lines
        start = lines.index(promotions)
        assert all(line.startswith("• ") for line in lines[start + 1 : start + 4])
        assert "• Black Friday — Sender of Black Friday" in lines
        assert (
            f'href="https://mail.google.com/mail/u/me@gmail.com/#all/{routed[0].message_id}"'
            in (message.text)
        )
    en = plain_text_of(render_digest(user(), NOW, SINCE, routed, [], NOW).text)  # type: ignore[union-attr]
    assert "• Weekly — Sender of Weekly" in en
    assert "Survey" in en and "by Tue 3 Nov 09:00 MSK" in en


def test_a_long_group_ends_with_a_history_hint_and_a_huge_digest_fits_telegram():
    routed = [
        letter(f"<b>Sale</b> & {'y' * 300} {i}", "promotions", state="digest") for i in range(400)
    ]
    routed += [letter(f"News {i}", "newsletters", state="digest") for i in range(7)]
    message = render_digest(user(), NOW, SINCE, routed, [], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    assert len(plain) <= 4096
    assert "Promotions (400)" in plain and "…and 395 more: /history promotions" in plain
    assert "…and 2 more: /history newsletters" in plain
    ru = plain_text_of(render_digest(user("ru"), NOW, SINCE, routed, [], NOW).text)  # type: ignore[union-attr]
    assert "/history акции" in ru and len(ru) <= 4096


def test_letters_held_for_quiet_hours_are_not_in_the_digest_at_all():
    held = letter("Night question", awaiting=True, state="held")
    released = letter("Released at eight", urgency="urgent").model_copy(
        update={"hold_until": NOW - timedelta(minutes=1)}
    )
    routed = letter("Newsletter", "newsletters", state="digest")
    message = render_digest(user(), NOW, SINCE, [held, released, routed], [held], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    assert "Night question" not in plain and "Released at eight" not in plain
    assert "1 new letter: Newsletters 1" in plain and "↩️" not in plain
    assert render_digest(user(), NOW, SINCE, [held, released], [held], NOW) is None


def test_a_digest_of_emoji_subjects_fits_telegrams_limit_counted_in_utf16_units():
    routed = [letter("😀" * 100 + f" {i}", "social", state="digest") for i in range(300)]
    routed += [letter("🎉" * 100 + f" {i}", f"c{i}", state="digest") for i in range(300)]
    message = render_digest(user(), NOW, SINCE, routed, [], NOW)
    assert message is not None
    plain = plain_text_of(message.text)
    assert len(plain.encode("utf-16-le")) // 2 <= 4096
    assert plain.splitlines()[-3].endswith("more: /history")  # the groups that did not fit
