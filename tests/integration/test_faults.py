"""Exactly once under faults: N letters delivered → exactly N notifications, each for its letter.

Faults injected on the real emulators and stand-ins: Pub/Sub redelivery and reordering, a crash
at each step of ``gmail_push`` (in-process, by monkeypatching), Telegram 429 (short and long
``retry_after``) and 500, Firestore contention (concurrent syncs and concurrent sends of one
outbox key), Gmail 5xx and 429, and a failed Firestore write after Telegram took a message.
Run with ``-s`` to see the summary line: letters, notifications, lost, duplicated, faults.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

from shared_lib import outbox
from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.gmail import GmailClient
from shared_lib.gmail_sync import SyncResult, handle_push
from shared_lib.http import HttpResponse
from shared_lib.models import OutboxMessage
from telemail_local import gmail_server, telegram_server
from telemail_local.stack import LocalStack
from telemail_local.telegram_server import ChatMessage
from tests import letters

pytestmark = pytest.mark.integration

URGENCY_MARKS = ("✉", "🔴", "⚪")  # the icon that opens every notification


@dataclass
class Tally:
    """What the module measured, printed once at its end."""

    letters: int = 0
    notified: int = 0
    lost: int = 0
    duplicated: int = 0
    faults: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        faults = ", ".join(f"{kind} ×{n}" for kind, n in sorted(self.faults.items()))
        return (
            f"faults: {self.letters} letters delivered, {self.notified} notified, "
            f"{self.lost} lost, {self.duplicated} duplicated; injected: {faults}"
        )


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + TALLY.line())


@pytest.fixture
def app(in_process_env: None) -> App:
    return App(Settings())


def _subjects(tag: str, n: int) -> list[str]:
    return [f"{tag} letter {i:02d} of {n:02d}" for i in range(n)]


def _deliver(stack: LocalStack, address: str, subjects: list[str], notify: bool = True) -> list:
    TALLY.letters += len(subjects)
    return [
        stack.gmail.deliver(
            address, letters.SHAPES[i % len(letters.SHAPES)](subject, address), notify=notify
        )
        for i, subject in enumerate(subjects)
    ]


def _envelope(address: str, history_id: int) -> dict[str, Any]:
    data = json.dumps({"emailAddress": address, "historyId": history_id}).encode()
    return {"message": {"data": base64.b64encode(data).decode(), "messageId": "t"}}


def _notifications(stack: LocalStack, uid: int, after: int) -> list[ChatMessage]:
    return [
        m
        for m in stack.telegram.bot_messages(uid)
        if m.message_id > after and m.plain.startswith(URGENCY_MARKS)
    ]


def _last_message_id(stack: LocalStack, uid: int) -> int:
    return max((m.message_id for m in stack.telegram.chat(uid)), default=0)


def assert_exactly_once(
    stack: LocalStack, uid: int, subjects: list[str], after: int = 0, timeout: float = 60
) -> None:
    """Wait (bounded) for one notification per subject, then a little more for duplicates;
    fail naming the lost, duplicated and unexpected ones."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notes = _notifications(stack, uid, after)
        if all(any(s in n.plain for n in notes) for s in subjects):
            break
        time.sleep(0.1)
    time.sleep(1.5)  # a duplicate would arrive now
    notes = _notifications(stack, uid, after)
    counts = {s: sum(s in n.plain for n in notes) for s in subjects}
    lost = [s for s, c in counts.items() if c == 0]
    duplicated = [s for s, c in counts.items() if c > 1]
    strangers = [n.plain[:80] for n in notes if not any(s in n.plain for s in subjects)]
    TALLY.notified += len(notes)
    TALLY.lost += len(lost)
    TALLY.duplicated += sum(c - 1 for c in counts.values() if c > 1)
    assert not lost and not duplicated and not strangers, (
        f"{len(subjects)} letters → {len(notes)} notifications; lost {lost}, "
        f"duplicated {duplicated}, unexpected {strangers}"
    )
    assert len(notes) == len(subjects)


def _records(app: App, uid: int) -> dict[str, str]:
    docs = app.store.db.collection(f"users/{uid}/mail").stream()
    return {d.id: d.to_dict()["notify_state"] for d in docs}


def _wait_faults_consumed(faults: list, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while any(f.count > 0 for f in faults) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(f.count == 0 for f in faults), f"faults not consumed: {faults}"


def _log_tail(stack: LocalStack, name: str, start: int) -> str:
    return stack.function_log(name)[start:]


# Pub/Sub redelivery and reordering --------------------------------------------------------


def test_pushes_redelivered_three_times_and_reordered_while_mail_arrives_notify_once(
    stack: LocalStack, mailbox: tuple[int, str]
):
    uid, address = mailbox
    start = stack.gmail.mailbox(address).history_id
    subjects = _subjects("Redelivered", 12)
    rng = random.Random(uid)
    pending: list[int] = []
    for batch in range(4):  # letters keep arriving while earlier pushes are being handled
        stored = _deliver(stack, address, subjects[batch * 3 : batch * 3 + 3], notify=False)
        pending += [s.history_id for s in stored] * 3 + [start]  # ×3, and a stale one
        rng.shuffle(pending)
        for history_id in pending[: len(pending) // 2]:
            stack.gmail.publish_push(address, history_id)
        pending = pending[len(pending) // 2 :]
    for history_id in pending:
        stack.gmail.publish_push(address, history_id)
    TALLY.faults["push redelivered/reordered"] += 12 * 2 + 4

    assert_exactly_once(stack, uid, subjects)


def test_concurrent_real_pushes_for_one_mailbox_notify_each_letter_once(
    stack: LocalStack, mailbox: tuple[int, str]
):
    uid, address = mailbox
    subjects = _subjects("Concurrent push", 10)
    last = _deliver(stack, address, subjects, notify=False)[-1]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: stack.gmail.publish_push(address, last.history_id), range(8)))
    TALLY.faults["concurrent pushes"] += 8

    assert_exactly_once(stack, uid, subjects)


# A crash at each step of gmail_push, then redelivery --------------------------------------


def _crash_after(
    owner: object, name: str, on_call: int, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """Make ``owner.name`` run normally and then raise on its ``on_call``-th call;
    returns the function that restores it."""
    original = getattr(owner, name)
    calls = itertools.count(1)

    def crashing(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if next(calls) == on_call:
            raise RuntimeError(f"injected crash after {name}")
        return result

    monkeypatch.setattr(owner, name, crashing)
    return lambda: monkeypatch.setattr(owner, name, original)


CRASH_POINTS = {  # step → (what to patch, its method, the call that crashes)
    "after history list": ("gmail", "changes_since", 1),
    "after fetching a message": ("gmail", "get_raw", 2),
    "after storing the record": ("store", "create_mail", 2),
    "after publishing": ("bus", "publish", 2),
    "before the checkpoint": ("store", "set_notify_state", 3),
}


@pytest.mark.parametrize("step", list(CRASH_POINTS))
def test_crash_at_each_step_of_gmail_push_then_redelivery_notifies_exactly_once(
    stack: LocalStack, mailbox: tuple[int, str], app: App, monkeypatch: pytest.MonkeyPatch, step
):
    uid, address = mailbox
    subjects = _subjects(f"Crash {step}", 3)
    last = _deliver(stack, address, subjects, notify=False)[-1]
    target, method, on_call = CRASH_POINTS[step]
    owner = {"gmail": GmailClient, "store": app.store, "bus": app.bus}[target]
    restore = _crash_after(owner, method, on_call, monkeypatch)
    envelope = _envelope(address, last.history_id)

    with pytest.raises(RuntimeError, match="injected crash"):
        handle_push(app, envelope)
    restore()
    TALLY.faults[f"crash {step}"] += 1
    handle_push(app, envelope)  # Pub/Sub redelivers the push...
    handle_push(app, envelope)  # ...and may do so more than once

    assert_exactly_once(stack, uid, subjects)
    assert set(_records(app, uid).values()) == {"published"}
    account = app.store.get_account(uid, address)
    assert account is not None and account.history_id == str(last.history_id)


# Telegram 429 and 500 ----------------------------------------------------------------------


def test_telegram_throttling_and_errors_delay_but_never_lose_or_repeat_a_notification(
    stack: LocalStack, mailbox: tuple[int, str]
):
    uid, address = mailbox
    log_start = len(stack.function_log("telegram_webhook"))
    after = _last_message_id(stack, uid)
    faults = [
        telegram_server.Fault("sendMessage", 429, 2, retry_after=1),  # waited out in place
        telegram_server.Fault("sendMessage", 429, 1, retry_after=30),  # answered 429: redelivery
        telegram_server.Fault("sendMessage", 500, 3),
    ]
    stack.telegram.faults.extend(faults)
    TALLY.faults["telegram 429 short"] += 2
    TALLY.faults["telegram 429 long"] += 1
    TALLY.faults["telegram 500"] += 3
    subjects = _subjects("Throttled", 6)
    _deliver(stack, address, subjects)

    assert_exactly_once(stack, uid, subjects, after)
    _wait_faults_consumed(faults)
    log = _log_tail(stack, "telegram_webhook", log_start)
    assert len(re.findall(r"throttled for 30(?:\.0)?s, redelivery", log)) == 1
    assert log.count("failed (Internal Server Error), redelivery") == 3
    assert not re.search(r"throttled for 1(?:\.0)?s", log)  # short ones: waited in place


# Firestore contention ----------------------------------------------------------------------


def test_two_instances_syncing_one_mailbox_at_the_same_moment_notify_each_letter_once(
    stack: LocalStack, mailbox: tuple[int, str], in_process_env: None
):
    uid, address = mailbox
    subjects = _subjects("Contention", 8)
    last = _deliver(stack, address, subjects, notify=False)[-1]
    instances = [App(Settings()) for _ in range(3)]  # own Firestore and Pub/Sub clients each
    barrier = threading.Barrier(len(instances))

    def sync(instance: App) -> SyncResult | None:
        instance.store.get_account(uid, address)  # warm the clients up before the race
        barrier.wait()
        return handle_push(instance, _envelope(address, last.history_id))

    with ThreadPoolExecutor(len(instances)) as pool:
        results = [r for r in pool.map(sync, instances) if r is not None]
    TALLY.faults["simultaneous syncs"] += len(instances)

    assert sum(len(r.new) for r in results) == len(subjects)  # each record created once
    assert_exactly_once(stack, uid, subjects)
    assert set(_records(instances[0], uid).values()) == {"published"}


def test_one_outbox_key_sent_by_four_instances_at_once_reaches_telegram_once(
    stack: LocalStack, mailbox: tuple[int, str], in_process_env: None
):
    uid, _ = mailbox
    after = _last_message_id(stack, uid)
    message = OutboxMessage(key=f"mail:{uid}:race", chat_id=uid, text="✉️ Raced send")
    instances = [App(Settings()) for _ in range(4)]
    barrier = threading.Barrier(len(instances))

    def send(instance: App) -> HttpResponse:
        instance.store.db.collection("users").document("0").get()  # warm up
        barrier.wait()
        return outbox.deliver(instance, message)

    with ThreadPoolExecutor(len(instances)) as pool:
        statuses = Counter(r.status for r in pool.map(send, instances))
    TALLY.faults["simultaneous sends of one key"] += len(instances)
    TALLY.letters += 1

    assert statuses[200] >= 1 and statuses[200] + statuses[503] == len(instances), statuses
    assert outbox.deliver(instances[0], message).body == "duplicate"  # a late redelivery
    assert_exactly_once(stack, uid, ["Raced send"], after)


# Gmail 5xx and 429 -------------------------------------------------------------------------


def test_gmail_errors_retried_in_place_or_by_redelivery_lose_and_repeat_nothing(
    stack: LocalStack, mailbox: tuple[int, str]
):
    uid, address = mailbox
    log_start = len(stack.function_log("gmail_push"))
    # More failures in a row than the client retries: the push fails, Pub/Sub redelivers it.
    outage = [gmail_server.Fault("/history", 503, 4)]
    stack.gmail.faults.extend(outage)
    first = _subjects("Gmail outage", 2)
    last = _deliver(stack, address, first, notify=False)[-1]
    stack.gmail.publish_push(address, last.history_id)  # one push: one sync meets all four
    _wait_faults_consumed(outage, timeout=40)
    # Short hiccups: retried inside the client with backoff.
    hiccups = [
        gmail_server.Fault("/history", 500, 1),
        gmail_server.Fault("/messages/", 429, 2),
    ]
    stack.gmail.faults.extend(hiccups)
    second = _subjects("Gmail hiccup", 3)
    _deliver(stack, address, second)
    TALLY.faults["gmail 503 (beyond retries)"] += 4
    TALLY.faults["gmail 500"] += 1
    TALLY.faults["gmail 429"] += 2

    assert_exactly_once(stack, uid, first + second, timeout=90)
    _wait_faults_consumed(hiccups)
    assert "GmailUnavailable: Gmail answered 503" in _log_tail(stack, "gmail_push", log_start)


# A failed Firestore write after Telegram took the message ----------------------------------


@pytest.mark.parametrize("failures", [1, 10])
def test_outbox_mark_failing_after_telegram_accepted_does_not_send_twice(
    stack: LocalStack,
    mailbox: tuple[int, str],
    app: App,
    monkeypatch: pytest.MonkeyPatch,
    failures: int,
):
    from google.api_core.exceptions import ServiceUnavailable

    uid, _ = mailbox
    after = _last_message_id(stack, uid)
    text = f"✉️ Marked after {failures} failures"
    message = OutboxMessage(key=f"mail:{uid}:mark-{failures}", chat_id=uid, text=text)
    original = app.store.mark_outbox_sent
    left = itertools.count(failures, -1)

    def flaky_mark(*args: Any, **kwargs: Any) -> None:
        if next(left) > 0:
            raise ServiceUnavailable("injected: Firestore unavailable")
        original(*args, **kwargs)

    monkeypatch.setattr(app.store, "mark_outbox_sent", flaky_mark)
    monkeypatch.setattr(outbox, "MARK_RETRY_SECONDS", 0.05)
    TALLY.faults["firestore write failed after send"] += failures
    TALLY.letters += 1
    answers = []
    for _ in range(3):  # what Pub/Sub does: redeliver until acknowledged
        try:
            answers.append(outbox.deliver(app, message).status)
        except Exception as exc:
            answers.append(type(exc).__name__)
        if answers[-1] == 200:
            break
        time.sleep(0.2)

    assert_exactly_once(stack, uid, [text.removeprefix("✉️ ")], after, timeout=10)
    assert answers == [200], answers  # acknowledged at once: nothing left to redeliver
    late = outbox.deliver(app, message)  # a stray redelivery: marked, or the claim still held
    assert late.body == ("duplicate" if failures < outbox.MARK_ATTEMPTS else "busy")
