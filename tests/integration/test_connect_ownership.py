"""Who a mailbox belongs to: several open Connect links do not disturb each other, and a mailbox
linked to one Telegram user moves to another only after a fresh consent, with the first told."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from telemail_local.scripted_user import connect, consent, start_and_get_connect_url
from telemail_local.stack import LocalStack
from tests.integration.oauth_pages import action_link as _move_link
from tests.integration.oauth_pages import form_post
from tests.integration.oauth_pages import page_text as _text

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("same_link", [True, False], ids=["one link, two tabs", "two links"])
def test_two_open_consents_do_not_break_each_other(
    stack: LocalStack, user_id, firestore_db, same_link: bool
):
    email = f"tabs.{user_id}@example.com"
    stack.google.add_account(email, "Two Tabs")
    first_link = start_and_get_connect_url(stack, user_id)
    second_link = first_link if same_link else start_and_get_connect_url(stack, user_id)
    messages_before = len(stack.telegram.bot_messages(user_id))

    first_tab = consent(stack, first_link, email)  # both tabs reach Google's page first
    second_tab = consent(stack, second_link, email)
    first = requests.get(first_tab, timeout=30)
    second = requests.get(second_tab, timeout=30)

    assert first.status_code == 200, first.text
    assert f"{email} is now connected to the Telegram account of Anna" in _text(first)
    assert second.status_code == 200, second.text
    assert f"{email} is already connected to your Telegram account" in _text(second)
    assert firestore_db.document(f"users/{user_id}/accounts/{email}").get().exists
    stack.telegram.wait_for_bot_messages(user_id, messages_before + 1)
    time.sleep(0.5)
    (said,) = stack.telegram.bot_messages(user_id)[messages_before:]  # one "Connected"
    assert said.plain.startswith(f"✅ Connected: Two Tabs <{email}>")


def test_a_mailbox_of_another_telegram_user_moves_only_after_a_fresh_consent(
    stack: LocalStack, user_id, firestore_db
):
    first_owner, newcomer = user_id, user_id + 100_000
    email = f"shared.{user_id}@example.com"
    stack.google.add_account(email, "Shared Box")
    connect(stack, first_owner, email, lang="ru")
    owner_messages = len(stack.telegram.bot_messages(first_owner))

    # The newcomer's consent for the same mailbox moves nothing: a page asks to confirm.
    offer = requests.get(consent(stack, start_and_get_connect_url(stack, newcomer), email))
    assert offer.status_code == 200
    assert f"{email} is connected to another Telegram account, so nothing was changed" in _text(
        offer
    )
    index = firestore_db.document(f"accounts_by_email/{email}").get().to_dict()
    assert index == {"user_id": first_owner}
    assert firestore_db.document(f"users/{first_owner}/accounts/{email}").get().exists
    assert not firestore_db.document(f"users/{newcomer}/accounts/{email}").get().exists

    # "Move it here" asks Google for consent again, for that very mailbox.
    move_link = _move_link(offer)
    to_google = requests.get(move_link, allow_redirects=False, timeout=10)
    google_query = parse_qs(urlparse(to_google.headers["Location"]).query)
    assert google_query["prompt"] == ["consent"] and google_query["login_hint"] == [email]
    moved = requests.get(consent(stack, move_link, email), timeout=30)

    assert moved.status_code == 200, moved.text
    assert "It is no longer connected to the other Telegram account" in _text(moved)
    index = firestore_db.document(f"accounts_by_email/{email}").get().to_dict()
    assert index == {"user_id": newcomer}
    assert not firestore_db.document(f"users/{first_owner}/accounts/{email}").get().exists
    assert firestore_db.document(f"users/{newcomer}/accounts/{email}").get().exists
    told = stack.telegram.wait_for_bot_messages(first_owner, owner_messages + 1)[-1]
    assert told.plain.startswith(f"⚠️ Ящик {email} перенесён в другой аккаунт Telegram")


def test_the_move_link_moves_only_the_mailbox_it_names(stack: LocalStack, user_id, firestore_db):
    first_owner, newcomer = user_id, user_id + 100_000
    named, other = f"named.{user_id}@example.com", f"other.{user_id}@example.com"
    stack.google.add_account(named, "Named")
    stack.google.add_account(other, "Other")
    connect(stack, first_owner, named)
    connect(stack, first_owner, other)
    offer = requests.get(consent(stack, start_and_get_connect_url(stack, newcomer), named))

    # Consenting as another mailbox of the first owner through the move link moves nothing.
    page = requests.get(consent(stack, _move_link(offer), other), timeout=30)

    assert f"{other} is connected to another Telegram account" in _text(page)
    for email in (named, other):
        index = firestore_db.document(f"accounts_by_email/{email}").get().to_dict()
        assert index == {"user_id": first_owner}


def test_someone_consenting_through_anothers_link_sees_whose_it_is_and_can_take_it_back(
    stack: LocalStack, user_id, firestore_db
):
    stranger_box = f"stranger.{user_id}@example.com"
    stack.google.add_account(stranger_box, "Stranger")
    makers_link = start_and_get_connect_url(stack, user_id)  # made for "Anna"
    messages = len(stack.telegram.bot_messages(user_id))

    # The link is opened in someone else's browser, who allows access as their own mailbox.
    page = requests.get(consent(stack, makers_link, stranger_box), timeout=30)

    assert f"{stranger_box} is now connected to the Telegram account of Anna" in _text(page)
    assert "Not your Telegram account?" in _text(page)
    told = stack.telegram.wait_for_bot_messages(user_id, messages + 1)[-1]
    assert told.plain.startswith(f"✅ Connected: Stranger <{stranger_box}>")  # the maker knows

    undone = form_post(page)

    assert undone.status_code == 200, undone.text
    assert f"{stranger_box} is disconnected from the Telegram account of Anna" in _text(undone)
    assert not firestore_db.document(f"users/{user_id}/accounts/{stranger_box}").get().exists
    assert not firestore_db.document(f"accounts_by_email/{stranger_box}").get().exists
    assert stranger_box not in stack.google.refresh_tokens.values()  # the grant is revoked
    told = stack.telegram.wait_for_bot_messages(user_id, messages + 2)[-1]
    assert told.plain.startswith(f"⚠️ {stranger_box} is disconnected: the owner of the mailbox")

    again = form_post(page)
    assert again.status_code == 200 and "is no longer connected there" in _text(again)


def test_a_forged_disown_request_changes_nothing(stack: LocalStack, user_id, firestore_db):
    email = f"kept.{user_id}@example.com"
    stack.google.add_account(email, "Kept")
    connect(stack, user_id, email)
    url = stack.function_url("oauth_callback") + "/disown"

    for token in ("", "forged", "eyJ1c2VyIjoxfQ.forged.sig"):
        response = requests.post(url, data={"token": token}, timeout=10)
        assert response.status_code == 400
    assert requests.get(url, timeout=10).status_code == 405
    assert firestore_db.document(f"users/{user_id}/accounts/{email}").get().exists


def test_disowning_reads_the_telegram_user_once(
    stack: LocalStack, user_id, in_process_env, monkeypatch: pytest.MonkeyPatch
):
    from shared_lib.app import App
    from shared_lib.config import Settings
    from shared_lib.connect import disown

    email = f"once.{user_id}@example.com"
    stack.google.add_account(email, "Once")
    connect(stack, user_id, email)
    app = App(Settings())
    reads: list[int] = []
    get_user = app.store.get_user
    monkeypatch.setattr(app.store, "get_user", lambda uid: reads.append(uid) or get_user(uid))

    page = disown(app, {"token": app.signer.issue_disown(user_id, email, "en")})

    assert page.status == 200
    assert f"<b>{email}</b> is disconnected from the Telegram account of <b>Anna</b>" in page.body
    assert reads == [user_id]
