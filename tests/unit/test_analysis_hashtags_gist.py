"""Hashtags from the user's keywords (Russian word forms too) and the letter's gist."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.hashtags import RU, stem_and_endings
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.mail.model import Address, ParsedMail

TAGS = {
    "project-x": ["Проект Икс", "project x"],
    "reports": ["отчёт", "report"],
    "budget": ["годовой бюджет"],
    "cars": ["car"],
}


def _analyze(body: str, subject: str = "Письмо", sender: str = "Иван Петров") -> Analysis:
    mail = ParsedMail(
        subject=subject,
        sender=Address(name=sender, email="ivan@acme.io"),
        to=[Address(email="alex@gmail.com")],
        date=datetime.fromisoformat("2026-11-24T10:00:00+03:00"),
        text=body,
    )
    return analyze(mail, AnalysisContext(timezone="Europe/Moscow", hashtags=TAGS))


@pytest.mark.parametrize(
    ("subject", "body", "tags"),
    [
        ("Отчёт", "", ["reports"]),
        ("Вопрос", "Пришли, пожалуйста, отчёта нет до сих пор.", ["reports"]),
        ("Вопрос", "Спасибо за отчеты!", ["reports"]),
        ("Вопрос", "Что с отчётами по проекту икс?", ["project-x", "reports"]),
        ("Q", "The REPORTS are attached.", ["reports"]),
        ("Q", "Status of Project-X: reporting is late.", ["project-x", "reports"]),
        ("Бюджет", "Обсудим годового бюджета цифры.", ["budget"]),
        ("Q", "My cars are parked outside.", ["cars"]),
        ("Q", "Carbon and cartoons only.", []),
        ("Q", "Годовой план и бюджет отдела.", []),
        ("Привет", "Как дела?", []),
    ],
)
def test_hashtags_match_keywords_case_insensitively_and_in_word_forms(
    subject: str, body: str, tags: list[str]
) -> None:
    result = _analyze(body, subject=subject)
    assert result.hashtags == tags
    assert len(result.hashtag_evidence) == len(tags)


def test_hashtag_evidence_names_the_tag_and_the_words_that_matched() -> None:
    result = _analyze("Где отчёта копия?", subject="Вопрос")
    assert result.hashtag_evidence[0].source == "body"
    assert result.hashtag_evidence[0].text == "#reports: отчёта"


def test_russian_stems_drop_the_ending_and_read_yo_as_ye() -> None:
    assert stem_and_endings("отчёт") == ("отчет", RU)
    assert stem_and_endings("Проекта") == ("проект", RU)


def test_no_hashtags_without_user_hashtags() -> None:
    mail = ParsedMail(subject="Отчёт", text="отчёт")
    assert analyze(mail, AnalysisContext()).hashtags == []


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        ("Ok.\n\n> old letter: the ОТЧЁТЫ and Project X", ["project-x", "reports"]),
        ("ſee the REPORTſ", ["reports"]),  # ſ reads as s: the regex decides, not the stems
        ("Статус: Проеᲅт Икс", []),
        ("Всё про отᲅет", []),
        ("İ: ГОДОВОГО бюджета нет", ["budget"]),
        ("Σ CARS", ["cars"]),
    ],
)
def test_hashtags_are_found_anywhere_in_the_body_whatever_its_letters(
    body: str, tags: list[str]
) -> None:
    assert _analyze(body, subject="Q").hashtags == tags


# --- gist --------------------------------------------------------------------------------


def test_gist_is_the_letters_own_first_sentences_without_greeting() -> None:
    body = (
        "Саша, привет!\n\nПришли, пожалуйста, отчёт по проекту до пятницы 18:00 — мне нужно "
        "успеть его проверить.\nЕсли будут вопросы, пиши.\n\nЛиза"
    )
    assert _analyze(body, sender="Лиза").gist == (
        "Пришли, пожалуйста, отчёт по проекту до пятницы 18:00 — мне нужно успеть его проверить."
    )


def test_gist_takes_a_second_sentence_when_the_first_is_short() -> None:
    assert _analyze("Hi Alex,\n\nThe client is waiting. I need the contract.").gist == (
        "The client is waiting. I need the contract."
    )


def test_gist_leaves_out_quotes_signatures_disclaimers_and_unsubscribe_boilerplate() -> None:
    body = (
        "Отлично, тогда до встречи в четверг.\n\n"
        "-- \nИван Петров\nтел. +7 999 000-00-00\n\n"
        "On Mon, Nov 23, 2026 at 9:00 AM Alex <alex@gmail.com> wrote:\n> Встречаемся в четверг?\n"
    )
    assert _analyze(body).gist == "Отлично, тогда до встречи в четверг."
    body = (
        "Thanks for the update.\n\nBest regards,\nMark\n\nCONFIDENTIALITY NOTICE: This email "
        "is intended only for the recipient."
    )
    assert _analyze(body).gist == "Thanks for the update."
    body = "Big sale this week on all shoes.\nUnsubscribe: https://shop.example/unsub"
    assert _analyze(body).gist == "Big sale this week on all shoes."
    body = "Ok, I'll do it.\n\n-----Original Message-----\nFrom: Alex\nSent: Monday\nDo it."
    assert _analyze(body).gist == "Ok, I'll do it."


def test_gist_is_at_most_about_200_characters() -> None:
    gist = _analyze("Слово " * 100 + "конец.").gist
    assert len(gist) <= 200
    assert gist.endswith("…")


def test_gist_falls_back_to_the_subject_when_there_is_no_text() -> None:
    assert _analyze("", subject="Фотографии с дачи").gist == "Фотографии с дачи"
