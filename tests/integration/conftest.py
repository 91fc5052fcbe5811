"""One local stack per test session: real emulators, functions under functions-framework."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from telemail_local.stack import LocalStack

_user_ids = itertools.count(5001)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    local = LocalStack(tmp_path_factory.mktemp("stack")).start()
    yield local
    local.stop()


@pytest.fixture
def user_id() -> int:
    """A Telegram user id no other test uses, so tests share the stack without interfering."""
    return next(_user_ids)


@pytest.fixture
def mailbox(stack: LocalStack, user_id: int) -> tuple[int, str]:
    """A freshly connected user: (Telegram user id, Gmail address)."""
    from telemail_local.scripted_user import connect

    address = f"box{user_id}@gmail.example"
    stack.google.add_account(address, f"Box {user_id}")
    connect(stack, user_id, address)
    return user_id, address


@pytest.fixture
def in_process_env(stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """The functions' environment in this process, so that their code runs here."""
    for name, value in stack.function_env().items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def firestore_db(stack: LocalStack):
    from google.cloud import firestore

    return firestore.Client(project=stack.project_id)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """On a failure, attach the functions' logs to the report."""
    outcome = yield
    report = outcome.get_result()
    local = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(local, LocalStack):
        for name in ("telegram_webhook", "oauth_callback", "gmail_push", "digest_cron"):
            report.sections.append((f"log of {name}", local.function_log(name)[-6000:]))
