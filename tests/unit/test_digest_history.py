"""/history and /pending rendering and argument parsing."""

from datetime import timedelta

from shared_lib.digest.history import (
    HistoryQuery,
    history_records,
    parse_history_args,
    render_history,
    render_pending,
)
from telemail_local.telegram_server import plain_text_of
from tests.unit.test_digest_render import NOW, letter


def test_history_arguments_accept_count_today_category_and_hashtag_in_both_languages():
    assert parse_history_args("") == HistoryQuery()
    assert parse_history_args("20") == HistoryQuery(limit=20)
    assert parse_history_args("500").limit == 30
    assert parse_history_args("сегодня") == HistoryQuery(today=True)
    assert parse_history_args("Финансы 5") == HistoryQuery(limit=5, category="finance")
    assert parse_history_args("work") == HistoryQuery(category="work")
    assert parse_history_args("#Project-X") == HistoryQuery(hashtag="project-x")
    assert parse_history_args("gibberish") is None


def test_history_shows_the_analysis_of_each_letter_filtered_by_category():
    letters = [
        letter(
            "Contract",
            "work",
            urgency="urgent",
            awaiting=True,
            deadline=NOW + timedelta(days=1),
            hashtags=("project-x",),
        ),
        letter("Invoice", "finance", state="digest"),
        letter("Muted promo", "promotions", state="dropped"),
    ]
    plain = plain_text_of(render_history(letters, HistoryQuery(), "en", "Europe/Moscow", NOW))
    assert "Recent letters (3)" in plain
    assert "🔴 Mon 2 Nov 07:00 MSK · Work #project-x · notified" in plain
    assert "⏰ awaiting your answer · by Tue 3 Nov 09:00" in plain
    assert "Invoice" in plain and "for the digest" in plain and "muted" in plain

    work = HistoryQuery(category="work")
    only_work = render_history(
        history_records(letters, work, NOW), work, "ru", "Europe/Moscow", NOW
    )
    assert "Contract" in only_work and "Invoice" not in only_work
    assert "Работа (1)" in plain_text_of(only_work)


def test_history_of_nothing_says_so():
    assert render_history([], HistoryQuery(), "en", "UTC", NOW).startswith("No letters to show.")


# -- the first hour (issue #17): hints on empty or odd results -------------------------------


def test_history_of_nothing_says_what_to_try():
    for lang, example in (("en", "/history 20"), ("ru", "/history сегодня")):
        plain = plain_text_of(render_history([], HistoryQuery(), lang, "UTC", NOW))
        assert example in plain and "/history #" in plain


def test_history_for_a_hashtag_the_user_lacks_names_theirs_and_the_category_of_that_name():
    query = parse_history_args("#work")
    assert query is not None
    plain = plain_text_of(
        render_history(
            history_records([letter("Contract", "work")], query, NOW),
            query,
            "en",
            "UTC",
            NOW,
            ["bills", "trips"],
        )
    )
    assert "You have no hashtag #work. Yours: #bills, #trips." in plain
    assert "For the category: /history work" in plain
    none = plain_text_of(render_history([], query, "ru", "UTC", NOW, []))
    assert "Хэштега #work у вас нет" in none and "/tag" in none
    assert "/history работа" in none


def test_history_count_out_of_range_is_brought_within_and_said():
    letters = [letter("One", "work"), letter("Two", "work")]
    zero = parse_history_args("0")
    assert zero is not None and zero.limit == 1
    plain = plain_text_of(render_history(letters, zero, "en", "UTC", NOW))
    assert "(/history shows 1 to 30 letters: 0 became 1.)" in plain
    huge = parse_history_args("9" * 40)
    assert huge is not None and huge.limit == 30
    assert parse_history_args("10") == HistoryQuery(limit=10)
    assert "became" not in render_history(letters, HistoryQuery(limit=10), "en", "UTC", NOW)


def test_pending_of_nothing_says_what_appears_there():
    text, buttons = render_pending([], "en", "UTC", NOW)
    assert text.startswith("No letters await your answer.") and "/history" in text
    assert buttons == []


def test_pending_lists_overdue_first_with_a_done_button_per_letter():
    waiting = [
        letter("Later", awaiting=True, deadline=NOW + timedelta(days=2)),
        letter("Answered", awaiting=False),
        letter("Overdue", awaiting=True, deadline=NOW - timedelta(hours=1)),
    ]
    text, buttons = render_pending(waiting, "en", "UTC", NOW)
    plain = plain_text_of(text)
    assert "Awaiting your answer (2)" in plain and "Answered" not in plain
    assert plain.index("1. ⚠️ Overdue") < plain.index("2. ⏰ Later")
    assert [row[0].callback_data for row in buttons] == [
        f"done:{waiting[2].message_id}",
        f"done:{waiting[0].message_id}",
    ]
    assert buttons[0][0].text == "✅ 1. Overdue"


def test_pending_when_nothing_awaits_has_no_buttons():
    text, buttons = render_pending([letter("Fine")], "ru", "UTC", NOW)
    assert text.startswith("Нет писем, которые ждут вашего ответа.") and buttons == []
