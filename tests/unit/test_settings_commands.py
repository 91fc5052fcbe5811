"""The settings commands' parsing, rule changes and summary, as pure functions."""

from datetime import UTC, datetime

import pytest

from shared_lib.bot import registry
from shared_lib.bot.settings_commands import (
    MAX_KEYWORD_LENGTH,
    SUMMARY_BUDGET,
    Usage,
    add_senders,
    choose_account,
    mute_senders,
    parse_digest,
    parse_keywords,
    parse_lang,
    parse_list_entries,
    parse_mode,
    parse_quiet,
    parse_senders,
    parse_tag,
    parse_timezone,
    parse_untag,
    remove_hashtag,
    remove_senders,
    render_summary,
    resolve_target,
    set_hashtag,
    set_mode,
    unmute_senders,
)
from shared_lib.i18n import t
from shared_lib.models import Account, DigestSchedule, QuietHours, User
from shared_lib.rules import (
    MAX_ENTRIES,
    MAX_HASHTAGS,
    MAX_KEYWORDS,
    MAX_LISTS,
    MAX_MUTED,
    VIP,
    Hashtag,
    Rules,
    SenderList,
)
from telemail_local.telegram_server import MAX_TEXT, plain_text_of


def _refused(key: str, fn, *args) -> Usage:
    with pytest.raises(Usage) as info:
        fn(*args)
    assert info.value.key == key
    return info.value


# parsing -------------------------------------------------------------------------------------


def test_tag_takes_a_name_and_comma_separated_keywords_and_phrases():
    assert parse_tag("#Project-X  Project X, PRJ-X,, quarterly   report, prj-x") == (
        "project-x",
        ["Project X", "PRJ-X", "quarterly report"],
    )


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("", "settings.usage.tag"),
        ("project", "settings.usage.tag"),
        ("project , ,", "settings.usage.tag"),
        ("bad/name words", "settings.bad_tag"),
        ("x" * 33 + " words", "settings.bad_tag"),
        ("project !!!, words", "settings.bad_keyword"),
        ("project " + "w" * (MAX_KEYWORD_LENGTH + 1), "settings.keyword_too_long"),
        ("project " + ", ".join(f"k{i}" for i in range(MAX_KEYWORDS + 1)), "too_many_keywords"),
    ],
)
def test_wrong_tag_arguments_are_refused_with_the_reason(args, key):
    with pytest.raises(Usage) as info:
        parse_tag(args)
    assert info.value.key.endswith(key)


def test_keywords_up_to_the_limit_are_accepted():
    assert len(parse_keywords(", ".join(f"k{i}" for i in range(MAX_KEYWORDS)))) == MAX_KEYWORDS


def test_untag_takes_exactly_one_name():
    assert parse_untag("#Project-X") == "project-x"
    _refused("settings.usage.untag", parse_untag, "")
    _refused("settings.usage.untag", parse_untag, "a b")


def test_senders_are_addresses_or_domains_normalized_without_repeats():
    words = ["Anna@Corp.com,", "@corp.com;boss.org", "<anna@corp.com>"]
    assert parse_senders(words, "u") == ["anna@corp.com", "corp.com", "boss.org"]
    assert _refused("settings.bad_sender", parse_senders, ["anna@", "x.com"], "u").values == {
        "entry": "anna@"
    }
    _refused("u", parse_senders, [",", ""], "u")


def test_list_entries_need_a_list_name_that_is_not_a_category():
    assert parse_list_entries("Colleagues corp.com", "u", True) == ("colleagues", ["corp.com"])
    assert parse_list_entries("vip", "u", False) == (VIP, [])
    _refused("u", parse_list_entries, "colleagues", "u", True)
    _refused("settings.list_is_category", parse_list_entries, "work corp.com", "u", True)
    _refused("settings.list_is_category", parse_list_entries, "Работа corp.com", "u", True)
    _refused("settings.bad_list_name", parse_list_entries, "a/b corp.com", "u", True)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("23:00-08:00", QuietHours(start="23:00", end="08:00")),
        ("7:30 — 9.15", QuietHours(start="07:30", end="09:15")),
        ("22:00 - 07:00 STRICT", QuietHours(start="22:00", end="07:00", allow_urgent=False)),
        (" Off ", None),
    ],
)
def test_quiet_hours_are_a_period_or_off(args, expected):
    assert parse_quiet(args) == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("", "settings.usage.quiet"),
        ("23:00", "settings.usage.quiet"),
        ("23:00-08:00 please", "settings.usage.quiet"),
        ("24:00-08:00", "settings.bad_time"),
        ("23:60-08:00", "settings.bad_time"),
        ("08:00-8:00", "settings.quiet_same"),
    ],
)
def test_wrong_quiet_hours_are_refused_with_the_reason(args, key):
    _refused(key, parse_quiet, args)


def test_digest_is_hourly_daily_at_a_time_or_off():
    assert parse_digest("hourly") == DigestSchedule(mode="hourly")
    assert parse_digest("Daily 9:05") == DigestSchedule(mode="daily", at="09:05")
    assert parse_digest("off") == DigestSchedule(mode="off")
    for wrong in ("", "daily", "weekly", "hourly 10:00", "daily 9"):
        with pytest.raises(Usage):
            parse_digest(wrong)


def test_time_zone_is_an_iana_name_in_any_case():
    assert parse_timezone("europe/moscow") == "Europe/Moscow"
    assert parse_timezone("UTC") == "UTC"
    _refused("settings.bad_tz", parse_timezone, "Mars/Olympus")
    _refused("settings.bad_tz", parse_timezone, "../../etc/passwd")
    _refused("settings.usage.tz", parse_timezone, "")
    _refused("settings.usage.tz", parse_timezone, "Europe/Moscow Asia/Tokyo")


def test_language_is_ru_or_en():
    assert parse_lang("RU") == "ru" and parse_lang("en") == "en"
    for wrong in ("", "de", "ru en"):
        _refused("settings.usage.lang", parse_lang, wrong)


def test_mode_takes_a_target_and_one_of_the_three_modes():
    assert parse_mode("#x Digest") == ("#x", "digest")
    for wrong in ("", "work", "work loud", "work digest now"):
        _refused("settings.usage.mode", parse_mode, wrong)


def _account(email: str) -> Account:
    return Account(user_id=1, email=email, sealed_refresh_token="v1.k.x")


def test_disconnect_without_an_address_needs_exactly_one_account():
    one, two = _account("a@gmail.com"), _account("b@gmail.com")
    assert choose_account([one], "") is one
    assert choose_account([one, two], "B@Gmail.com") is two
    _refused("settings.no_accounts", choose_account, [], "")
    _refused("settings.usage.disconnect", choose_account, [one, two], "")
    _refused("settings.no_such_account", choose_account, [one], "c@gmail.com")


# rule changes --------------------------------------------------------------------------------


def test_replacing_a_hashtag_keeps_its_mode():
    rules = Rules(hashtags={"x": Hashtag(keywords=["a"], mode="digest")})
    rules = set_hashtag(rules, "x", ["b", "c"])
    assert rules.hashtags["x"] == Hashtag(keywords=["b", "c"], mode="digest")


def test_hashtags_are_bounded_but_existing_ones_can_still_be_replaced():
    rules = Rules(hashtags={f"t{i}": Hashtag(keywords=["k"]) for i in range(MAX_HASHTAGS)})
    _refused("settings.too_many_hashtags", set_hashtag, rules, "new", ["k"])
    assert set_hashtag(rules, "t0", ["z"]).hashtags["t0"].keywords == ["z"]


def test_removing_a_missing_hashtag_is_refused():
    _refused("settings.no_such_tag", remove_hashtag, Rules(), "x")


def test_the_vip_list_is_created_as_vip_and_other_lists_are_not():
    rules = add_senders(Rules(), VIP, ["boss.com"])
    rules = add_senders(rules, "colleagues", ["corp.com"])
    rules = add_senders(rules, VIP, ["boss.com", "anna@x.org"])
    assert rules.sender_lists[VIP] == SenderList(entries=["boss.com", "anna@x.org"], vip=True)
    assert rules.sender_lists["colleagues"] == SenderList(entries=["corp.com"])


def test_sender_lists_and_their_entries_are_bounded():
    full = Rules(sender_lists={f"l{i}": SenderList() for i in range(MAX_LISTS)})
    _refused("settings.too_many_lists", add_senders, full, "new", ["a.com"])
    big = Rules(sender_lists={"l": SenderList(entries=[f"d{i}.com" for i in range(MAX_ENTRIES)])})
    _refused("settings.too_many_entries", add_senders, big, "l", ["new.com"])
    assert len(add_senders(big, "l", ["d0.com"]).sender_lists["l"].entries) == MAX_ENTRIES


def test_removing_senders_needs_them_in_the_list_and_no_entries_removes_the_list():
    rules = Rules(sender_lists={"l": SenderList(entries=["a.com", "b.com"])})
    error = _refused("settings.not_in_list", remove_senders, rules, "l", ["a.com", "c.com"])
    assert error.values["entries"] == "c.com"
    assert remove_senders(rules, "l", ["a.com"]).sender_lists["l"].entries == ["b.com"]
    assert remove_senders(rules, "l", []).sender_lists == {}
    _refused("settings.no_such_list", remove_senders, Rules(), "l", [])


def test_muting_is_bounded_and_unmuting_needs_a_muted_sender():
    full = Rules(muted=[f"d{i}.com" for i in range(MAX_MUTED)])
    _refused("settings.too_many_muted", mute_senders, full, ["new.com"])
    rules = mute_senders(Rules(), ["a.com", "b@c.com"])
    assert rules.muted == ["a.com", "b@c.com"]
    _refused("settings.not_muted", unmute_senders, rules, ["a.com", "x.com"])
    assert unmute_senders(rules, ["a.com"]).muted == ["b@c.com"]


def test_mode_targets_a_category_a_hashtag_or_a_sender_list():
    rules = Rules(
        hashtags={"project": Hashtag(keywords=["p"])},
        sender_lists={"colleagues": SenderList(), VIP: SenderList(vip=True)},
    )
    rules = set_mode(rules, "Promotions", "mute")
    rules = set_mode(rules, "Рассылки", "digest")
    rules = set_mode(rules, "#project", "digest")
    rules = set_mode(rules, "colleagues", "digest")
    rules = set_mode(rules, "vip", "mute")
    assert rules.category_modes == {"promotions": "mute", "newsletters": "digest"}
    assert rules.hashtags["project"].mode == "digest"
    assert rules.sender_lists["colleagues"].mode == "digest"
    assert rules.sender_lists[VIP].mode == "mute"
    assert resolve_target(rules, "project") == ("hashtag", "project")


def test_mode_of_an_unknown_target_or_a_vip_digest_is_refused():
    rules = Rules(sender_lists={VIP: SenderList(vip=True)})
    _refused("settings.no_such_tag", set_mode, rules, "#nothing", "mute")
    _refused("settings.bad_mode_target", set_mode, rules, "nothing", "mute")
    _refused("settings.vip_mode", set_mode, rules, "VIP", "digest")


# the summary ---------------------------------------------------------------------------------


def test_summary_shows_every_setting_escaped_in_valid_telegram_html():
    user = User(
        user_id=1,
        chat_id=1,
        lang="en",
        timezone="Europe/Moscow",
        quiet_hours=QuietHours(start="23:00", end="08:00"),
        digest=DigestSchedule(mode="daily", at="09:00"),
    )
    rules = Rules(
        hashtags={"project-x": Hashtag(keywords=["<Project & X>", "PRJ"], mode="digest")},
        sender_lists={"colleagues": SenderList(entries=["corp.com"]), VIP: SenderList(vip=True)},
        category_modes={"promotions": "mute"},
        muted=["spam.com"],
    )
    account = _account("me@gmail.com").model_copy(
        update={"connected_at": datetime(2026, 1, 2, tzinfo=UTC)}
    )
    plain = plain_text_of(render_summary(user, rules, [account]))
    for expected in (
        "Europe/Moscow",
        "23:00–08:00",
        "daily at 09:00",
        "#project-x · digest: <Project & X>, PRJ",
        "VIP ⭐ · instant: none",
        "colleagues · instant: corp.com",
        "Promotions: mute",
        "spam.com",
        "me@gmail.com — active, connected 2026-01-02",
    ):
        assert expected in plain
    assert plain.index("VIP") < plain.index("colleagues")


def test_empty_settings_say_how_to_add_them_in_russian():
    plain = plain_text_of(render_summary(User(user_id=1, chat_id=1, lang="ru"), Rules(), []))
    assert "/tag" in plain and "/vip" in plain and "/start" in plain
    assert "все категории: сразу" in plain


def test_summary_at_every_bound_stays_within_one_telegram_message():
    rules = Rules(
        hashtags={
            f"tag-{i}": Hashtag(keywords=[f"{i}" * MAX_KEYWORD_LENGTH] * MAX_KEYWORDS)
            for i in range(MAX_HASHTAGS)
        },
        sender_lists={
            f"list-{i}": SenderList(entries=[f"d{j}.com" for j in range(MAX_ENTRIES)])
            for i in range(MAX_LISTS)
        },
        muted=[f"x{i}&y.com" for i in range(MAX_MUTED)],
    )
    text = render_summary(User(user_id=1, chat_id=1), rules, [])
    assert len(text) <= SUMMARY_BUDGET < MAX_TEXT
    assert plain_text_of(text).endswith(t("en", "settings.summary.cut"))


# mailboxes -----------------------------------------------------------------------------------


def test_revoking_reports_failure_when_google_cannot_be_reached():
    from shared_lib.bot.settings_commands import revoke_token
    from telemail_local.procs import LOOPBACK, free_port

    assert revoke_token(f"http://{LOOPBACK}:{free_port()}/revoke", "1//token") is False


# registration and texts ----------------------------------------------------------------------


def test_help_lists_every_registered_command_in_both_languages():
    for lang in ("en", "ru"):
        help_text = t(lang, "help")
        for command in registry.COMMANDS:
            assert f"{command} " in help_text or f"{command}\n" in help_text, (lang, command)


def test_settings_commands_and_buttons_are_registered():
    assert {"/settings", "/tag", "/quiet", "/delete_me"} <= set(registry.COMMANDS)
    assert {"mute", "unmute", "imp", "notimp", "delete_me"} <= set(registry.BUTTONS)


def test_wrong_arguments_of_a_registered_command_become_a_usage_reply_not_an_error():
    from shared_lib.bot.settings_commands import explained

    def refuses(ctx):
        raise Usage("settings.usage.lang")

    class Ctx:
        user = User(user_id=1, chat_id=1, lang="ru")

        def reply(self, text):
            return text

    assert explained(refuses)(Ctx()) == [t("ru", "settings.usage.lang")]
