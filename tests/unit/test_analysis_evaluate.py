"""The evaluation command scores a small labelled folder and lists the misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared_lib.analysis.evaluate import evaluate_dir, format_report, main

_LETTERS = {
    "a-ru-report.eml": (
        "From: Liza <liza@hse.ru>\nTo: alex@gmail.com\nSubject: Report\n"
        "Date: Mon, 23 Nov 2026 10:15:00 +0300\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
        "Пришли, пожалуйста, отчёт до пятницы 18:00.\nАдрес: г. Москва, ул. Тверская, д. 7.\n"
    ),
    "b-en-promo.eml": (
        "From: Shop <news@shop.example>\nTo: alex@gmail.com\nSubject: 50% off everything\n"
        "Date: Tue, 24 Nov 2026 10:00:00 -0500\nPrecedence: bulk\n"
        "List-Unsubscribe: <https://shop.example/u>\nContent-Type: text/plain\n\n"
        "Black Friday sale: 50% off. Shop now.\n"
    ),
    "c-en-zoom.eml": (
        "From: Priya <priya@lumen.io>\nTo: alex@gmail.com\nSubject: Sync tomorrow\n"
        "Date: Tue, 24 Nov 2026 16:05:00 +0300\nContent-Type: text/plain\n\n"
        "Hi all,\nTomorrow's sync is at 3pm.\nhttps://us02web.zoom.us/j/812\n"
    ),
}
_LABELS = {
    "a-ru-report.eml": {
        "timezone": "Europe/Moscow", "category": "work", "urgency": "normal",
        "reply_expected": True, "deadline": "2026-11-27T18:00",
        "places": ["Тверская, д. 7"], "sender_kind": "person",
    },
    "b-en-promo.eml": {
        "timezone": "America/New_York", "category": "promotions", "urgency": "low",
        "reply_expected": False, "deadline": None, "places": [], "sender_kind": "mailing_list",
    },
    # Deliberately "wrong" labels, so that misses and imperfect metrics are reported.
    "c-en-zoom.eml": {
        "timezone": "Europe/Moscow", "category": "personal", "urgency": "urgent",
        "reply_expected": True, "deadline": "2026-11-25", "places": ["zoom.us", "Room 5"],
        "sender_kind": "person",
    },
}  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in _LETTERS.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    (tmp_path / "labels.json").write_text(json.dumps(_LABELS), encoding="utf-8")
    return tmp_path


def test_evaluation_scores_each_field_as_the_readme_defines(folder: Path) -> None:
    report = evaluate_dir(folder)
    m = report.metrics
    assert report.letters == 3
    assert m["category"]["accuracy"] == pytest.approx(2 / 3)
    assert m["sender_kind"]["accuracy"] == 1.0
    assert m["urgency"]["accuracy"] == pytest.approx(2 / 3)
    assert m["urgency"]["urgent_recall"] == 0.0  # the one "urgent" label was not found
    assert m["reply_expected"]["recall"] == pytest.approx(1 / 2)
    assert m["reply_expected"]["precision"] == 1.0
    assert m["deadline"]["date_accuracy"] == pytest.approx(2 / 3)
    assert m["deadline"]["recall"] == pytest.approx(1 / 2)
    assert m["deadline"]["time_accuracy"] == 1.0
    assert m["places"]["recall"] == pytest.approx(2 / 3)  # Room 5 is not in the letter
    assert m["places"]["precision"] == 1.0


def test_evaluation_lists_the_misses_with_file_field_expected_and_got(folder: Path) -> None:
    misses = {(x.file, x.field): (x.expected, x.got) for x in evaluate_dir(folder).misses}
    assert misses[("c-en-zoom.eml", "category")] == ("personal", "work")
    assert misses[("c-en-zoom.eml", "deadline")] == ("2026-11-25", "None")
    assert misses[("c-en-zoom.eml", "places")][0] == "Room 5"
    assert all(f == "c-en-zoom.eml" for f, _ in misses)


def test_evaluation_command_prints_the_report_and_exits_0(folder: Path, capsys) -> None:
    assert main([str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == format_report(evaluate_dir(folder))
    assert "category        accuracy=0.667" in out
    assert "c-en-zoom.eml  category: expected 'personal', got 'work'" in out


def test_evaluation_reports_a_labelled_letter_that_is_missing(folder: Path) -> None:
    (folder / "a-ru-report.eml").unlink()
    report = evaluate_dir(folder)
    assert report.letters == 2
    assert ("a-ru-report.eml", "file") in {(x.file, x.field) for x in report.misses}


def test_evaluation_table_prints_one_row_of_figures_per_folder_and_no_misses(
    folder: Path, capsys
) -> None:
    assert main(["--table", str(folder), str(folder)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("| set | letters | category |")
    assert lines[2:] == [lines[2]] * 2
    assert lines[2].startswith(f"| {folder.name} | 3 | 0.667 | 1.000 | 0.667 |")
    assert not any("c-en-zoom" in line for line in lines)


def test_evaluation_command_without_a_folder_prints_its_usage(capsys) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
