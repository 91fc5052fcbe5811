"""Known contacts of a mailbox: who the user has written to, newest last, bounded."""

from __future__ import annotations

from shared_lib.replies import recipients_of
from shared_lib.store.accounts import merge_contacts


def test_new_addresses_are_added_last_and_repeated_ones_move_to_the_end() -> None:
    known = ["a@x.ru", "b@x.ru", "c@x.ru"]
    assert merge_contacts(known, ["B@X.ru", "d@x.ru", "d@x.ru"]) == [
        "a@x.ru",
        "c@x.ru",
        "b@x.ru",
        "d@x.ru",
    ]


def test_the_oldest_contacts_are_dropped_beyond_the_limit() -> None:
    known = [f"{i}@x.ru" for i in range(5)]
    assert merge_contacts(known, ["new@x.ru"], limit=3) == ["3@x.ru", "4@x.ru", "new@x.ru"]


def test_entries_without_an_address_are_ignored() -> None:
    assert merge_contacts(["a@x.ru"], ["", "undisclosed-recipients"]) == ["a@x.ru"]


def test_recipients_are_read_from_to_and_cc_of_gmail_metadata() -> None:
    metadata = {
        "payload": {
            "headers": [
                {"name": "From", "value": "me@gmail.com"},
                {"name": "To", "value": "Anna <Anna@corp.example>, bob@x.ru"},
                {"name": "cc", "value": "=?utf-8?b?0JvQuNC30LA=?= <liza@hse.ru>, bob@x.ru"},
                {"name": "Subject", "value": "Hi"},
            ]
        }
    }
    assert recipients_of(metadata) == ("anna@corp.example", "bob@x.ru", "liza@hse.ru")
    assert recipients_of({}) == ()
