"""The per-user learning model: updates, idempotence, bounds, thresholds, explanations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared_lib.analysis.model import Analysis, Evidence, SenderInfo
from shared_lib.learning.explain import learned_line
from shared_lib.learning.features import letter_features
from shared_lib.learning.model import (
    MAX_DOC_BYTES,
    MAX_FEATURES,
    MAX_MAILBOXES,
    MAX_SIGNALS,
    MIN_OBSERVATIONS,
    LearningModel,
    Observation,
    doc_size,
)
from shared_lib.learning.why import LearnedWhy

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ANNA = ("s:anna@corp.example", "d:corp.example", "c:work", "u:normal")
NEWS = ("s:news@shop.example", "l:news.shop.example", "d:shop.example", "c:newsletters", "u:low")


def _observe(model: LearningModel, features, observed, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        model.observe(Observation(f"m{i}", observed, tuple(features)), NOW)


def test_features_go_from_the_sender_to_the_generic_and_skip_free_mail_domains():
    analysis = Analysis(
        category="newsletters",
        urgency="low",
        sender=SenderInfo(
            kind="mailing_list",
            evidence=[Evidence(source="header:List-Id", text="Shop news <news.shop.example>")],
        ),
    )
    assert letter_features("News@Shop.example", analysis, ["INBOX", "CATEGORY_PROMOTIONS"]) == [
        "s:news@shop.example",
        "l:news.shop.example",
        "d:shop.example",
        "g:promotions",
        "c:newsletters",
        "u:low",
    ]
    friend = Analysis(category="personal", sender=SenderInfo(known_contact=True))
    assert letter_features("kate@gmail.com", friend) == [
        "s:kate@gmail.com",
        "c:personal",
        "k:known",
        "u:normal",
    ]


def test_an_observation_counts_once_even_when_the_sync_is_redelivered():
    model = LearningModel()
    first = model.observe(Observation("m1", "reply_fast", ANNA), NOW)
    again = model.observe(Observation("m1", "reply_fast", ANNA), NOW)

    stats = model.features["s:anna@corp.example"]
    assert (first, again) == (True, False)
    assert (stats.n, stats.replied, stats.fast, stats.imp) == (1, 1, 1, 2.0)


def test_a_changed_mind_replaces_the_earlier_answer_on_the_same_letter():
    model = LearningModel()
    model.observe(Observation("m1", "important", ANNA), NOW)
    model.observe(Observation("m1", "not_important", ANNA), NOW)

    stats = model.features["s:anna@corp.example"]
    assert (stats.n, stats.marked_imp, stats.marked_not, stats.imp, stats.unimp) == (1, 0, 1, 0, 3)


def test_no_verdict_before_enough_observations():
    model = LearningModel()
    _observe(model, NEWS, "not_important", MIN_OBSERVATIONS - 1)
    assert model.verdict(NEWS) is None
    _observe(model, NEWS, "not_important", 1, start=MIN_OBSERVATIONS)
    verdict = model.verdict(NEWS)
    assert verdict is not None and verdict.lean == "unimportant"
    assert verdict.key == "s:news@shop.example" and verdict.signal == "marked_not_important"


def test_mixed_evidence_gives_no_verdict_and_is_not_overruled_by_the_domain():
    model = LearningModel()
    _observe(model, ANNA, "important", 3)
    _observe(model, ANNA, "not_important", 3, start=3)
    _observe(model, ("d:corp.example",), "not_important", 10, start=10)  # others at corp
    assert model.verdict(ANNA) is None


def test_a_less_specific_feature_decides_for_a_new_sender():
    model = LearningModel()
    _observe(model, NEWS, "archived_unread", 9)
    _observe(model, NEWS, "read_late", 1, start=9)
    other = ("s:deals@shop.example", "l:news.shop.example", "d:shop.example", "c:newsletters")
    verdict = model.verdict(other)
    assert verdict is not None and verdict.lean == "unimportant"
    assert (verdict.key, verdict.signal, verdict.k, verdict.n) == (
        "l:news.shop.example",
        "unread",
        9,
        10,
    )


def test_fast_replies_lean_important_and_name_the_sender():
    model = LearningModel()
    _observe(model, ANNA, "reply_fast", 5)
    verdict = model.verdict(ANNA, sender_name="Anna Petrova")
    assert verdict is not None and verdict.lean == "important"
    assert (verdict.signal, verdict.subject) == ("reply_fast", "Anna Petrova")


def test_reading_soon_alone_is_weak_evidence():
    model = LearningModel()
    _observe(model, ANNA, "read_soon", 5)
    assert model.verdict(ANNA) is None  # 5 quick reads are not yet "important"


def test_features_are_bounded_least_recently_updated_first():
    model = LearningModel()
    for i in range(MAX_FEATURES + 50):
        at = NOW + timedelta(minutes=i)
        model.observe(Observation(f"m{i}", "read_late", (f"s:sender{i}@x.example",)), at)
    assert len(model.features) == MAX_FEATURES
    assert "s:sender0@x.example" not in model.features
    assert f"s:sender{MAX_FEATURES + 49}@x.example" in model.features
    assert len(model.signals) == MAX_SIGNALS


def test_a_full_model_with_the_longest_keys_stays_under_the_document_bound():
    model = LearningModel()
    long = "x" * 200
    for i in range(MAX_FEATURES + 10):
        features = tuple(f for f in letter_features(f"{i}{long}@{long}.example", Analysis())[:2])
        model.observe(Observation(f"{i:064d}", "not_important", features), NOW)
    doc = model.to_doc()
    assert doc_size(doc) <= MAX_DOC_BYTES
    assert LearningModel.from_doc(doc).features.keys() == model.features.keys()


def test_an_unreadable_stored_model_is_read_as_far_as_it_goes():
    doc = {
        "v": 1,
        "f": {
            "s:a@b.example": [5, 0, 15, 0, 5, 0, 0, 0, 0, 0, 1],
            "zz:x": [1] * 11,
            "s:c": "x",
            "s:d": ["x", *[1] * 10],
            "s:e": [-1] * 11,
            "s:f": [float("inf")] * 11,
        },
        "s": {"fb:m1": "not_important", "fb:m2": "nonsense"},
    }
    model = LearningModel.from_doc(doc)
    assert list(model.features) == ["s:a@b.example"] and list(model.signals) == ["fb:m1"]
    assert not LearningModel.from_doc({"v": 99}) and not LearningModel.from_doc(None)


def _why(effect, signal, kind, subject, k, n, was="normal") -> LearnedWhy:
    return LearnedWhy(effect=effect, signal=signal, kind=kind, subject=subject, k=k, n=n, was=was)


@pytest.mark.parametrize(
    ("why", "lang", "line"),
    [
        (
            _why("urgent", "reply_fast", "sender", "Anna", 5, 6),
            "en",
            "Marked urgent: you usually answer letters from Anna within an hour",
        ),
        (
            _why("urgent", "reply_fast", "sender", "Anna", 5, 6),
            "ru",
            "Отмечено как срочное: вы обычно отвечаете на письма от Anna в течение часа",
        ),
        (
            _why("digest", "unread", "list", "l.example", 9, 10),
            "en",
            "Sent to the digest: you have left 9 of 10 letters from this list unread",
        ),
        (
            _why("digest", "unread", "list", "l.example", 9, 10),
            "ru",
            "Отправлено в дайджест: вы оставили непрочитанными 9 из 10 писем этой рассылки",
        ),
        (
            _why("low", "marked_not_important", "category", "promotions", 6, 7),
            "en",
            "Low priority: you marked 6 of 7 letters in Promotions not important",
        ),
        (
            _why("low", "marked_not_important", "domain", "shop.example", 20, 21),
            "ru",
            "Отмечено как неважное: вы отметили неважными 20 из 21 письма с адресов shop.example",
        ),
        (
            _why("normal", "replied", "contact", "", 3, 3, was="low"),
            "ru",
            "Поднято из неважных: вы ответили на 3 письма от тех, кому вы писали",
        ),
    ],
)
def test_explanations_in_both_languages(why, lang, line):
    assert learned_line(lang, why) == line


def test_an_explanation_escapes_what_a_letter_brought():
    why = LearnedWhy(effect="urgent", signal="reply_fast", kind="sender", subject="<b>A</b>\u202e")
    assert "&lt;b&gt;A&lt;/b&gt;" in learned_line("en", why) and "\u202e" not in learned_line(
        "en", why
    )


def test_a_mute_counts_as_not_important_and_its_undo_takes_it_back():
    model = LearningModel()
    model.observe(Observation("m1", "muted", NEWS), NOW)
    stats = model.features["l:news.shop.example"]
    assert (stats.n, stats.unimp, stats.marked_not) == (1, 3.0, 1)

    undone = model.observe(Observation("m1", "muted", NEWS, withdrawn=True), NOW)
    again = model.observe(Observation("m1", "muted", NEWS, withdrawn=True), NOW)

    assert (undone, again) == (True, False)
    assert (stats.n, stats.unimp, stats.marked_not) == (0, 0.0, 0)
    assert "fb:m1" not in model.signals


def test_an_undo_does_not_take_back_a_different_answer():
    model = LearningModel()
    model.observe(Observation("m1", "important", ANNA), NOW)
    assert not model.observe(Observation("m1", "muted", ANNA, withdrawn=True), NOW)
    assert model.features["s:anna@corp.example"].marked_imp == 1
    assert model.signals["fb:m1"] == "important"


def test_what_was_learned_lists_every_deciding_feature_best_evidenced_first():
    model = LearningModel()
    _observe(model, NEWS, "archived_unread", 9)
    _observe(model, ANNA, "reply_fast", 5, start=100)
    learned = [(v.key, v.lean) for v in model.learned()]
    assert learned[:2] == [
        ("s:news@shop.example", "unimportant"),
        ("l:news.shop.example", "unimportant"),
    ]
    assert ("s:anna@corp.example", "important") in learned
    assert "u:normal" in [k for k, _ in learned] and len(learned) == len(model.features)


def test_a_list_is_named_where_no_letter_shows_which_one():
    from shared_lib.learning.explain import learned_reason

    why = _why("digest", "unread", "list", "news.shop.example", 9, 10)
    assert learned_reason("en", why, named=True) == (
        "you have left 9 of 10 letters from the list news.shop.example unread"
    )
    assert learned_reason("ru", why, named=True) == (
        "вы оставили непрочитанными 9 из 10 писем рассылки news.shop.example"
    )


def test_a_letter_left_unread_counts_against_half_as_much_as_one_archived_unread():
    left, archived = LearningModel(), LearningModel()
    _observe(left, NEWS, "left_unread", 8)
    _observe(archived, NEWS, "archived_unread", 4)

    stats = left.features["s:news@shop.example"]
    assert (stats.n, stats.unread, stats.unimp) == (8, 8, 4.0)
    assert stats.unimp == archived.features["s:news@shop.example"].unimp
    verdict = left.verdict(NEWS)
    assert verdict is not None and verdict.lean == "unimportant" and verdict.signal == "unread"
    assert LearningModel().verdict(NEWS) is None
    six = LearningModel()
    _observe(six, NEWS, "left_unread", 6)
    assert six.verdict(NEWS) is None  # weaker: six are not yet enough (five archived would be)


def test_left_unread_never_replaces_what_the_user_did_with_the_letter_but_a_later_read_does():
    model = LearningModel()
    _observe(model, ANNA, "read_soon", 1)
    _observe(model, ANNA, "left_unread", 1)  # marked unread again: not a new answer
    _observe(model, ANNA, "left_unread", 1, start=1)
    _observe(model, ANNA, "left_unread", 1, start=1)  # the same look repeated: counted once
    _observe(model, ANNA, "read_late", 1, start=1)  # read at last: replaces "left unread"

    stats = model.features["s:anna@corp.example"]
    assert (stats.n, stats.read_soon, stats.read_late, stats.unread) == (2, 1, 1, 0)
    assert stats.unimp == 0


def test_the_time_of_the_last_look_for_letters_left_unread_is_kept_per_mailbox():
    model = LearningModel(unread_checked={"a@x.example": 29_000_000, "b@x.example": 29_000_100})
    assert LearningModel.from_doc(model.to_doc()).unread_checked == model.unread_checked
    assert LearningModel.from_doc({"v": 1, "u": "x"}).unread_checked == {}
    assert LearningModel.from_doc({"v": 1, "u": True}).unread_checked == {}
    assert LearningModel.from_doc({"v": 1, "u": 29_000_000}).unread_checked == {}  # one per user
    assert LearningModel.from_doc({"v": 1, "u": {"a": True, "b": "1", "c": 5}}).unread_checked == {
        "c": 5
    }
    assert not model.note_unread_look("a@x.example", 29_000_000)  # not newer: nothing changes
    for n in range(MAX_MAILBOXES + 5):  # bounded: the oldest looks are forgotten
        model.note_unread_look(f"m{n}@x.example", 30_000_000 + n)
    assert len(model.unread_checked) == MAX_MAILBOXES
    assert f"m{MAX_MAILBOXES + 4}@x.example" in model.unread_checked
    assert "a@x.example" not in model.unread_checked


def test_the_learned_empty_state_names_every_kind_of_signal_in_both_languages():
    from shared_lib.i18n import t

    english, russian = t("en", "learning.list.empty"), t("ru", "learning.list.empty")
    for signal in ("Important", "Mute sender", "replies", "read", "archive unread", "leave unread"):
        assert signal in english
    for signal in ("Важное", "Не уведомлять", "ответах", "читаете", "архивируете", "оставляете"):
        assert signal in russian
    assert f"at least {MIN_OBSERVATIONS} " in english
    assert f"не менее {MIN_OBSERVATIONS} " in russian
