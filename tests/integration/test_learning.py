"""Learning on the local stack: what the user does with letters changes how the next is told.

Signals go through the real paths: the Not important button (the webhook), letters archived
unread or read in Gmail (``users.messages.modify`` → history ``labelRemoved`` → the sync), and
replies sent in Gmail (SENT → reply tracking).
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.learning.explain import learned_line
from shared_lib.models import DigestSchedule
from shared_lib.store import utcnow
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters
from tests.integration.test_digest_history import ask, reply_from, wait_for
from tests.integration.test_new_mail import _notifications

pytestmark = pytest.mark.integration


@pytest.fixture
def app(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    """The functions' configuration, to read the store as they do."""
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    return App(Settings())


def _news(subject: str, to: str, sender: str = "news@shop.example") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Shop News <{sender}>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["List-Id"] = "Shop news <news.shop.example>"
    msg["List-Unsubscribe"] = "<https://shop.example/unsub>"
    msg.set_content("This week in the shop: new arrivals and a story about our team.")
    return msg.as_bytes()


def _connected(stack: LocalStack, app, user_id: int, digests: bool) -> str:
    address = f"learn{user_id}@gmail.example"
    stack.google.add_account(address, "Learner")
    connect(stack, user_id, address)
    if digests:
        app.store.set_digest_schedule(user_id, utcnow(), DigestSchedule(mode="hourly"))
    return address


def _model(app, user_id: int):
    return app.store.get_learning(user_id)


def test_not_important_pressed_on_a_list_sends_its_next_letter_to_the_digest(
    stack: LocalStack, app, user_id
):
    address = _connected(stack, app, user_id, digests=True)
    for i in range(5):
        stored = stack.gmail.deliver(address, _news(f"Weekly notes {i}", address))
        note = wait_for(
            lambda s=stored: next(
                (
                    n
                    for n in _notifications(stack, user_id)
                    if f"notimp:{s.id}" in str(n.reply_markup)
                ),
                None,
            ),
            what=f"the notification of letter {i}",
        )
        stack.telegram.user_clicks(user_id, note.message_id, f"notimp:{stored.id}")
    stats = wait_for(
        lambda: (s := _model(app, user_id).features.get("s:news@shop.example")) and s.n >= 5 and s,
        what="the presses to reach the model",
    )
    assert stats.marked_not == 5

    nth = stack.gmail.deliver(address, _news("Weekly notes 5", address))
    record = wait_for(lambda: app.store.get_mail(user_id, nth.id), what="the sixth letter")

    assert record.notify_state == "digest"
    assert "learned: not important (s:news@shop.example)" in record.notify_reason
    assert record.learned is not None
    assert learned_line("en", record.learned) == (
        "Sent to the digest: you marked 5 of 5 letters from Shop News not important"
    )
    assert not [n for n in _notifications(stack, user_id) if "Weekly notes 5" in n.plain]


def test_letters_of_a_list_archived_unread_in_gmail_send_its_next_letter_to_the_digest(
    stack: LocalStack, app, user_id
):
    address = _connected(stack, app, user_id, digests=True)
    delivered = [  # a different sender each time: what they share is the list
        stack.gmail.deliver(address, _news(f"Digest item {i}", address, f"n{i}@shop.example"))
        for i in range(10)
    ]
    wait_for(lambda: all(app.store.get_mail(user_id, m.id) for m in delivered), what="ten letters")
    stack.gmail.modify(address, delivered[0].id, remove=("UNREAD",))  # one read
    for message in delivered[1:]:  # nine archived unread
        stack.gmail.modify(address, message.id, remove=("INBOX",))
    stats = wait_for(
        lambda: (s := _model(app, user_id).features.get("l:news.shop.example")) and s.n >= 10 and s,
        what="the label changes to reach the model",
    )
    assert (stats.unread, stats.read_soon) == (9, 1)

    nth = stack.gmail.deliver(address, _news("Digest item 10", address, "n10@shop.example"))
    record = wait_for(lambda: app.store.get_mail(user_id, nth.id), what="the eleventh letter")

    assert record.notify_state == "digest" and record.learned is not None
    assert learned_line("en", record.learned) == (
        "Sent to the digest: you have left 9 of 10 letters from this list unread"
    )
    assert learned_line("ru", record.learned) == (
        "Отправлено в дайджест: вы оставили непрочитанными 9 из 10 писем этой рассылки"
    )


def test_a_sender_the_user_always_answers_quickly_is_promoted_with_the_why_line(
    stack: LocalStack, app, user_id
):
    address = _connected(stack, app, user_id, digests=False)
    for i in range(5):
        letter = stack.gmail.deliver(address, letters.plain(f"Question {i}", address))
        wait_for(lambda m=letter: app.store.get_mail(user_id, m.id), what=f"letter {i}")
        stack.gmail.deliver(
            address,
            reply_from(address, f"Question {i}"),
            labels=("SENT",),
            thread_id=letter.thread_id,
        )
    stats = wait_for(
        lambda: (
            (s := _model(app, user_id).features.get("s:anna@corp.example")) and s.fast >= 5 and s
        ),
        what="the replies to reach the model",
    )
    assert stats.replied == 5

    stack.gmail.deliver(address, letters.plain("Question 5", address))
    note = wait_for(
        lambda: next((n for n in _notifications(stack, user_id) if "Question 5" in n.plain), None),
        what="the sixth notification",
    )

    first = next(n for n in _notifications(stack, user_id) if "Question 0" in n.plain)
    assert first.plain.startswith("✉️") and "💡" not in first.plain  # before: as ever
    assert note.plain.startswith("🔴 Urgent")
    assert note.plain.splitlines()[-1] == (
        "💡 Marked urgent: you usually answer letters from Anna Petrova within an hour"
    )
    learned = ask(stack, user_id, "/learned")
    assert (
        "⭐ Important: you usually answer letters from anna@corp.example within an hour"
        in learned.plain.splitlines()
    )
    ask(stack, user_id, "/learned reset")
    assert not _model(app, user_id)


def test_mute_sender_teaches_not_important_and_undo_takes_it_back(stack: LocalStack, app, user_id):
    address = _connected(stack, app, user_id, digests=False)
    stored = stack.gmail.deliver(address, _news("Mute me", address))
    note = wait_for(
        lambda: next((n for n in _notifications(stack, user_id) if "Mute me" in n.plain), None),
        what="the notification",
    )

    stack.telegram.user_clicks(user_id, note.message_id, f"mute:{stored.id}")
    muted = _model(app, user_id).features["l:news.shop.example"]
    offer = wait_for(
        lambda: next((m for m in stack.telegram.bot_messages(user_id) if "🔕" in m.plain), None),
        what="the Undo offer",
    )
    stack.telegram.user_clicks(user_id, offer.message_id, f"unmute:{stored.id}")
    undone = _model(app, user_id).features["l:news.shop.example"]

    assert (muted.n, muted.marked_not) == (1, 1)
    assert (undone.n, undone.marked_not) == (0, 0)


def test_the_mail_store_reads_kept_letters_by_id_and_by_thread(stack: LocalStack, app, user_id):
    from shared_lib.store.mail import MailStore

    address = _connected(stack, app, user_id, digests=False)
    first = stack.gmail.deliver(address, letters.plain("Thread start", address))
    second = stack.gmail.deliver(address, letters.plain("Re: start", address), thread_id=first.id)
    wait_for(lambda: app.store.get_mail(user_id, second.id), what="both letters")
    mail = MailStore(stack.project_id)  # where the mail history is kept, on its own

    kept = mail.get_mails(user_id, [second.id, "gone", first.id, second.id])
    thread = mail.mail_in_thread(user_id, first.thread_id)

    assert sorted(r.message_id for r in kept) == sorted([first.id, second.id])
    assert sorted(r.message_id for r in thread) == sorted([first.id, second.id])
    assert mail.get_mails(user_id, []) == []


def test_a_sync_reads_new_letters_replies_and_reads_with_one_history_listing(
    stack: LocalStack, app, user_id
):
    from shared_lib.gmail_sync import sync_account

    address = _connected(stack, app, user_id, digests=False)
    question = stack.gmail.deliver(address, letters.plain("Can you check the budget?", address))
    wait_for(
        lambda: (
            (a := app.store.get_account(user_id, address))
            and int(a.history_id or 0) >= question.history_id
        ),
        what="the first letter's sync",
    )
    new = stack.gmail.deliver(address, letters.plain("Another letter", address), notify=False)
    stack.gmail.deliver(
        address,
        reply_from(address, "Can you check the budget?"),
        labels=("SENT",),
        thread_id=question.thread_id,
        notify=False,
    )
    stack.gmail.modify(address, question.id, remove=("UNREAD",), notify=False)
    assert app.store.get_mail(user_id, question.id).awaiting_reply
    before = len(stack.gmail.requests)

    result = sync_account(app, app.store.get_account(user_id, address))
    calls = stack.gmail.requests[before:]

    assert result.new == [new.id]
    assert not app.store.get_mail(user_id, question.id).awaiting_reply
    stats = _model(app, user_id).features["s:anna@corp.example"]
    assert (stats.replied, stats.read_soon) == (1, 1)
    # one history listing (before learning: one for INBOX and one for SENT), the new letter,
    # the sent message's recipients
    assert sum(path.endswith("/history") for path in calls) == 1
    assert len(calls) == 3


def test_letters_still_unread_in_the_inbox_days_later_count_against_once_a_day(
    stack: LocalStack, app, user_id
):
    import time
    from datetime import timedelta

    from shared_lib.gmail_sync import sync_account

    address = _connected(stack, app, user_id, digests=False)
    days_ago = int((time.time() - timedelta(days=3, hours=12).total_seconds()) * 1000)
    left = stack.gmail.deliver(address, _news("Left", address, "a@shop.example"), notify=False)
    read = stack.gmail.deliver(address, _news("Read", address, "b@shop.example"), notify=False)
    new = stack.gmail.deliver(address, _news("New", address, "c@shop.example"), notify=False)
    left.internal_ms = read.internal_ms = days_ago  # they arrived three and a half days ago
    stack.gmail.modify(address, read.id, remove=("UNREAD",), notify=False)
    before = len(stack.gmail.requests)

    first = sync_account(app, app.store.get_account(user_id, address))
    between = len(stack.gmail.requests)
    sync_account(app, app.store.get_account(user_id, address))  # the same day: no second look
    calls = stack.gmail.requests[before:]

    model = _model(app, user_id)
    assert sorted(first.new) == sorted([left.id, read.id, new.id])
    assert model.features["s:a@shop.example"].unread == 1
    assert model.features["s:b@shop.example"].read_late == 1
    assert model.features["s:b@shop.example"].unread == 0
    assert "s:c@shop.example" not in model.features  # too new to say
    assert model.unread_checked[address] > 0  # per mailbox
    assert [p.endswith("/messages") for p in calls].count(True) == 1  # one look
    assert len(calls) - (between - before) == 1  # the second sync: its history listing alone
