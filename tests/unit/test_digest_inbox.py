"""The digest inbox: entries, repeats, overflow, the queue of undigested letters."""

from datetime import timedelta

from shared_lib.digest import inbox
from shared_lib.digest.inbox import Inbox
from shared_lib.digest.render import render_digest
from tests.unit.test_digest_render import NOW, SINCE, letter, user


def test_a_digest_from_stored_inbox_entries_reads_as_one_from_the_records():
    records = [
        letter("Report", "work", urgency="urgent", awaiting=True, hashtags=("project-x",)),
        letter("Invoice", "finance", awaiting=True, deadline=NOW - timedelta(hours=3)),
        letter("Digest only", "newsletters", urgency="low", state="digest"),
    ]
    stored = Inbox(SINCE, [inbox.entry_of(r) for r in records]).to_doc()
    assert isinstance(stored["letters"], str)  # one JSON string: cheap to store and read
    loaded = Inbox.from_doc(stored)
    assert loaded is not None
    from_entries = inbox.period_letters(loaded, SINCE, NOW)
    assert render_digest(user(), NOW, SINCE, from_entries, [], NOW) == render_digest(
        user(), NOW, SINCE, records, [], NOW
    )


def test_noting_a_letter_twice_keeps_the_first_entry_even_once_digested():
    first = inbox.entry_of(letter("First"))
    box = inbox.add_entry(None, first, NOW)
    assert box.started_at == first["created_at"]
    box = inbox.add_entry(box, inbox.entry_of(letter("Second")), NOW)
    box = inbox.after_digest(box, SINCE, NOW)
    assert box.letters == []
    again = inbox.add_entry(Inbox(SINCE, [{**first, "digested": True}]), first, NOW)
    assert again.letters == [{**first, "digested": True}]


def test_an_inbox_document_holding_only_a_kept_digest_is_no_inbox():
    assert Inbox.from_doc({"outgoing": {"token": "t", "message": None}}) is None


def test_a_full_inbox_restarts_keeping_the_letters_awaiting_a_reply():
    box = Inbox(SINCE, [])
    for i in range(inbox.MAX_ENTRIES):
        box.letters.append(inbox.entry_of(letter(f"L{i}", awaiting=i % 100 == 0)))
    box = inbox.add_entry(box, inbox.entry_of(letter("One too many")), NOW)
    assert box.started_at == NOW and not box.covers(SINCE)  # earlier: from the records
    assert [e["subject"] for e in box.letters] == [f"L{i}" for i in range(0, 1000, 100)]


def test_a_letter_noted_late_goes_into_the_next_digest():
    on_time = inbox.entry_of(letter("On time", received=NOW - timedelta(hours=1)))
    box = inbox.after_digest(Inbox(SINCE, [on_time]), SINCE, NOW)  # the digest at NOW
    late = inbox.entry_of(letter("Late", received=NOW - timedelta(seconds=1)))
    box = inbox.add_entry(box, late, NOW + timedelta(seconds=5))
    later = NOW + timedelta(days=1)
    assert [r.subject for r in inbox.period_letters(box, SINCE, later)] == ["Late"]


def test_a_digest_keeps_only_undigested_letters_and_those_awaiting_a_reply():
    before = letter("Before digests were on", received=SINCE - timedelta(hours=1))
    taken = letter("Taken", received=NOW - timedelta(hours=5))
    waiting = letter("Waiting", awaiting=True, received=NOW - timedelta(hours=4))
    expired = letter("Expired", awaiting=True).model_copy(update={"expires_at": NOW})
    later = letter("Later", received=NOW + timedelta(minutes=5))
    box = Inbox(
        SINCE - timedelta(days=1),
        [inbox.entry_of(r) for r in (before, taken, waiting, expired, later)],
    )
    assert [r.subject for r in inbox.period_letters(box, SINCE, NOW)] == ["Taken", "Waiting"]
    box = inbox.after_digest(box, SINCE, NOW)
    assert [e["subject"] for e in box.letters] == ["Waiting", "Later"]
    assert [r.subject for r in inbox.awaiting_letters(box)] == ["Waiting"]
    assert inbox.answered(box, {waiting.message_id}) and inbox.awaiting_letters(box) == []
