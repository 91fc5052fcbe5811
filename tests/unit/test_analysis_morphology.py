"""Keywords written once in their dictionary form find every inflected Russian form."""

from __future__ import annotations

from shared_lib.analysis.morphology import lemmas
from shared_lib.analysis.vocabulary import Vocabulary, tokens


def _labels(vocabulary: Vocabulary, text: str) -> list[str]:
    return [hit.label for hit in vocabulary.find(tokens(text))]


def test_an_inflected_noun_is_found_by_its_dictionary_form() -> None:
    vocabulary = Vocabulary([("задолженность", "debt", 1.0)])
    assert _labels(vocabulary, "Погасите задолженности по налогу") == ["debt"]
    assert _labels(vocabulary, "У вас нет задолженностей.") == ["debt"]


def test_a_phrase_matches_with_each_word_in_any_form() -> None:
    vocabulary = Vocabulary([("ответить на этот письмо", "reply", 1.0)])
    assert _labels(vocabulary, "Подтвердите визит, ответив на это письмо словом ДА") == ["reply"]
    assert _labels(vocabulary, "Ответьте на это письмо") == ["reply"]


def test_a_whole_word_keyword_does_not_match_a_longer_word_that_starts_with_it() -> None:
    vocabulary = Vocabulary([("отдел", "work", 1.0)])
    assert _labels(vocabulary, "Коммуналка оплачивается отдельно") == []
    assert _labels(vocabulary, "Зайдите в отдел кадров, в отделе ждут") == ["work", "work"]


def test_stems_still_match_the_word_as_written() -> None:
    vocabulary = Vocabulary([("оплат*", "pay", 1.0)])
    assert _labels(vocabulary, "оплатить до пятницы") == ["pay"]


def test_non_russian_and_overlong_words_have_no_lemmas() -> None:
    assert lemmas("invoices") == ()
    assert lemmas("а" * 100) == ()
    assert lemmas("задолженности") == ("задолженность",)


def test_a_text_of_invented_russian_words_is_looked_up_in_bounded_time() -> None:
    import random
    import time

    from shared_lib.analysis.keywords import vocabulary

    rng = random.Random(7)
    letters = "бвгджзклмнпрстфхцчшщ" + "аеиоуыэюя"
    text = " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(6, 20))) for _ in range(1500)
    )
    vocabulary().find(tokens("задолженность"))  # the analyser is loaded outside the timing
    start = time.process_time()
    vocabulary().find(tokens(text))
    assert time.process_time() - start < 0.25
