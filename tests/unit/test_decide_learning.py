"""The decision step with the user's model's verdict: what learning may change, and what not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared_lib.analysis.model import Analysis
from shared_lib.decide import decide
from shared_lib.gmail import RawMessage
from shared_lib.gmail_sync import build_record
from shared_lib.learning.model import LearningModel, Observation, Verdict
from shared_lib.models import Account, QuietHours, User
from shared_lib.notification import render_notification
from shared_lib.rules import Hashtag, Rules, SenderList
from tests import letters

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NIGHT = QuietHours(start="11:00", end="13:00")
IMPORTANT = Verdict("important", "s:anna@corp.com", "reply_fast", "Anna", 5, 5, 0.92)
UNIMPORTANT = Verdict(
    "unimportant", "l:news.shop.example", "unread", "news.shop.example", 9, 10, 0.1
)


def _decide(verdict, rules=None, quiet=None, digests=False, **analysis):
    return decide(
        Analysis(**analysis),
        "anna@corp.com",
        rules or Rules(),
        quiet,
        "UTC",
        NOON,
        verdict,
        digests,
    )


def test_without_a_verdict_the_decision_is_what_it_always_was():
    for rules in (Rules(), Rules(category_modes={"work": "digest"})):
        for quiet in (None, NIGHT):
            before = decide(Analysis(category="work"), "anna@corp.com", rules, quiet, "UTC", NOON)
            assert _decide(None, rules, quiet, category="work") == before
            assert before.urgency is None and before.learned is None


def test_an_important_sender_is_raised_to_urgent_and_says_why():
    decision = _decide(IMPORTANT, category="work")
    assert decision.action == "notify" and decision.urgency == "urgent"
    assert decision.reason == "category work: instant; learned: important (s:anna@corp.com)"
    assert decision.learned is not None
    assert (decision.learned.effect, decision.learned.was) == ("urgent", "normal")


def test_raised_to_urgent_it_passes_quiet_hours_when_urgent_letters_may():
    assert _decide(IMPORTANT, quiet=NIGHT, category="work").action == "notify"
    held = _decide(IMPORTANT, quiet=NIGHT.model_copy(update={"allow_urgent": False}))
    assert held.action == "hold" and held.urgency == "urgent" and held.learned is not None


def test_a_low_letter_is_raised_one_step_and_an_urgent_one_is_left_alone():
    assert _decide(IMPORTANT, urgency="low").urgency == "normal"
    urgent = _decide(IMPORTANT, urgency="urgent")
    assert urgent.urgency is None and urgent.learned is None


def test_an_unimportant_list_goes_to_the_digest_when_the_user_has_digests():
    decision = _decide(UNIMPORTANT, digests=True, category="newsletters")
    assert decision.action == "digest" and decision.learned is not None
    assert decision.learned.effect == "digest"
    assert decision.reason.endswith("; learned: not important (l:news.shop.example)")


def test_without_digests_an_unimportant_letter_is_only_lowered():
    decision = _decide(UNIMPORTANT, category="newsletters")
    assert decision.action == "notify" and decision.urgency == "low"
    assert _decide(UNIMPORTANT, urgency="low").learned is None  # nothing lower to go


def test_what_the_analysis_found_urgent_is_never_sent_away_by_learning():
    decision = _decide(UNIMPORTANT, digests=True, urgency="urgent")
    assert decision.action == "notify" and decision.learned is None


@pytest.mark.parametrize(
    "rules",
    [
        Rules(muted=["anna@corp.com"]),
        Rules(sender_lists={"VIP": SenderList(entries=["corp.com"], vip=True)}),
        Rules(sender_lists={"team": SenderList(entries=["corp.com"], mode="instant")}),
        Rules(hashtags={"x": Hashtag(keywords=["x"])}),
        Rules(category_modes={"work": "instant"}),
    ],
    ids=["muted", "vip", "list", "hashtag", "category-mode"],
)
@pytest.mark.parametrize("verdict", [IMPORTANT, UNIMPORTANT], ids=["important", "unimportant"])
def test_explicit_settings_beat_learning(rules, verdict):
    hashtags = ["x"] if rules.hashtags else []
    with_verdict = _decide(verdict, rules, digests=True, category="work", hashtags=hashtags)
    without = _decide(None, rules, digests=True, category="work", hashtags=hashtags)
    assert with_verdict == without


# -- through the sync's record building: a fresh user's letters are exactly as before ----------

TO = "me@gmail.example"


def _record(raw: bytes, model: LearningModel | None, digest: str = "off"):
    user = User(user_id=1, chat_id=1)
    user.digest.mode = digest  # type: ignore[assignment]
    record = build_record(
        RawMessage("m1", "t1", raw, ("INBOX", "UNREAD"), NOON),
        Account(user_id=1, email=TO, sealed_refresh_token="x"),
        user,
        Rules(),
        timedelta(days=90),
        model=model,
    )
    text = render_notification(record, 1, 1, "en", now=NOON).text
    record.created_at = record.expires_at = None  # the clock of the build
    return record, text


@pytest.mark.parametrize("shape", letters.SHAPES, ids=[s.__name__ for s in letters.SHAPES])
def test_an_empty_model_changes_no_record_and_no_notification(shape):
    raw = shape("Budget review", TO)
    others = LearningModel()
    for i in range(10):  # a model that knows only other senders
        others.observe(Observation(f"m{i}", "not_important", ("s:x@else.example",)), NOON)

    before, text = _record(raw, None)
    assert _record(raw, LearningModel()) == (before, text)
    assert _record(raw, others) == (before, text)
    assert before.learned is None and "💡" not in text


def test_a_learned_sender_reaches_the_record_and_the_notification():
    model = LearningModel()
    for i in range(5):
        model.observe(Observation(f"m{i}", "reply_fast", ("s:anna@corp.example",)), NOON)

    record, text = _record(letters.plain("Budget review", TO), model)

    assert record.analysis.urgency == "urgent" and record.learned is not None
    assert record.analysis.urgency_reasons[-1].model_dump() == {
        "source": "learning",
        "text": "s:anna@corp.example",
    }
    assert record.learned.was == "normal"
    assert text.startswith("🔴 Urgent")
    assert text.splitlines()[-1] == (
        "💡 Marked urgent: you usually answer letters from Anna Petrova within an hour"
    )
