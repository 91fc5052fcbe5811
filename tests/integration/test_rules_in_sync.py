"""The sync applies the user's rules: hashtags reach the notification, mute and digest hold it."""

from __future__ import annotations

import pytest

from shared_lib.rules import Hashtag, Rules
from shared_lib.store import Store
from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters
from tests.integration.test_new_mail import _notifications, _wait_for_notifications

pytestmark = pytest.mark.integration


def test_rules_decide_what_is_notified_and_every_record_says_why(stack: LocalStack, user_id):
    address = f"rules{user_id}@gmail.example"
    stack.google.add_account(address, "Rules")
    connect(stack, user_id, address)
    store = Store(stack.project_id)
    store.update_rules(
        user_id,
        lambda r: Rules(
            hashtags={"reports": Hashtag(keywords=["report"])},
            category_modes={"promotions": "digest"},
            muted=["noisy.example"],
        ),
    )
    kept = stack.gmail.deliver(address, letters.alternative("Quarterly report", address))
    muted_raw = letters.plain("From the noisy one", address).replace(
        b"anna@corp.example", b"bot@noisy.example"
    )
    muted = stack.gmail.deliver(address, muted_raw)

    notes = _wait_for_notifications(stack, user_id, 1)

    assert len(notes) == 1 and "Quarterly report" in notes[0].plain
    assert "#reports" in notes[0].plain.splitlines()[0]
    dropped = store.get_mail(user_id, muted.id)
    assert dropped is not None and dropped.notify_state == "dropped"
    assert dropped.notify_reason == "muted sender noisy.example"
    notified = store.get_mail(user_id, kept.id)
    assert notified is not None and notified.notify_state == "published"
    assert "#reports" in notified.notify_reason
    assert _notifications(stack, user_id) == notes


# -- the first hour (issue #17): the notification says why a rule won -------------------------


def test_notification_says_why_when_a_vip_beat_digest_only_categories(stack: LocalStack, user_id):
    from shared_lib.analysis.model import CATEGORIES
    from shared_lib.rules import SenderList

    address = f"why{user_id}@gmail.example"
    stack.google.add_account(address, "Why")
    connect(stack, user_id, address)
    store = Store(stack.project_id)
    store.update_rules(
        user_id,
        lambda r: Rules(
            sender_lists={"VIP": SenderList(entries=["anna@corp.example"], vip=True)},
            category_modes=dict.fromkeys(CATEGORIES, "digest"),
        ),
    )
    stack.gmail.deliver(address, letters.plain("Board meeting moved", address))

    (note,) = _wait_for_notifications(stack, user_id, 1)

    why = note.plain.splitlines()[-1]
    assert why.startswith("ℹ️ Notified because of the VIP list VIP, although ")
    assert why.endswith(" is set to digest")
