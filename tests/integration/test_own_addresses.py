"""A mailbox's aliases and Gmail's labels, end to end: connect learns the send-as aliases, and
the notifications treat a letter to an alias as to the user."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.digest.watch import renew_watch
from shared_lib.store import utcnow
from shared_lib.store.digests import AccountRef
from telemail_local import DEMO_LETTERS
from telemail_local.demo import DEMO_ALIAS
from telemail_local.redate import redate
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests.integration.test_new_mail import _wait_for_notifications

pytestmark = pytest.mark.integration
AWAITED = "Awaiting your reply"


def _letter(subject: str, body: str, to: str, cc: str = "", bulk: bool = False) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = "Shop Deals <deals@shop.example>" if bulk else "Ivan Petrov <ivan@acme.example>"
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    if bulk:
        msg["List-Unsubscribe"] = "<https://shop.example/unsubscribe>"
    msg["Date"] = "Wed, 25 Nov 2026 09:30:00 +0000"
    msg["Message-ID"] = f"<{abs(hash(subject))}@acme.example>"
    msg.set_content(body)
    return msg.as_bytes()


def test_a_question_to_an_alias_awaits_a_reply_and_the_alias_only_in_cc_is_fyi(
    stack: LocalStack, user_id: int, firestore_db
):
    address, alias = f"user{user_id}@gmail.example", f"u{user_id}@work.example"
    stack.google.add_account(address, f"User {user_id}")
    stack.gmail.add_alias(address, alias, "User at work")
    stack.gmail.add_alias(address, f"shared{user_id}@work.example", treat_as_alias=False)
    connect(stack, user_id, address)
    account_ref = firestore_db.document(f"users/{user_id}/accounts/{address}")
    account = account_ref.get().to_dict()
    assert account["own_addresses"] == [address, alias]  # the shared box is not the user's
    assert account["own_addresses_at"] is not None

    question = "Hi, what do you think of the Q4 plan?"
    stack.gmail.deliver(address, _letter("Q4 plan", question, alias, cc="boss@acme.example"))
    (first,) = _wait_for_notifications(stack, user_id, 1)
    assert AWAITED in first.plain

    note = "Colleagues, the office moves to the 3rd floor. Could you pack your desks by Friday?"
    stack.gmail.deliver(address, _letter("Office move", note, "team@acme.example", cc=alias))
    second = _wait_for_notifications(stack, user_id, 2)[1]
    assert AWAITED not in second.plain and "Reply by" not in second.plain
    records = {
        d.to_dict()["subject"]: d.to_dict()
        for d in account_ref.parent.parent.collection("mail").stream()
    }
    fyi = records["Office move"]["analysis"]
    assert fyi["urgency"] == "low" and not fyi["reply_expected"]
    assert records["Q4 plan"]["awaiting_reply"] is True


def test_gmails_promotions_label_is_evidence_for_the_letters_category(
    stack: LocalStack, user_id: int, firestore_db
):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address)
    offer = _letter(
        "Кэшбэк по карте", "Платите картой и получайте кэшбэк до 5%.", address, bulk=True
    )
    stored = stack.gmail.deliver(address, offer)
    assert "CATEGORY_PROMOTIONS" in stored.labels  # the stand-in files it as Gmail would
    _wait_for_notifications(stack, user_id, 1)
    record = firestore_db.document(f"users/{user_id}/mail/{stored.id}").get().to_dict()
    assert record["analysis"]["category"] == "promotions"
    evidence = record["analysis"]["category_evidence"]
    assert {"source": "gmail:label", "text": "CATEGORY_PROMOTIONS"} in evidence


@pytest.fixture
def app(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> App:
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)
    return App(Settings())


def test_watch_renewal_refreshes_the_aliases_from_gmail(
    stack: LocalStack, app: App, user_id: int, firestore_db
):
    address, old = f"user{user_id}@gmail.example", f"old{user_id}@work.example"
    stack.google.add_account(address, f"User {user_id}")
    stack.gmail.add_alias(address, old)
    connect(stack, user_id, address)
    box = stack.gmail.mailbox(address)
    box.aliases.clear()  # the user removed the old alias in Gmail and added a new one
    stack.gmail.add_alias(address, f"new{user_id}@work.example")

    assert renew_watch(app, AccountRef(user_id, address), utcnow()) == "renewed"
    account = firestore_db.document(f"users/{user_id}/accounts/{address}").get().to_dict()
    assert account["own_addresses"] == [address, f"new{user_id}@work.example"]


def test_the_demo_thread_reply_to_sashas_alias_awaits_a_reply(stack: LocalStack, user_id: int):
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    stack.gmail.add_alias(address, DEMO_ALIAS, "Sasha Demo")
    connect(stack, user_id, address)
    letter = (DEMO_LETTERS / "06-en-work-thread-reply-offsite.eml").read_bytes()
    assert DEMO_ALIAS.encode() in letter
    stack.gmail.deliver(address, redate(letter, datetime.now(UTC)))
    (notification,) = _wait_for_notifications(stack, user_id, 1)
    assert AWAITED in notification.plain or "Reply by" in notification.plain
