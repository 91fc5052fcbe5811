"""Changes from the settings page: normalized like the bot's commands, refused whole when wrong."""

from __future__ import annotations

import pytest

from shared_lib.rules import MAX_HASHTAGS, Hashtag, Rules, SenderList
from shared_lib.webapp.settings import SettingsError, parse_change


def _fields(body: object) -> set[str]:
    with pytest.raises(SettingsError) as caught:
        parse_change(body)
    return {e.field for e in caught.value.errors}


def _rules() -> Rules:
    return Rules(
        hashtags={"work": Hashtag(keywords=["report"]), "travel": Hashtag(keywords=["flight"])},
        sender_lists={"VIP": SenderList(entries=["boss@corp.com"], vip=True)},
        category_modes={"promotions": "mute"},
        muted=["spam.example"],
    )


def test_hashtag_names_and_keywords_are_normalized():
    change = parse_change(
        {"hashtags": {"#Invoices": {"keywords": [" invoice ", "Invoice", "счёт  на оплату"]}}}
    )
    assert change.hashtags == {
        "invoices": Hashtag(keywords=["invoice", "счёт на оплату"], mode="instant")
    }


def test_given_entries_replace_null_removes_and_the_rest_is_kept():
    change = parse_change(
        {
            "hashtags": {"work": {"keywords": ["invoice"], "mode": "digest"}, "travel": None},
            "category_modes": {"promotions": None, "work": "digest"},
        }
    )
    rules = change.apply(_rules())
    assert rules.hashtags == {"work": Hashtag(keywords=["invoice"], mode="digest")}
    assert rules.category_modes == {"work": "digest"}
    assert rules.sender_lists == _rules().sender_lists and rules.muted == ["spam.example"]


def test_sender_lists_and_muted_senders_are_normalized():
    change = parse_change(
        {
            "sender_lists": {
                "vip": {"entries": ["Boss@Corp.com", "<ceo@corp.com>", ""], "vip": True},
                "Colleagues": {"entries": ["@corp.com", "corp.com"], "mode": "digest"},
            },
            "muted": ["@Ads.Example", "noreply@shop.example", "ads.example"],
        }
    )
    assert change.sender_lists == {
        "VIP": SenderList(entries=["boss@corp.com", "ceo@corp.com"], vip=True),
        "colleagues": SenderList(entries=["corp.com"], mode="digest"),
    }
    assert change.muted == ["ads.example", "noreply@shop.example"]


def test_preferences_are_validated_and_kept_as_user_fields():
    change = parse_change(
        {
            "lang": "ru",
            "timezone": "Europe/Moscow",
            "quiet_hours": {"start": "23:00", "end": "07:30"},
            "digest": {"mode": "daily", "at": "09:00"},
        }
    )
    assert change.user_fields == {
        "lang": "ru",
        "timezone": "Europe/Moscow",
        "quiet_hours": {"start": "23:00", "end": "07:30", "allow_urgent": True},
        "digest": {"mode": "daily", "at": "09:00"},
    }
    assert not change.touches_rules


def test_quiet_hours_null_turns_them_off_and_hourly_digest_needs_no_time():
    change = parse_change({"quiet_hours": None, "digest": {"mode": "hourly", "at": "09:00"}})
    assert change.user_fields == {"quiet_hours": None, "digest": {"mode": "hourly", "at": None}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hashtags": {"bad tag!": {"keywords": ["x"]}}}, "hashtags.bad tag!"),
        ({"hashtags": {"ok": {"keywords": []}}}, "hashtags.ok.keywords"),
        ({"hashtags": {"ok": {"keywords": ["!!!"]}}}, "hashtags.ok.keywords"),
        ({"hashtags": {"ok": {"keywords": "invoice"}}}, "hashtags.ok.keywords"),
        ({"hashtags": {"ok": {"keywords": ["x"], "mode": "loud"}}}, "hashtags.ok.mode"),
        ({"hashtags": {"ok": {"keywords": ["x"], "extra": 1}}}, "hashtags.ok"),
        (
            {"hashtags": {"Work": {"keywords": ["x"]}, "#work": {"keywords": ["y"]}}},
            "hashtags.#work",
        ),
        ({"hashtags": []}, "hashtags"),
        ({"sender_lists": {"vip": {"entries": ["not an address"]}}}, "sender_lists.VIP.entries"),
        ({"sender_lists": {"x": {"entries": [], "vip": "yes"}}}, "sender_lists.x.vip"),
        ({"category_modes": {"weather": "mute"}}, "category_modes.weather"),
        ({"muted": ["@"]}, "muted"),
        ({"lang": "de"}, "lang"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "/etc/passwd"}, "timezone"),
        ({"timezone": 3}, "timezone"),
        ({"quiet_hours": {"start": "25:00", "end": "07:00"}}, "quiet_hours.start"),
        ({"quiet_hours": {"start": "07:00", "end": "07:00"}}, "quiet_hours"),
        ({"digest": {"mode": "daily"}}, "digest.at"),
        ({"digest": {"mode": "weekly"}}, "digest.mode"),
        ({"digest": None}, "digest"),
        ({"user_id": 5002}, "user_id"),
        ([], "body"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(body, field):
    assert field in _fields(body)


def test_every_problem_is_reported_at_once():
    assert _fields({"lang": "de", "timezone": "Nowhere", "muted": ["?"]}) == {
        "lang",
        "timezone",
        "muted",
    }


def test_a_change_that_passes_a_limit_is_refused():
    rules = Rules(hashtags={f"t{i}": Hashtag(keywords=["x"]) for i in range(MAX_HASHTAGS)})
    change = parse_change({"hashtags": {"one-more": {"keywords": ["x"]}}})
    with pytest.raises(SettingsError, match="at most"):
        change.apply(rules)


def test_a_change_with_thousands_of_wrong_fields_gets_a_short_answer():
    with pytest.raises(SettingsError) as caught:
        parse_change({f"field{i}": i for i in range(10_000)})
    assert len(caught.value.errors) == 20 and len(str(caught.value)) < 1_000
