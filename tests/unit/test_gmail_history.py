"""Reading Gmail history: one unfiltered listing sorted into new INBOX letters, messages the
user sent and labels removed; each message once, oldest first, with its thread."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from shared_lib.gmail import (
    MAX_HISTORY_PAGES,
    MAX_LABEL_CHANGES,
    GmailClient,
    HistoryGone,
    is_own_message,
    read_history,
)


def _added(message_id: str, labels: list[str] | None, thread: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"id": message_id}
    if labels is not None:
        message["labelIds"] = labels
    if thread:
        message["threadId"] = thread
    return {"messagesAdded": [{"message": message}]}


def _removed(message_id: str, removed: list[str], after: list[str]) -> dict[str, Any]:
    message = {"id": message_id, "threadId": message_id, "labelIds": after}
    return {"labelsRemoved": [{"message": message, "labelIds": removed}]}


PAGES = [
    {
        "historyId": "120",
        "history": [
            _added("m1", ["INBOX", "UNREAD"], "t1"),
            _added("s1", ["SENT"], "t1"),
            _added("d1", ["DRAFT"]),
            _removed("m0", ["UNREAD"], ["INBOX"]),
        ],
    },
    {
        "historyId": "130",
        "history": [
            _added("m1", ["INBOX"], "t1"),
            _added("m2", None),  # no labels given: a new letter, as with a labelId filter
            _removed("m0", ["INBOX"], []),
        ],
    },
]


def test_one_listing_gives_new_letters_sent_messages_and_labels_removed():
    changes = read_history(PAGES, "100")

    assert changes.inbox == [("m1", "t1"), ("m2", "m2")]  # no thread id: its own thread
    assert changes.sent == [("s1", "t1")]
    assert changes.labels_removed == {"m0": ({"UNREAD", "INBOX"}, set())}
    assert changes.latest == "130"
    assert read_history([], "100").latest == "100"


def test_labels_removed_are_kept_for_a_bounded_number_of_messages():
    many = [_removed(f"m{i}", ["UNREAD"], ["INBOX"]) for i in range(MAX_LABEL_CHANGES + 50)]
    late_letter = _added("new", ["INBOX"])

    changes = read_history([{"historyId": "9", "history": [*many, late_letter]}], "1")

    assert len(changes.labels_removed) == MAX_LABEL_CHANGES
    assert changes.inbox == [("new", "new")]  # the bound never hides a new letter


class _History(GmailClient):
    """A client whose ``history.list`` pages are given; records each listing asked for."""

    def __init__(
        self, pages: list[dict[str, Any]], labels: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.pages = pages
        self.labels = labels or {}
        self.listings: list[tuple[str, ...]] = []
        self.looked_up: list[str] = []

    def labels_of(self, message_id: str) -> tuple[str, ...] | None:
        self.looked_up.append(message_id)
        return self.labels.get(message_id)

    def history_pages(
        self, start_history_id: str, history_types: Sequence[str]
    ) -> Iterator[dict[str, Any]]:
        self.listings.append(tuple(history_types))
        yield from self.pages


def test_the_client_asks_for_added_messages_and_removed_labels_in_one_listing():
    gmail = _History(PAGES, {"m2": ("INBOX", "UNREAD")})

    changes = gmail.changes_since("100")

    assert gmail.listings == [("messageAdded", "labelRemoved")]
    assert changes.sent == [("s1", "t1")]
    assert gmail.looked_up == ["m2"]  # only the message given without labels
    assert [m for m, _ in changes.inbox] == ["m1", "m2"]


def test_an_added_message_given_without_labels_is_sorted_by_its_looked_up_labels():
    pages = [{"historyId": "140", "history": [
        _added("in", None, "t1"), _added("mine", None, "t1"), _added("gone", None),
        _added("old", ["INBOX"], "t0"),
    ]}]  # fmt: skip
    changes = read_history(pages, "100")
    assert changes.unlabelled == ["in", "mine", "gone"]
    assert [m for m, _ in changes.inbox] == ["in", "mine", "gone", "old"]  # until looked up

    changes.resolve({"in": ("INBOX", "UNREAD"), "mine": ("SENT",), "gone": None})

    assert changes.inbox == [("in", "t1"), ("old", "t0")]  # the user's own message is no letter
    assert changes.sent == [("mine", "t1")]  # and it counts as a reply in its thread
    assert changes.unlabelled == []


class _Listing:
    """``users().history().list(...)``: the request is its keyword arguments."""

    def __init__(self, calls: list[dict[str, Any]]) -> None:
        self.calls = calls

    def history(self) -> _Listing:
        return self

    def list(self, **query: Any) -> dict[str, Any]:
        self.calls.append(query)
        return query


class _Paged(GmailClient):
    """A client whose Gmail answers ``pages`` pages of one new letter each, then stops."""

    def __init__(self, pages: int) -> None:
        self.calls: list[dict[str, Any]] = []
        self._users = _Listing(self.calls)
        self.pages = pages

    def _execute(self, request: Any) -> Any:
        n = int(request["pageToken"] or 0)
        page: dict[str, Any] = {"historyId": "999", "history": [_added(f"m{n}", ["INBOX"])]}
        if n + 1 < self.pages:
            page["nextPageToken"] = str(n + 1)
        return page


def test_a_history_longer_than_one_sync_reads_is_a_resync_not_skipped_letters():
    # Each page carries the mailbox's current history id: moving the checkpoint there after
    # the last page read would lose the letters of the pages not read.
    with pytest.raises(HistoryGone):
        _Paged(MAX_HISTORY_PAGES + 1).changes_since("100")

    changes = _Paged(MAX_HISTORY_PAGES).changes_since("100")
    assert len(changes.inbox) == MAX_HISTORY_PAGES and changes.latest == "999"


def test_a_fetched_message_the_user_wrote_outside_the_inbox_is_no_letter():
    assert is_own_message(("SENT",)) and is_own_message(("DRAFT",))
    assert not is_own_message(("SENT", "INBOX"))  # written to themselves: in the inbox too
    assert not is_own_message(("INBOX", "UNREAD")) and not is_own_message(())
    assert not is_own_message(("CATEGORY_UPDATES",))  # archived by a filter on arrival
