"""The decision step: every mode, quiet hours across midnight and zones, rule precedence."""

from datetime import UTC, datetime

import pytest

from shared_lib.analysis.model import Analysis
from shared_lib.decide import decide, quiet_end
from shared_lib.models import QuietHours
from shared_lib.rules import Hashtag, Rules, SenderList

NOON_UTC = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _decide(
    rules: Rules, sender: str = "anna@corp.com", quiet=None, tz="UTC", now=NOON_UTC, **analysis
):
    return decide(Analysis(**analysis), sender, rules, quiet, tz, now)


def test_no_rules_means_notify_now_by_category():
    decision = _decide(Rules(), category="work")
    assert decision.action == "notify" and decision.reason == "category work: instant"


@pytest.mark.parametrize(
    ("mode", "action"), [("instant", "notify"), ("digest", "digest"), ("mute", "drop")]
)
def test_category_mode_decides(mode, action):
    rules = Rules(category_modes={"promotions": mode})
    assert _decide(rules, category="promotions").action == action


@pytest.mark.parametrize(
    ("mode", "action"), [("instant", "notify"), ("digest", "digest"), ("mute", "drop")]
)
def test_hashtag_mode_decides_over_category(mode, action):
    rules = Rules(
        hashtags={"ads": Hashtag(keywords=["sale"], mode=mode)},
        category_modes={"work": "instant" if mode != "instant" else "digest"},
    )
    decision = _decide(rules, category="work", hashtags=["ads"])
    assert decision.action == action and "#ads" in decision.reason


@pytest.mark.parametrize(
    ("mode", "action"), [("instant", "notify"), ("digest", "digest"), ("mute", "drop")]
)
def test_sender_list_mode_decides_over_hashtag(mode, action):
    rules = Rules(
        sender_lists={"services": SenderList(entries=["corp.com"], mode=mode)},
        hashtags={"x": Hashtag(keywords=["x"], mode="digest" if mode != "digest" else "instant")},
    )
    decision = _decide(rules, hashtags=["x"])
    assert decision.action == action and "services" in decision.reason


def test_muted_sender_beats_vip_and_category():
    rules = Rules(
        muted=["anna@corp.com"],
        sender_lists={"VIP": SenderList(entries=["anna@corp.com"], vip=True)},
        category_modes={"work": "instant"},
    )
    decision = _decide(rules, category="work")
    assert decision.action == "drop" and "muted" in decision.reason


def test_muted_domain_covers_subdomains_but_not_lookalikes():
    rules = Rules(muted=["corp.com"])
    assert _decide(rules, sender="x@mail.corp.com").action == "drop"
    assert _decide(rules, sender="x@notcorp.com").action == "notify"


def test_vip_beats_digest_only_category_and_hashtag():
    rules = Rules(
        sender_lists={"VIP": SenderList(entries=["anna@corp.com"], vip=True)},
        hashtags={"news": Hashtag(keywords=["news"], mode="digest")},
        category_modes={"newsletters": "digest"},
    )
    decision = _decide(rules, category="newsletters", hashtags=["news"])
    assert decision.action == "notify" and decision.reason.startswith("VIP")


def test_a_mute_list_beats_a_vip_list_for_the_same_sender():
    rules = Rules(
        sender_lists={
            "VIP": SenderList(entries=["corp.com"], vip=True),
            "spam": SenderList(entries=["anna@corp.com"], mode="mute"),
        }
    )
    assert _decide(rules).action == "drop"


def test_between_hashtags_instant_beats_digest_and_mute_beats_both():
    rules = Rules(
        hashtags={
            "a": Hashtag(mode="digest"),
            "b": Hashtag(mode="instant"),
            "c": Hashtag(mode="mute"),
        }
    )
    assert _decide(rules, hashtags=["a", "b"]).action == "notify"
    assert _decide(rules, hashtags=["a", "b", "c"]).action == "drop"


def test_hashtags_the_user_no_longer_has_are_ignored():
    assert _decide(Rules(), hashtags=["gone"], category="work").reason == "category work: instant"


NIGHT = QuietHours(start="23:00", end="08:00")


def test_quiet_hours_across_midnight_hold_until_morning_in_the_users_zone():
    # 21:30 UTC = 00:30 in Moscow: quiet until 08:00 Moscow = 05:00 UTC next day
    now = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)
    decision = _decide(Rules(), quiet=NIGHT, tz="Europe/Moscow", now=now)
    assert decision.action == "hold"
    assert decision.until == datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def test_quiet_hours_before_midnight_end_the_next_day():
    now = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert quiet_end(NIGHT, "UTC", now) == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_same_moment_is_quiet_in_one_zone_and_not_in_another():
    now = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 08:00 Moscow (over), 00:00 New York
    assert _decide(Rules(), quiet=NIGHT, tz="Europe/Moscow", now=now).action == "notify"
    held = _decide(Rules(), quiet=NIGHT, tz="America/New_York", now=now)
    assert held.action == "hold" and held.until == datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


def test_quiet_hours_within_a_day_and_at_their_edges():
    day = QuietHours(start="13:00", end="14:00")
    at = lambda h, m: datetime(2026, 11, 25, h, m, tzinfo=UTC)  # noqa: E731
    assert quiet_end(day, "UTC", at(12, 59)) is None
    assert quiet_end(day, "UTC", at(13, 0)) == at(14, 0)
    assert quiet_end(day, "UTC", at(14, 0)) is None


def test_quiet_hours_end_at_wall_clock_time_across_a_dst_change():
    # New York leaves DST on 2026-11-01 at 02:00: 08:00 local is then 13:00 UTC, not 12:00
    now = datetime(2026, 11, 1, 4, 0, tzinfo=UTC)  # 00:00 EDT
    assert quiet_end(NIGHT, "America/New_York", now) == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)


def test_urgent_letters_pass_quiet_hours_only_when_allowed():
    now = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert _decide(Rules(), quiet=NIGHT, now=now, urgency="urgent").action == "notify"
    strict = QuietHours(start="23:00", end="08:00", allow_urgent=False)
    assert _decide(Rules(), quiet=strict, now=now, urgency="urgent").action == "hold"


def test_digest_and_drop_are_not_affected_by_quiet_hours():
    now = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    rules = Rules(category_modes={"promotions": "digest", "social": "mute"})
    assert _decide(rules, quiet=NIGHT, now=now, category="promotions").action == "digest"
    assert _decide(rules, quiet=NIGHT, now=now, category="social").action == "drop"


def test_empty_quiet_period_is_never_quiet():
    assert quiet_end(QuietHours(start="08:00", end="08:00"), "UTC", NOON_UTC) is None


# -- the first hour (issue #17): the reason says which rule was overridden -------------------


def test_reason_names_the_muting_rule_an_instant_hashtag_beat():
    from shared_lib.decide import override_of

    rules = Rules(
        hashtags={"bills": Hashtag(mode="instant")}, category_modes={"newsletters": "mute"}
    )
    decision = _decide(rules, category="newsletters", hashtags=["bills"])
    assert decision.reason == "#bills: instant; over category newsletters: mute"
    override = override_of(decision.reason)
    assert override is not None
    assert (override.winner_kind, override.winner) == ("hashtag", "bills")
    assert (override.loser_kind, override.loser, override.loser_mode) == (
        "category",
        "newsletters",
        "mute",
    )


def test_reason_names_the_digest_rule_a_vip_beat_even_under_quiet_hours():
    from shared_lib.decide import override_of

    rules = Rules(
        sender_lists={"VIP": SenderList(entries=["anna@corp.com"], vip=True)},
        hashtags={"news": Hashtag(mode="digest")},
    )
    quiet = QuietHours(start="00:00", end="23:59")
    decision = _decide(rules, hashtags=["news"], quiet=quiet)
    assert decision.action == "hold"
    override = override_of(decision.reason)
    assert override is not None and override.winner_kind == "vip" and override.loser == "news"


def test_no_override_when_nothing_would_have_silenced_the_letter():
    from shared_lib.decide import override_of

    rules = Rules(hashtags={"bills": Hashtag(mode="instant")})
    decision = _decide(rules, category="finance", hashtags=["bills"])
    assert decision.reason == "#bills: instant" and override_of(decision.reason) is None
    assert override_of("muted sender x.com") is None


@pytest.mark.parametrize(
    ("rules", "analysis", "sender"),
    [
        (Rules(hashtags={"bills": Hashtag()}, category_modes={"newsletters": "mute"}),
         {"category": "newsletters", "hashtags": ["bills"]}, "a@b.example"),
        (Rules(sender_lists={"VIP": SenderList(entries=["anna@corp.com"], vip=True)},
               hashtags={"news": Hashtag(mode="digest")}), {"hashtags": ["news"]}, "anna@corp.com"),
        (Rules(sender_lists={"team": SenderList(entries=["corp.com"]),
                             "low": SenderList(entries=["anna@corp.com"], mode="digest")}),
         {}, "anna@corp.com"),
        (Rules(hashtags={"bills": Hashtag()}), {"hashtags": ["bills"]}, "a@b.example"),
        (Rules(muted=["b.example"]), {}, "a@b.example"),
    ],
)  # fmt: skip
def test_the_override_read_from_the_steps_is_the_one_read_from_the_text(rules, analysis, sender):
    from shared_lib.decide import override_in, override_of

    decision = decide(Analysis(**analysis), sender, rules, None, "UTC", NOON_UTC)
    assert override_in(decision.why) == override_of(decision.reason)
