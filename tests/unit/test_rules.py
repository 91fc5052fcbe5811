import pytest

from shared_lib.rules import (
    Hashtag,
    Rules,
    SenderList,
    normalize_list_name,
    normalize_sender,
    normalize_tag,
    sender_matches,
)


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("#Project-X", "project-x"),
        ("счета", "счета"),
        (" #a_b ", "a_b"),
        ("#", None),
        ("two words", None),
        ("x" * 33, None),
    ],
)
def test_tags_are_normalized_or_refused(raw, tag):
    assert normalize_tag(raw) == tag


@pytest.mark.parametrize(
    ("raw", "entry"),
    [
        ("Anna@Corp.COM", "anna@corp.com"),
        ("@corp.com", "corp.com"),
        ("<a@b.co>", "a@b.co"),
        ("mail.corp.com", "mail.corp.com"),
        ("corp", None),
        ("a@b", None),
        ("not an address", None),
    ],
)
def test_sender_entries_are_addresses_or_domains(raw, entry):
    assert normalize_sender(raw) == entry


def test_vip_list_name_is_canonical_and_others_are_lowercase():
    assert normalize_list_name("vip") == "VIP"
    assert normalize_list_name("Colleagues") == "colleagues"
    assert normalize_list_name("bad name") is None


@pytest.mark.parametrize(
    ("entry", "address", "matches"),
    [
        ("corp.com", "a@corp.com", True),
        ("corp.com", "a@eu.corp.com", True),
        ("corp.com", "a@evilcorp.com", False),
        ("a@corp.com", "A@CORP.COM", True),
        ("a@corp.com", "b@corp.com", False),
    ],
)
def test_sender_matching(entry, address, matches):
    assert sender_matches(entry, address) is matches


def test_rules_give_the_analysis_its_lists_hashtags_and_vip_names():
    rules = Rules(
        hashtags={"invoices": Hashtag(keywords=["invoice", "счёт"])},
        sender_lists={
            "boss": SenderList(entries=["ceo@corp.com"], vip=True),
            "team": SenderList(entries=["corp.com"]),
        },
    )
    ctx = rules.analysis_context("Europe/Moscow", ["me@gmail.com"])
    assert ctx.hashtags == {"invoices": ["invoice", "счёт"]}
    assert ctx.sender_lists == {"boss": ["ceo@corp.com"], "team": ["corp.com"]}
    assert ctx.vip_lists == ["boss"] and ctx.timezone == "Europe/Moscow"
