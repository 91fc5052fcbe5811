"""A letter whose sender name, subject, gist and attachment name carry U+202E (and other
invisible characters) is shown with none of them, wherever it is shown: the notification and its
buttons, /history, /pending, the digest, the settings summary and the settings page's API."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from shared_lib.analysis.model import Analysis, Evidence
from shared_lib.bot.settings_commands import render_summary
from shared_lib.digest.history import HistoryQuery, render_history, render_pending
from shared_lib.digest.render import render_digest
from shared_lib.models import Button, MailRecord, User
from shared_lib.notification import render_notification
from shared_lib.rules import Hashtag, Rules
from shared_lib.webapp.api import _json, letter_document

NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
RLO, PDF, LRI, ZWSP, BOM = "\u202e", "\u202c", "\u2066", "\u200b", "\ufeff"


def _unseen(text: str) -> list[str]:
    """The format characters (category Cf) in ``text``, as code points."""
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"]


def _spoofing_letter() -> MailRecord:
    return MailRecord(
        message_id="18c0abc",
        thread_id="18c0abc",
        account="me@gmail.com",
        received_at=NOW - timedelta(hours=1),
        subject=f"Invoice {RLO}fdp.exe{PDF} due",
        sender_name=f"Ev{RLO}il Name{ZWSP}",
        sender_email="evil@test.live",
        attachments=[f"photo{RLO}gnp.exe", f"report{LRI}.pdf{BOM}"],
        analysis=Analysis(
            category="work",
            urgency="urgent",
            reply_expected=True,
            gist=f"Please pay {RLO}today{PDF} at {ZWSP}once",
            category_evidence=[Evidence(source="subject", text=f"{RLO}Invoice")],
        ),
        notify_state="published",
        awaiting_reply=True,
        created_at=NOW - timedelta(hours=1),
    )


def _labels(buttons: list[list[Button]]) -> str:
    return " ".join(b.text for row in buttons for b in row)


def test_the_notification_and_its_buttons_show_no_bidi_or_invisible_character():
    message = render_notification(_spoofing_letter(), 1, 1, "en")
    assert _unseen(message.text) == [] and _unseen(_labels(message.buttons)) == []
    assert "photognp.exe" in message.text and "Invoice fdp.exe due" in message.text
    assert "Evil Name" in message.text


def test_history_and_pending_show_no_bidi_or_invisible_character():
    letter = _spoofing_letter()
    history = render_history([letter], HistoryQuery(), "en", "UTC", NOW)
    text, buttons = render_pending([letter], "ru", "UTC", NOW)
    assert _unseen(history) == [] and _unseen(text) == [] and _unseen(_labels(buttons)) == []
    assert "Invoice fdp.exe due" in history and "Please pay today at once" in history


def test_the_digest_shows_no_bidi_or_invisible_character():
    user = User(user_id=42, chat_id=42, lang="en", timezone="Europe/Moscow")
    message = render_digest(user, NOW, NOW - timedelta(days=1), [_spoofing_letter()], [], NOW)
    assert message is not None and _unseen(message.text) == []
    assert "Invoice fdp.exe due" in message.text


def test_the_settings_summary_shows_no_bidi_or_invisible_character_of_stored_values():
    user = User(user_id=42, chat_id=42, lang="en")
    rules = Rules(hashtags={"pay": Hashtag(keywords=[f"in{RLO}voice"])}, muted=[f"x{RLO}.test"])
    text = render_summary(user, rules, [])
    assert _unseen(text) == [] and "invoice" in text and "x.test" in text


def test_the_settings_api_answers_no_bidi_or_invisible_character():
    response = _json(200, {"letters": [letter_document(_spoofing_letter())]})
    assert _unseen(response.body) == []
    letter: dict[str, Any] = json.loads(response.body)["letters"][0]
    assert letter["attachments"] == ["photognp.exe", "report.pdf"]
    assert letter["sender_name"] == "Evil Name"
