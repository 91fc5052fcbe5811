"""Why a letter was (not) notified reaches the user in their language: the decision's steps are
stored as codes with parameters beside the old English reason, and worded on the settings page,
in the viewer and in the API's answer; records stored before show their old text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

import pytest

from shared_lib.analysis.model import Analysis
from shared_lib.decide import decide
from shared_lib.learning.model import Verdict
from shared_lib.models import MailRecord, QuietHours, WhyCode, WhyPart, why_fields
from shared_lib.notify_why import notify_why_text
from shared_lib.rules import Hashtag, Rules, SenderList
from shared_lib.webapp.api import letter_document

NOW = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # inside 23:00-08:00 quiet hours in UTC
QUIET = QuietHours(start="23:00", end="08:00", allow_urgent=False)


def _record(**fields) -> MailRecord:
    return MailRecord(
        message_id="m1", thread_id="t", account="me@gmail.com", received_at=NOW, **fields
    )


def _decided(analysis: Analysis, sender: str, rules: Rules, **kwargs) -> MailRecord:
    decision = decide(analysis, sender, rules, kwargs.pop("quiet", None), "UTC", NOW, **kwargs)
    return _record(analysis=analysis, **why_fields(decision.why))


def test_the_settings_page_says_why_in_the_users_language_and_keeps_the_stored_english():
    rules = Rules(
        hashtags={"bills": Hashtag(keywords=["bill"])}, category_modes={"newsletters": "mute"}
    )
    analysis = Analysis(category="newsletters", hashtags=["bills"])
    record = _decided(analysis, "news@shop.example", rules, quiet=QUIET)

    assert record.notify_reason == "#bills: instant; over category newsletters: mute; quiet hours"
    assert (
        letter_document(record, "en")["why"]
        == "#bills: instant; over Newsletters: mute; quiet hours"
    )
    assert letter_document(record, "ru")["why"] == (
        "#bills: сразу; важнее, чем «Рассылки: без уведомлений»; тихие часы"
    )
    assert letter_document(record, "ru")["notify_reason"] == record.notify_reason


def test_dropped_vip_and_listed_letters_name_their_rule_in_russian():
    lists = {
        "VIP": SenderList(entries=["anna@corp.example"], vip=True),
        "news": SenderList(entries=["shop.example"], mode="digest"),
        "noise": SenderList(entries=["spam.example"], mode="mute"),
    }
    rules = Rules(sender_lists=lists, muted=["noisy.example"])
    said = {
        sender: notify_why_text("ru", _decided(Analysis(), sender, rules))
        for sender in ("x@noisy.example", "x@spam.example", "anna@corp.example", "x@shop.example")
    }
    assert said == {
        "x@noisy.example": "отключённый домен noisy.example",
        "x@spam.example": "список noise: без уведомлений",
        "anna@corp.example": "VIP-список VIP",
        "x@shop.example": "список news: в сводку",
    }


def test_what_learning_decided_is_named_in_the_users_language():
    verdict = Verdict("unimportant", "l:news.shop.example", "unread", "news", 9, 10, 0.1)
    record = _decided(
        Analysis(category="newsletters"), "n@shop.example", Rules(), learned=verdict, digests=True
    )
    assert "learned: not important (l:news.shop.example)" in record.notify_reason
    assert notify_why_text("ru", record) == "Рассылки: сразу; по опыту: неважное"
    assert notify_why_text("en", record) == "Newsletters: instant; learned: not important"


@pytest.mark.parametrize("code", get_args(WhyCode))
def test_every_step_is_worded_in_russian_not_left_in_english(code):
    part = WhyPart(code=code, kind="category", name="work", mode="instant")
    if code == "learned":
        part = part.model_copy(update={"mode": "important"})
    russian = notify_why_text("ru", _record(**why_fields([part])))
    assert russian and russian != part.english
    assert not any(word in russian for word in ("instant", "muted", "over", "quiet", "learned"))


def test_a_record_stored_before_the_steps_shows_its_old_text():
    old = MailRecord.model_validate(
        {**_record().model_dump(exclude={"notify_why"}), "notify_reason": "category work: instant"}
    )
    assert old.notify_why == []
    assert letter_document(old, "ru")["why"] == "category work: instant"


def test_a_letter_that_could_not_be_analysed_says_so_in_the_users_language():
    from shared_lib.gmail import RawMessage
    from shared_lib.gmail_sync import _unanalysed_record
    from shared_lib.models import Account

    raw = RawMessage("m1", "t", b"Subject: x\r\n\r\nbody", ("INBOX",), NOW)
    account = Account(user_id=1, email="me@gmail.com", sealed_refresh_token="x")
    record = _unanalysed_record(raw, account, timedelta(days=1), "ValueError at x.py:1")
    assert record.notify_reason == "analysis failed: ValueError at x.py:1"
    assert notify_why_text("ru", record) == "письмо не удалось разобрать"


def test_the_settings_page_and_the_viewer_show_the_worded_why_before_the_stored_text():
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "shared_lib/webapp/static"
    for script in ("app.js", "viewer.js"):
        assert "letter.why || letter.notify_reason" in (static / script).read_text()
