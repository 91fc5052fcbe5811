"""The analysis with the user's own addresses (aliases, Delivered-To) and Gmail's labels."""

from __future__ import annotations

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.mail.parse import parse_message
from shared_lib.mailbox_addresses import own_addresses
from shared_lib.models import Account

PRIMARY = "alex@gmail.com"
ALIAS = "a.dubrovin@work.example"
QUESTION = "Alex, what do you think of the Q4 numbers?"
FYI_NOTE = "Colleagues, the office moves to the 3rd floor next week. Can we all pack by Friday?"


def _letter(to: str, cc: str = "", body: str = QUESTION, extra: tuple[str, ...] = ()) -> bytes:
    fields = [
        *extra,
        "From: Ivan Petrov <ivan@acme.io>",
        f"To: {to}",
        *([f"Cc: {cc}"] if cc else []),
        "Subject: Q4",
        "Date: Tue, 24 Nov 2026 10:00:00 +0300",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return ("\r\n".join(fields) + "\r\n\r\n" + body + "\r\n").encode()


def _analyze(raw: bytes, emails: list[str], labels: list[str] | None = None) -> Analysis:
    ctx = AnalysisContext(timezone="Europe/Moscow", user_emails=emails, gmail_labels=labels or [])
    return analyze(parse_message(raw), ctx)


def _sources(evidence: list) -> list[str]:
    return [e.source for e in evidence]


def test_a_question_to_an_alias_in_to_is_awaited_once_the_alias_is_known():
    raw = _letter(to=f"Alex <{ALIAS}>", cc="boss@acme.io")
    assert not _analyze(raw, [PRIMARY]).reply_expected  # to "someone else": a group letter
    assert _analyze(raw, [PRIMARY, ALIAS]).reply_expected


def test_the_user_only_in_cc_under_an_alias_gets_an_fyi():
    raw = _letter(to="dan@acme.io", cc=f"Alex <{ALIAS}>", body=FYI_NOTE)
    result = _analyze(raw, [PRIMARY, ALIAS])
    assert not result.reply_expected
    assert result.urgency == "low"
    assert "header:Cc" in _sources(result.urgency_reasons)
    direct = _analyze(_letter(to=f"Alex <{ALIAS}>", body=FYI_NOTE), [PRIMARY, ALIAS])
    assert direct.urgency == "normal"  # the same letter, to the user: not an FYI


def test_a_letter_to_a_forwarding_address_is_to_the_user_by_its_delivered_to():
    stamps = (
        "Delivered-To: alex@gmail.com",
        "Received: by 10.0.0.1 with SMTP; Tue, 24 Nov 2026 07:00:02 +0000",
        "Delivered-To: alex@old-university.example",
        "Received: from mx.acme.io by mx.old-university.example; Tue, 24 Nov 2026 07:00:01",
    )
    raw = _letter(to="alex@old-university.example", cc="boss@acme.io", extra=stamps)
    account = Account(user_id=1, email=PRIMARY, sealed_refresh_token="x")
    assert not _analyze(raw, own_addresses(account)).reply_expected
    assert _analyze(raw, own_addresses(account, raw)).reply_expected


def _list_letter(subject: str, body: str, sender: str = "Acme <team@acme-mail.example>") -> bytes:
    fields = [
        f"From: {sender}",
        f"To: {PRIMARY}",
        f"Subject: {subject}",
        "Date: Tue, 24 Nov 2026 10:00:00 +0300",
        "List-Unsubscribe: <https://acme-mail.example/u>",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return ("\r\n".join(fields) + "\r\n\r\n" + body + "\r\n").encode()


def test_promotions_tab_turns_a_card_cashback_offer_into_promotions_with_its_evidence():
    raw = _list_letter("Кэшбэк по карте", "Платите картой и получайте кэшбэк до 5%.")
    without = _analyze(raw, [PRIMARY])
    assert without.category == "finance"  # the words alone
    with_label = _analyze(raw, [PRIMARY], ["INBOX", "CATEGORY_PROMOTIONS"])
    assert with_label.category == "promotions"
    assert "gmail:label" in _sources(with_label.category_evidence)
    assert with_label.urgency == "low"


def test_a_tab_never_decides_between_its_own_categories():
    raw = _list_letter("Engineering Weekly #42", "This week's digest: five articles on testing.")
    assert _analyze(raw, [PRIMARY]).category == "newsletters"
    assert _analyze(raw, [PRIMARY], ["CATEGORY_PROMOTIONS"]).category == "newsletters"


def test_social_tab_makes_a_person_looking_sender_a_social_machine():
    raw = _letter(to=PRIMARY, body="Maria mentioned you in a comment. See what she said.")
    raw = raw.replace(b"ivan@acme.io", b"maria@circles.example")
    without = _analyze(raw, [PRIMARY])
    assert without.sender.kind == "person"
    result = _analyze(raw, [PRIMARY], ["CATEGORY_SOCIAL"])
    assert result.sender.kind == "automated"
    assert "gmail:label" in _sources(result.sender.evidence)
    assert result.category == "social" and result.urgency == "low"


def test_someone_the_user_wrote_to_stays_a_person_whatever_the_tab():
    raw = _letter(to=PRIMARY)
    ctx = AnalysisContext(
        user_emails=[PRIMARY], known_contacts=["ivan@acme.io"], gmail_labels=["CATEGORY_SOCIAL"]
    )
    result = analyze(parse_message(raw), ctx)
    assert result.sender.kind == "person" and result.reply_expected


def test_important_raises_nothing_alone_but_keeps_a_request_at_normal():
    note = _letter(to=PRIMARY, body="Photos from the weekend attached.")
    assert _analyze(note, [PRIMARY]).urgency == "low"
    assert _analyze(note, [PRIMARY], ["IMPORTANT", "CATEGORY_PERSONAL"]).urgency == "low"
    routine = _letter(to=PRIMARY, body="Your ticket #812 was updated. Please reply to confirm.")
    routine = routine.replace(b"ivan@acme.io", b"notifications@tracker.example")
    assert _analyze(routine, [PRIMARY]).urgency == "low"
    lifted = _analyze(routine, [PRIMARY], ["IMPORTANT", "CATEGORY_UPDATES"])
    assert lifted.urgency == "normal"
    assert _sources(lifted.urgency_reasons) == ["gmail:label"]


def test_labels_change_nothing_for_a_letter_they_agree_with():
    raw = _letter(to=PRIMARY)
    plain = _analyze(raw, [PRIMARY])
    labelled = _analyze(raw, [PRIMARY], ["INBOX", "IMPORTANT", "CATEGORY_PERSONAL"])
    assert labelled.model_dump() == plain.model_dump()


def test_a_synced_letter_is_read_for_its_delivery_stamps_once_and_analysed_with_them(monkeypatch):
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from shared_lib import gmail_sync, mailbox_addresses
    from shared_lib.config import Settings
    from shared_lib.gmail import RawMessage
    from shared_lib.models import User
    from shared_lib.rules import Rules

    stamps = (
        "Delivered-To: alex@gmail.com",
        "Received: by 10.0.0.1 with SMTP; Tue, 24 Nov 2026 07:00:02 +0000",
        "Delivered-To: alex@old-university.example",
        "Received: from mx.acme.io by mx.old-university.example; Tue, 24 Nov 2026 07:00:01",
    )
    raw = _letter(to="alex@old-university.example", cc="boss@acme.io", extra=stamps)
    calls: list[bytes] = []
    read = mailbox_addresses.delivered_to
    monkeypatch.setattr(mailbox_addresses, "delivered_to", lambda r: calls.append(r) or read(r))
    stored: dict[str, object] = {}
    store = SimpleNamespace(
        get_mail=lambda user_id, message_id: None,
        note_delivered_to=lambda user_id, email, addresses: None,
        note_letter=lambda user_id, record: stored.update(record=record),
        create_mail=lambda user_id, record: False,
    )
    app = SimpleNamespace(store=store, settings=Settings())
    received = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    gmail = SimpleNamespace(get_raw=lambda message_id: RawMessage("m1", "t1", raw, (), received))
    account = Account(user_id=1, email=PRIMARY, sealed_refresh_token="x")
    result = gmail_sync.SyncResult()
    gmail_sync._process(
        app, gmail, account, User(user_id=1, chat_id=1), Rules(), "m1", None, result
    )
    assert len(calls) == 1
    assert stored["record"].analysis.reply_expected  # to the forwarding address: to the user
