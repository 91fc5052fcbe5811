"""The entry point: robust on empty letters, cheap to import, every label with its evidence."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import CATEGORIES, AnalysisContext
from shared_lib.mail.model import Address, ParsedMail

ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_letter_is_analysed_without_errors() -> None:
    result = analyze(ParsedMail(), AnalysisContext())
    assert result.category in CATEGORIES
    assert result.deadline is None
    assert result.places == []
    assert result.reply_expected is False
    assert result.gist == ""


def test_an_unknown_time_zone_counts_as_utc() -> None:
    mail = ParsedMail(
        sender=Address(name="Ivan", email="ivan@acme.io"),
        date=datetime.fromisoformat("2026-11-24T23:30:00+00:00"),
        text="Please send it by EOD today.",
    )
    result = analyze(mail, AnalysisContext(timezone="Mars/Olympus_Mons"))
    assert result.deadline is not None
    assert result.deadline.at.isoformat() == "2026-11-24T23:59:00+00:00"


def test_sender_without_a_display_name_is_named_by_the_address() -> None:
    mail = ParsedMail(sender=Address(email="ivan.petrov@acme.io"), text="Hi")
    assert analyze(mail, AnalysisContext()).sender.name == "ivan.petrov"


def test_every_label_keeps_its_evidence() -> None:
    mail = ParsedMail(
        subject="СРОЧНО: отчёт",
        sender=Address(name="Лиза", email="liza@hse.ru"),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat("2026-11-23T10:15:00+03:00"),
        text="Пришли, пожалуйста, отчёт до пятницы 18:00. Адрес: ул. Тверская, д. 7.",
    )
    result = analyze(mail, AnalysisContext(timezone="Europe/Moscow", hashtags={"r": ["отчёт"]}))
    assert result.reply_expected and result.reply_evidence
    assert result.deadline is not None and result.deadline.evidence
    assert result.places and all(p.evidence for p in result.places)
    assert result.category_evidence
    assert result.urgency == "urgent" and result.urgency_reasons
    assert result.hashtags == ["r"] and result.hashtag_evidence


def test_importing_the_analysis_does_not_import_dateparser() -> None:
    probe = "import sys, shared_lib.analysis.analyze; print('dateparser' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
