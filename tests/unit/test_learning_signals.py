"""Signals → observations: reads, archives and replies of kept letters; the Gmail stand-in's
``users.messages.modify`` and ``labelRemoved`` history, which the sync reads them from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared_lib.analysis.model import Analysis, SenderInfo
from shared_lib.learning.model import LearningModel
from shared_lib.learning.signals import (
    MAX_UNREAD_WINDOW,
    UNREAD_AFTER,
    features_of_record,
    left_unread_observations,
    opened_observation,
    reply_observations,
    unread_window,
)
from shared_lib.learning.why import LearnedWhy
from shared_lib.models import MailRecord
from shared_lib.replies import SentMessage
from telemail_local.gmail_server import GmailStandIn
from telemail_local.google_server import GoogleStandIn, create_app
from tests import letters

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _record(message_id: str = "m1", thread: str = "t1", at: datetime = AT, **fields) -> MailRecord:
    return MailRecord(
        message_id=message_id,
        thread_id=thread,
        account="me@gmail.example",
        received_at=at,
        sender_email="anna@corp.example",
        analysis=Analysis(category="work", sender=SenderInfo(known_contact=True)),
        **fields,
    )


def test_features_of_a_record_are_those_it_was_judged_by():
    learned = LearnedWhy(effect="urgent", signal="reply_fast", kind="sender", was="normal")
    record = _record(gmail_category="updates", learned=learned)
    record.analysis.urgency = "urgent"  # as learning raised it
    assert features_of_record(record) == (
        "s:anna@corp.example",
        "d:corp.example",
        "g:updates",
        "c:work",
        "k:known",
        "u:normal",
    )


def test_read_soon_read_late_and_archived_unread():
    record = _record()
    soon = opened_observation(record, {"UNREAD"}, {"INBOX"}, AT + timedelta(minutes=30))
    late = opened_observation(record, {"UNREAD"}, {"INBOX"}, AT + timedelta(hours=5))
    archived = opened_observation(record, {"INBOX"}, {"UNREAD"}, AT + timedelta(hours=5))
    read_then_archived = opened_observation(record, {"INBOX"}, set(), AT)
    assert [o.observed if o else None for o in (soon, late, archived, read_then_archived)] == [
        "read_soon",
        "read_late",
        "archived_unread",
        None,
    ]


def _minute(at: datetime) -> int:
    return int(at.timestamp() // 60)


def test_letters_left_unread_are_looked_for_once_a_day_each_arrival_once():
    first = unread_window(0, AT)
    too_soon = unread_window(_minute(AT), AT + timedelta(hours=20))
    next_day = unread_window(_minute(AT), AT + timedelta(days=1, hours=2))
    after_a_month = unread_window(_minute(AT), AT + timedelta(days=30))

    assert first == (AT - UNREAD_AFTER - timedelta(days=1), AT - UNREAD_AFTER)
    assert too_soon is None
    assert next_day == (AT - UNREAD_AFTER, AT + timedelta(days=1, hours=2) - UNREAD_AFTER)
    assert after_a_month is not None and after_a_month[1] - after_a_month[0] == MAX_UNREAD_WINDOW


def test_left_unread_counts_letters_told_about_in_the_window_not_those_learning_demoted():
    start, end = AT, AT + timedelta(days=1)
    demoted = LearnedWhy(effect="digest", signal="unread", kind="list")
    raised = LearnedWhy(effect="urgent", signal="reply_fast", kind="sender")
    records = [
        _record("told", at=AT + timedelta(hours=1), notify_state="published"),
        _record("digest", at=AT + timedelta(hours=2), notify_state="digest"),
        _record("raised", at=AT + timedelta(hours=3), notify_state="published", learned=raised),
        _record("demoted", at=AT + timedelta(hours=4), notify_state="digest", learned=demoted),
        _record("muted", at=AT + timedelta(hours=5), notify_state="dropped"),
        _record("too_new", at=end + timedelta(minutes=1), notify_state="published"),
        _record("counted_before", at=start, notify_state="published"),
    ]

    found = left_unread_observations(records, start, end)

    assert [(o.message_id, o.observed) for o in found] == [
        ("told", "left_unread"),
        ("digest", "left_unread"),
        ("raised", "left_unread"),
    ]


def test_a_reply_counts_for_the_newest_letter_it_answers_and_says_if_it_was_fast():
    older = _record("m1", at=AT)
    newer = _record("m2", at=AT + timedelta(hours=2))
    later = _record("m3", at=AT + timedelta(hours=9))
    threads = {"t1": [older, newer, later]}
    fast = SentMessage("s1", "t1", AT + timedelta(hours=2, minutes=40))
    slow = SentMessage("s2", "t1", AT + timedelta(hours=8))
    unknown = SentMessage("s3", "t9", AT)

    found = reply_observations([fast, slow, unknown], threads)

    assert [(o.message_id, o.observed) for o in found] == [("m2", "reply_fast"), ("m2", "reply")]


def test_the_gmail_stand_in_reads_and_archives_and_reports_labels_removed():
    google = GoogleStandIn("client", "secret", ["http://localhost/callback"])
    gmail = GmailStandIn(google, "test")
    client = create_app(google, gmail).test_client()
    address = "me@gmail.example"
    google.add_account(address, "Me")
    google.refresh_tokens["1//refresh"] = address  # consented
    auth = {"Authorization": f"Bearer {google.issue_access_token(address)}"}
    stored = gmail.deliver(address, letters.plain("Hello", address), notify=False)
    start = gmail.mailbox(address).history_id

    read = client.post(
        f"/gmail/v1/users/me/messages/{stored.id}/modify",
        json={"removeLabelIds": ["UNREAD"]},
        headers=auth,
    )
    gmail.modify(address, stored.id, remove=("INBOX",), notify=False)
    missing = client.post(
        "/gmail/v1/users/me/messages/nope/modify", json={"removeLabelIds": ["UNREAD"]}, headers=auth
    )
    removed = client.get(
        "/gmail/v1/users/me/history",
        query_string={"startHistoryId": start, "historyTypes": "labelRemoved"},
        headers=auth,
    ).get_json()
    added = client.get(
        "/gmail/v1/users/me/history",
        query_string={"startHistoryId": start - 5, "historyTypes": "messageAdded"},
        headers=auth,
    ).get_json()

    assert read.status_code == 200 and "UNREAD" not in read.get_json()["labelIds"]
    assert missing.status_code == 404
    changes = [c for h in removed["history"] for c in h["labelsRemoved"]]
    assert [c["labelIds"] for c in changes] == [["UNREAD"], ["INBOX"]]
    assert ["INBOX" in c["message"]["labelIds"] for c in changes] == [True, False]
    assert not {"UNREAD", "INBOX"} & set(changes[-1]["message"]["labelIds"])
    assert [h["messagesAdded"][0]["message"]["id"] for h in added["history"]] == [stored.id]


def test_the_settings_page_gets_what_learning_changed_in_the_users_language():
    from shared_lib.webapp.api import letter_document

    learned = LearnedWhy(effect="digest", signal="unread", kind="list", subject="x", k=9, n=10)
    plain = letter_document(_record())
    changed = letter_document(_record(learned=learned), "ru")

    assert "learned" not in plain
    assert changed["learned"] == (
        "Отправлено в дайджест: вы оставили непрочитанными 9 из 10 писем этой рассылки"
    )


class _ModelStore:
    """The learning model as ``LearningStore.learn`` updates it, without Firestore."""

    def __init__(self) -> None:
        self.model = LearningModel()

    def get_learning(self, user_id: int) -> LearningModel:
        return self.model

    def get_mails(self, user_id: int, ids: list[str]) -> list[MailRecord]:
        return []

    def learn(self, user_id: int, observations, now: datetime, unread_checked: str = "") -> int:
        changed = self.model.observe_all(observations, now)
        if unread_checked:
            self.model.note_unread_look(unread_checked, int(now.timestamp() // 60))
        return changed


class _Unread:
    """A mailbox's ``messages.list`` of unread INBOX letters: counts the looks."""

    def __init__(self) -> None:
        self.looks = 0

    def unread_inbox(self, after: datetime, before: datetime, limit: int) -> list[str]:
        self.looks += 1
        return []


def test_each_mailbox_of_a_user_is_looked_at_for_letters_left_unread_once_a_day():
    from types import SimpleNamespace

    from shared_lib.learning.signals import learn_from_unread

    app = SimpleNamespace(store=_ModelStore())
    work, home = _Unread(), _Unread()

    def sync(gmail: _Unread, mailbox: str, at: datetime) -> None:
        learn_from_unread(app, gmail, 7, mailbox, None, at)  # type: ignore[arg-type]

    sync(work, "work@x.example", AT)
    sync(home, "home@x.example", AT + timedelta(hours=1))  # the other mailbox, the same day
    sync(work, "work@x.example", AT + timedelta(hours=2))  # the same mailbox again: not today
    sync(work, "work@x.example", AT + timedelta(days=1, hours=1))

    assert (work.looks, home.looks) == (2, 1)
    assert set(app.store.model.unread_checked) == {"work@x.example", "home@x.example"}


def test_a_gmail_404_on_the_look_for_letters_left_unread_does_not_fail_the_sync():
    # The sync lets only a revoked grant through; anything else raised here would fail it
    # after its letters, and Pub/Sub would redeliver it for ever with the checkpoint unmoved.
    from types import SimpleNamespace

    from shared_lib.gmail import HistoryGone
    from shared_lib.learning.signals import learn_from_unread

    class _Gone(_Unread):
        def unread_inbox(self, after: datetime, before: datetime, limit: int) -> list[str]:
            raise HistoryGone("404")

    app = SimpleNamespace(store=_ModelStore())
    assert learn_from_unread(app, _Gone(), 7, "work@x.example", None, AT) == 0  # type: ignore[arg-type]
    assert app.store.model.unread_checked == {}  # looked at again at the next sync
