"""Hashtag matching without regexes finds what the per-hashtag regex it replaced found.

The regex (kept here as the reference) compiled, per hashtag, each phrase as its words' stems
with optional endings, apart by spaces and hyphens, between word boundaries; compiling the
largest setup took over a second. The run masks of `hashtags` must give the same tag and the
same matched words on letters without case twins (body.CASE_TWINS), and for twins the letter
a case-insensitive regex takes them for.
"""

from __future__ import annotations

import random
import re

import pytest

from shared_lib.analysis.body import CASE_TWINS
from shared_lib.analysis.hashtags import (
    _WORD,
    EN_SHORT,
    Runs,
    find_phrases,
    fold,
    match_hashtags,
    read_keywords,
    stem_and_endings,
)
from shared_lib.analysis.letter import prepare
from shared_lib.mail.model import ParsedMail

_TAILS = {"ru": r"[а-яё]{0,4}", "en": r"[a-z]{0,4}", EN_SHORT: r"(?:s|es)?"}


def reference_regex(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """The regex hashtags.compile_tag built (without its first-letter lookahead)."""
    parts = []
    for keyword in keywords:
        words = _WORD.findall(keyword)
        if words:
            stems = [stem_and_endings(w) for w in words]
            parts.append(
                r"[\s\-]+".join(re.escape(s).replace("е", "[её]") + _TAILS[k] for s, k in stems)
            )
    if not parts:
        return None
    return re.compile(rf"(?<![\w])(?:{'|'.join(parts)})(?![\w])", re.IGNORECASE)


def reference_match(subject: str, text: str, keywords: tuple[str, ...]) -> str | None:
    pattern = reference_regex(keywords)
    if pattern is None:
        return None
    letter = prepare(ParsedMail(subject=subject, text=text), "UTC")  # as the letter holds them
    m = pattern.search(letter.subject) or pattern.search(letter.text)
    return m.group(0) if m else None


def new_match(subject: str, text: str, keywords: tuple[str, ...]) -> str | None:
    letter = prepare(ParsedMail(subject=subject, text=text), "UTC")
    _, evidence = match_hashtags(letter, {"t": list(keywords)})
    return evidence[0].text.split(": ", 1)[1] if evidence else None


KEYWORDS = [
    ("Проект Икс", "project x"),
    ("отчёт", "report"),
    ("годовой бюджет",),
    ("car",),
    ("status-report", "e-mail"),
    ("don't", "o'neil"),
    ("100-ая", "ab-ой"),
    ("ёлка", "Ещё один"),
    ("2fa", "x1"),
    ("",),
    ("!!!", "report"),
]
TEXTS = [
    "Отчёт",
    "Пришли, пожалуйста, отчёта нет до сих пор.",
    "Спасибо за отчеты! Что с отчётами по проекту икс?",
    "The REPORTS are attached. Status of Project-X: reporting is late.",
    "Обсудим годового бюджета цифры. Годовой план и бюджет отдела.",
    "My cars are parked outside. Carbon and cartoons only. cares car_s cars2",
    "status-report, status - report, status--report, status report, Status-Reports!",
    "e-mail e - mail email e--mail; don't do'nt o'neils O'Neil",
    "100-ая 100-ой 100- ая 100-  100-аяаяая 100-ая-100 ab-ой ab-",
    "Ещё один ёлки ЕЛКА Еще  один ещё-одного",
    "2fas 2FA x1s x1 y x1y",
    "проект\u00a0икс, проект—икс, проект\nикс, проекты-иксы, проектами иксами",
    "report",
    "",
    "отчетиками reportingss отчетика reportings",  # five letters are no ending, four are
    "ОТЧЁТ по Проекту готов; Status-Report attached",
    "Отчета нет, проектов много, STATUS  REPORTS weekly",
    "Ещё один ОТЧЕТ и ПРОЕКТОМ займёмся",
]


@pytest.mark.parametrize("keywords", KEYWORDS)
@pytest.mark.parametrize("text", TEXTS)
def test_runs_find_what_the_regex_found(keywords: tuple[str, ...], text: str) -> None:
    assert new_match("Q", text, keywords) == reference_match("Q", text, keywords)
    assert new_match(text, "", keywords) == reference_match(text, "", keywords)


ALPHABET = ["отч", "ёт", "ет", "а", "ов", "ами", "про", "ект", "rep", "ort", "s", "es", "ing", "x"]
GLUE = [" ", "-", "  ", " - ", "'", ",", ".", "—", "\n", "", "_", "1"]


def _random_text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3))))
        out.append(rng.choice(GLUE))
    return "".join(out)


def test_runs_find_what_the_regex_found_in_generated_phrases_and_texts() -> None:
    rng = random.Random(17)
    for _ in range(1500):
        keywords = tuple(_random_text(rng, rng.randint(1, 3)) for _ in range(rng.randint(1, 3)))
        text = _random_text(rng, rng.randint(1, 25))
        if rng.random() < 0.3:  # a text with the keywords in it, in another case
            text += rng.choice(GLUE) + rng.choice(keywords).upper() + rng.choice(GLUE)
        assert new_match("", text, keywords) == reference_match("", text, keywords), (
            keywords,
            text,
        )


@pytest.mark.parametrize(
    ("keywords", "text", "found"),
    [
        (("reports",), "ſee the REPORTſ", "REPORTſ"),
        (("отчёт",), "Всё про оᲅчёт", "оᲅчёт"),
        (("бюджет",), "İ: ГОДОВОГО бюджета нет", "бюджета"),
        (("cars",), "Σ CARS", "CARS"),
        (("σοφία",), "ΣΟΦΊΑ и σοφία", "ΣΟΦΊΑ"),
    ],
)
def test_case_twins_read_as_the_letter_a_case_insensitive_regex_takes_them_for(
    keywords: tuple[str, ...], text: str, found: str
) -> None:
    assert new_match("", text, keywords) == found == reference_match("", text, keywords)


def test_every_case_twin_folds_to_a_word_letter_the_regex_takes_it_for() -> None:
    for twin in CASE_TWINS:
        folded = fold(twin)
        assert len(folded) == 1 and folded.isalnum() and fold(folded) == folded
        assert folded not in CASE_TWINS or folded == "ι"  # its other twin is no word letter
        assert re.fullmatch(re.escape(twin), folded, re.IGNORECASE), twin
        for other in CASE_TWINS:
            same = re.fullmatch(re.escape(twin), other, re.IGNORECASE) is not None
            assert same == (fold(other) == folded), (twin, other)


def test_the_first_match_is_the_leftmost_then_the_earliest_phrase() -> None:
    runs = Runs(fold("a report on project x, then project x report"))
    phrases = read_keywords(("project x", "report", "report on project"))
    assert find_phrases(runs, phrases) == (2, 8)
