"""The project's own demo letters, and their delivery re-dated to now."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import CATEGORIES, AnalysisContext
from shared_lib.mail.parse import parse_message
from telemail_local import DEMO_LETTERS
from telemail_local.demo import DEMO_ADDRESS, DEMO_ALIAS, DemoMailbox
from telemail_local.redate import redate, shift_dates

ROOT = Path(__file__).resolve().parents[2]
LABELS = json.loads((DEMO_LETTERS / "labels.json").read_text())
LETTERS = sorted(DEMO_LETTERS.glob("*.eml"))


def _deadline(raw: bytes, timezone: str) -> datetime | None:
    found = analyze(parse_message(raw), AnalysisContext(timezone=timezone)).deadline
    return found.at if found else None


def test_the_demo_letters_live_in_the_package_and_are_all_labelled():
    assert DEMO_LETTERS.is_relative_to(ROOT / "telemail_local")
    assert len(LETTERS) >= 25
    assert sorted(LABELS) == [p.name for p in LETTERS]
    assert {label["category"] for label in LABELS.values()} == set(CATEGORIES)
    assert {p.name.split("-")[1] for p in LETTERS} == {"ru", "en"}
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "demo_letters/*" in package_data["package-data"]["telemail_local"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name)
def test_every_demo_letter_is_well_formed_rfc822(path):
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert not message.defects
    assert all(not part.defects for part in message.walk())
    assert message["Message-ID"] and message["From"] and message["Date"]


def test_the_demo_set_has_the_shapes_the_demo_should_show():
    parts = {p.name: message_from_bytes(p.read_bytes(), policy=policy.default) for p in LETTERS}
    types = {name: {part.get_content_type() for part in m.walk()} for name, m in parts.items()}
    assert any("application/pdf" in t for t in types.values())
    related = [m for m in parts.values() if m.get_content_type() == "multipart/related"]
    assert related and any(part["Content-ID"] for part in related[0].walk())
    assert sum("text/html" in t for t in types.values()) >= 3
    assert any(m["List-Id"] and m["List-Unsubscribe"] for m in parts.values())
    assert any(DEMO_ALIAS in str(m["Cc"] or "") for m in parts.values())  # Cc only, via an alias
    assert any(DEMO_ALIAS in str(m["To"] or "") for m in parts.values())
    assert any(m["In-Reply-To"] and "\n> " in m.get_body(("plain",)).get_content()
               for m in parts.values())  # fmt: skip
    text = b"".join(p.read_bytes() for p in LETTERS).decode()
    for link in ("zoom.us", "meet.google.com", "telemost.yandex.ru"):
        assert link in text


def test_shifting_moves_every_written_date_and_keeps_its_style():
    text = (
        "On Mon, 23 Nov 2026 at 16:02; 10 December; до 4 декабря 2026 г.; Dec 31st, 2026; "
        "2026-11-25T15:00; 05.12.2026; Thursday, December 10"
    )
    assert shift_dates(text, 9, 2026) == (
        "On Wed, 2 Dec 2026 at 16:02; 19 December; до 13 декабря 2026 г.; Jan 9th, 2027; "
        "2026-12-04T15:00; 14.12.2026; Saturday, December 19"
    )
    assert shift_dates("build 1842, 3.5 GB, 12:30, 212 Water Street", 40, 2026) == (
        "build 1842, 3.5 GB, 12:30, 212 Water Street"
    )


def test_words_that_only_look_like_months_are_left_alone_and_capitals_kept():
    assert shift_dates("these 2 may fail; 5 DEC 2026", 9, 2026) == "these 2 may fail; 14 DEC 2026"


def test_redating_a_letter_without_a_date_leaves_it_as_it_is():
    raw = b"From: a@b.c\nSubject: 5 December\n\nby 5 December\n"
    assert redate(raw, datetime.now(UTC)) == raw
    forwarded = b"From: a@b.c\n\n---- Forwarded ----\nDate: Mon, 23 Nov 2026 10:00 +0000\n"
    assert redate(forwarded, datetime.now(UTC)) == forwarded  # a Date: in the text is not its own


def test_a_redated_letter_is_dated_now_in_its_own_zone():
    raw = (DEMO_LETTERS / "01-en-work-report-by-friday.eml").read_bytes()
    now = datetime(2027, 3, 10, 9, 30, 15, 123, tzinfo=UTC)  # a Wednesday
    date = parsedate_to_datetime(message_from_bytes(redate(raw, now))["Date"])
    assert date == now.replace(microsecond=0)
    assert date.utcoffset() == timedelta(hours=3)  # the letter's own +0300


def test_by_friday_in_a_redated_letter_is_the_coming_friday():
    raw = (DEMO_LETTERS / "01-en-work-report-by-friday.eml").read_bytes()  # Tue, "by Friday"
    now = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # Wednesday
    deadline = _deadline(redate(raw, now), "Europe/Moscow")
    assert deadline is not None and deadline.date().isoformat() == "2027-03-12"


def test_an_explicit_date_in_a_redated_letter_moves_with_the_letter():
    raw = (DEMO_LETTERS / "14-ru-shopping-pickup-point.eml").read_bytes()  # 24.11: «до 1 декабря»
    now = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # 106 days later
    redated = redate(raw, now)
    assert "до 17 марта".encode() in redated
    deadline = _deadline(redated, "Europe/Moscow")
    assert deadline is not None and deadline.date().isoformat() == "2027-03-17"


def test_every_deadline_the_analysis_finds_moves_by_exactly_the_shift():
    """Re-dated by whole weeks, each letter's deadline (relative or written) moves as much."""
    weeks = 15
    for path in LETTERS:
        raw, zone = path.read_bytes(), LABELS[path.name]["timezone"]
        written = parsedate_to_datetime(message_from_bytes(raw)["Date"])
        before = _deadline(raw, zone)
        after = _deadline(redate(raw, written + timedelta(weeks=weeks)), zone)
        if before is None:
            assert after is None, path.name
        else:
            assert after is not None, path.name
            assert after.date() - before.date() == timedelta(weeks=weeks), path.name


class _Gmail:
    """Records what the demo mailbox delivers (the Gmail stand-in's ``deliver``)."""

    def __init__(self) -> None:
        self.delivered: list[tuple[str, bytes]] = []

    def deliver(self, address: str, raw: bytes) -> None:
        self.delivered.append((address, raw))


def test_the_demo_mailbox_delivers_its_own_letters_redated_to_now():
    gmail = _Gmail()
    mailbox = DemoMailbox(gmail)  # type: ignore[arg-type]
    assert [p.name for p in mailbox.letters] == [p.name for p in LETTERS]
    now = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    assert mailbox.deliver_next(now) == LETTERS[0].name
    ((address, raw),) = gmail.delivered
    assert address == DEMO_ADDRESS
    assert parsedate_to_datetime(message_from_bytes(raw)["Date"]) == now
    deadline = _deadline(raw, "Europe/Moscow")
    assert deadline is not None and deadline.date().isoformat() == "2027-03-12"


def test_the_demo_mailbox_takes_another_folder_of_letters(tmp_path):
    (tmp_path / "b.eml").write_bytes(b"Subject: b\n\nb\n")
    (tmp_path / "a.eml").write_bytes(b"Subject: a\n\na\n")
    gmail = _Gmail()
    mailbox = DemoMailbox(gmail, tmp_path)  # type: ignore[arg-type]
    assert [mailbox.deliver_next(), mailbox.deliver_next(), mailbox.deliver_next()] == [
        "a.eml",
        "b.eml",
        None,
    ]


def test_no_command_defaults_to_letters_outside_the_repository():
    """A clone with no ../shared beside it must demo and benchmark on its own letters."""
    sources = [*ROOT.glob("bench/*.py"), *ROOT.glob("telemail_local/**/*.py")]
    sources += [p for p in ROOT.glob("scripts/*") if p.is_file()]
    for path in sources:
        text = path.read_text()
        for outside in ("/work/shared", '"shared" / "samples"', "../shared"):
            assert outside not in text, f"{path.relative_to(ROOT)} mentions {outside}"


def test_real_size_versions_default_to_the_demo_letters(tmp_path, capsys):
    from telemail_local import real_size

    real_size.main([str(tmp_path)])
    assert sorted(p.name for p in tmp_path.glob("*.eml")) == [p.name for p in LETTERS]
    assert json.loads((tmp_path / "labels.json").read_text()) == LABELS
