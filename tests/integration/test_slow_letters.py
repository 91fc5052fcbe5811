"""No letter can stall a mailbox: a slow or poisonous letter is notified (cut short and marked
when it runs past its budget), and the letters after it are notified promptly, exactly once.

A sync takes new letters for `sync_budget_seconds` at most and continues in a fresh invocation
(a continuation on gmail-push); here the in-process sync gets budgets of zero, so it stops after
the first letter, and the stack's own gmail_push (default budgets) picks up the continuation.
"""

from __future__ import annotations

import time

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.gmail_sync import handle_push
from telemail_local.stack import LocalStack
from tests import letters
from tests.integration.test_faults import (
    _envelope,
    _notifications,
    assert_exactly_once,
)

pytestmark = pytest.mark.integration

CUT_SHORT = "Analysis cut short"
# The issue's worst letter: the year 9999 (OverflowError), "ДОМ-" ×2,500 (3.8 s of the house
# pattern) and 500 Zoom links joined by commas (1.5 s of widening them), all in one body.
POISON_BODY = "ДОМ-" * 1250 + "https://zoom.us/j/123456789," * 200 + "\nПришлите до завтра."


def _poison(subject: str, to: str) -> bytes:
    raw = letters.plain(subject, to, POISON_BODY)
    return raw.replace(
        b"Date: Wed, 25 Nov 2026 09:30:00 +0000", b"Date: Fri, 31 Dec 9999 23:59:59 -2359"
    )


def test_the_poisonous_letter_of_the_issue_is_analysed_and_does_not_delay_the_next(
    stack: LocalStack, mailbox: tuple[int, str], in_process_env: None
) -> None:
    uid, address = mailbox
    assert b"9999" in _poison("x", address)  # the Date really is replaced
    subjects = ["Poison from 9999", "Plain after poison 1", "Plain after poison 2"]
    stack.gmail.deliver(address, _poison(subjects[0], address), notify=False)
    stack.gmail.deliver(address, letters.plain(subjects[1], address), notify=False)
    started = time.monotonic()
    stack.gmail.deliver(address, letters.plain(subjects[2], address))  # the push of all three

    assert_exactly_once(stack, uid, subjects, timeout=30)
    assert time.monotonic() - started < 20
    app = App(Settings())
    records = [d.to_dict() for d in app.store.db.collection(f"users/{uid}/mail").stream()]
    poison = next(r for r in records if r["subject"] == subjects[0])
    assert "not analysed" not in poison["defects"]  # analysed, not failed on


def test_a_letter_past_its_budget_is_cut_short_and_the_rest_continue_in_a_fresh_invocation(
    stack: LocalStack, mailbox: tuple[int, str], in_process_env: None
) -> None:
    uid, address = mailbox
    subjects = ["Slow letter first", "Quick letter 1", "Quick letter 2", "Quick letter 3"]
    delivered = [stack.gmail.deliver(address, _poison(subjects[0], address), notify=False)]
    delivered += [
        stack.gmail.deliver(address, letters.plain(s, address), notify=False) for s in subjects[1:]
    ]
    # Budgets of zero: the first letter runs past both (it is cut short), and the sync stops.
    app = App(Settings(sync_budget_seconds=0.0, analysis_budget_seconds=0.0))

    started = time.monotonic()
    result = handle_push(app, _envelope(address, delivered[-1].history_id))
    assert result is not None and result.continued
    assert result.new == [delivered[0].id]

    # The continuation reaches the stack's gmail_push, which takes the other letters.
    assert_exactly_once(stack, uid, subjects, timeout=30)
    assert time.monotonic() - started < 20
    notes = {s: n.plain for n in _notifications(stack, uid, 0) for s in subjects if s in n.plain}
    assert CUT_SHORT in notes[subjects[0]]
    assert not any(CUT_SHORT in notes[s] for s in subjects[1:])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the last invocation moves the checkpoint
        account = app.store.get_account(uid, address)
        if account is not None and account.history_id == str(delivered[-1].history_id):
            break
        time.sleep(0.2)
    assert account is not None and account.history_id == str(delivered[-1].history_id)
    stored = app.store.get_mail(uid, delivered[0].id)
    assert stored is not None and stored.analysis.partial
