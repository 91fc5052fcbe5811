"""Reading Gmail history: which messages were added with a label (new letters in INBOX, what
the user sent in SENT), each once, oldest first, with its thread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shared_lib.gmail import GmailClient


def _added(message_id: str, labels: list[str], thread: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"id": message_id, "labelIds": labels}
    if thread:
        message["threadId"] = thread
    return {"messagesAdded": [{"message": message}]}


class _History(GmailClient):
    """A client whose ``history.list`` pages are given; counts the listings."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.listings: list[tuple[str, str | None]] = []

    def history_pages(
        self, start_history_id: str, history_type: str, label_id: str | None = None
    ) -> Iterator[dict[str, Any]]:
        self.listings.append((history_type, label_id))
        yield from self.pages


PAGES = [
    {
        "historyId": "120",
        "history": [
            _added("m1", ["INBOX", "UNREAD"], "t1"),
            _added("s1", ["SENT"], "t1"),
            _added("d1", ["DRAFT"]),
        ],
    },
    {"historyId": "130", "history": [_added("m1", ["INBOX"], "t1"), _added("m2", ["INBOX"])]},
]


def test_messages_added_with_a_label_are_listed_once_oldest_first_with_their_thread():
    gmail = _History(PAGES)

    inbox, latest = gmail.added_since("100")
    sent, _ = gmail.added_since("100", "SENT")

    assert inbox == [("m1", "t1"), ("m2", "m2")]  # no thread id: the message is its thread
    assert sent == [("s1", "t1")]
    assert latest == "130"
