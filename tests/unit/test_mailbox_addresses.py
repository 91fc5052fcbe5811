"""The mailbox's own addresses: Gmail's profile and send-as aliases, Delivered-To, bounds."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from shared_lib.gmail import GmailUnavailable
from shared_lib.mailbox_addresses import (
    MAX_OWN_ADDRESSES,
    MAX_PER_LETTER,
    delivered_to,
    gmail_addresses,
    note_delivered_to,
    own_addresses,
    refresh_addresses,
)
from shared_lib.models import Account
from shared_lib.store.accounts import MAX_DELIVERED_TO, merge_contacts

PRIMARY = "alex@gmail.com"


def _account(**fields: Any) -> Account:
    return Account(user_id=1, email=PRIMARY, sealed_refresh_token="x", **fields)


def _letter(*fields: str, body: str = "Hello") -> bytes:
    return ("\r\n".join(fields) + "\r\n\r\n" + body).encode()


ORIGINATOR = ("From: Ivan <ivan@acme.io>", "To: alex@work.example", "Subject: Hi")


def test_the_delivery_stamp_on_the_first_line_counts():
    raw = _letter("Delivered-To: alex@gmail.com", *ORIGINATOR)
    assert delivered_to(raw) == ["alex@gmail.com"]


def test_delivered_to_added_in_transit_counts_and_one_the_sender_wrote_does_not():
    raw = _letter(
        "Delivered-To: alex@gmail.com",
        "Received: by 10.0.0.1 with SMTP; Tue, 24 Nov 2026 10:00:01 +0000",
        "X-Original-To: Alex@Work.Example",
        "Delivered-To: alex@work.example",
        "Received: from mx.acme.io by mail.work.example; Tue, 24 Nov 2026 10:00:00 +0000",
        *ORIGINATOR,
        "Delivered-To: boss@acme.io",  # below every Received: the sender's own words
    )
    assert delivered_to(raw) == ["alex@gmail.com", "alex@work.example"]


def test_mailing_list_mail_teaches_no_address():
    raw = _letter(
        "Delivered-To: mailing list dev@lists.example.org",
        "Delivered-To: dev@lists.example.org",
        "Received: by lists.example.org; Tue, 24 Nov 2026 10:00:00 +0000",
        "List-Id: <dev.lists.example.org>",
        *ORIGINATOR,
    )
    assert delivered_to(raw) == []


def test_a_value_that_is_not_a_bare_address_is_ignored_and_letters_are_bounded():
    assert delivered_to(_letter("Delivered-To: mailing list dev@lists.example.org")) == []
    stamps = [f"Delivered-To: a{i}@work.example" for i in range(20)]
    raw = _letter(*stamps, "Received: by mx; Tue, 24 Nov 2026 10:00:00 +0000", *ORIGINATOR)
    assert len(delivered_to(raw)) == MAX_PER_LETTER
    assert delivered_to(b"\xff\xfe garbage without headers") == []


def test_own_addresses_join_the_mailbox_its_aliases_and_this_letters_delivery():
    account = _account(
        own_addresses=["Alex@Gmail.com", "a@alias.example"], delivered_to=["f@fw.example"]
    )
    raw = _letter("Delivered-To: alex@forward.example", *ORIGINATOR)
    assert own_addresses(account, raw) == [
        PRIMARY,
        "a@alias.example",
        "f@fw.example",
        "alex@forward.example",
    ]
    assert own_addresses(account) == [PRIMARY, "a@alias.example", "f@fw.example"]


class _Gmail:
    """A GmailClient double: `_users` builds requests, `_execute` answers them."""

    def __init__(self, send_as: list[dict[str, Any]] | None, fail: bool = False) -> None:
        self.send_as, self.fail = send_as, fail
        settings = SimpleNamespace(sendAs=lambda: SimpleNamespace(list=lambda userId: "sendAs"))
        self._users = SimpleNamespace(
            getProfile=lambda userId: "profile", settings=lambda: settings
        )

    def _execute(self, request: str) -> dict[str, Any]:
        if self.fail and request == "sendAs":
            raise GmailUnavailable("Gmail answered 500")
        if request == "profile":
            return {"emailAddress": "Alex@Gmail.com", "historyId": "1"}
        return {"sendAs": self.send_as}


def test_gmail_addresses_are_the_profile_and_verified_aliases_gmail_treats_as_the_users():
    gmail = _Gmail(
        [
            {"sendAsEmail": PRIMARY, "isPrimary": True, "isDefault": True},
            {
                "sendAsEmail": "a@alias.example",
                "treatAsAlias": True,
                "verificationStatus": "accepted",
            },
            {
                "sendAsEmail": "pending@x.example",
                "treatAsAlias": True,
                "verificationStatus": "pending",
            },
            {
                "sendAsEmail": "support@shop.example",
                "treatAsAlias": False,
                "verificationStatus": "accepted",
            },
            "not an entry",
        ]
    )
    assert gmail_addresses(gmail) == [PRIMARY, "a@alias.example"]  # type: ignore[arg-type]


def test_gmail_addresses_are_bounded():
    many = [{"sendAsEmail": f"a{i}@alias.example", "treatAsAlias": True} for i in range(200)]
    assert len(gmail_addresses(_Gmail(many))) == MAX_OWN_ADDRESSES  # type: ignore[arg-type]


class _Store:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.delivered: list[list[str]] = []

    def update_account(self, user_id: int, email: str, changes: dict[str, Any]) -> None:
        self.updates.append(changes)

    def note_delivered_to(self, user_id: int, email: str, addresses: list[str]) -> None:
        self.delivered.append(addresses)


def test_refresh_stores_gmails_list_and_a_gmail_failure_stores_nothing():
    app = SimpleNamespace(store=_Store())
    gmail = _Gmail([{"sendAsEmail": "a@alias.example", "treatAsAlias": True}])
    assert refresh_addresses(app, gmail, _account()) == [PRIMARY, "a@alias.example"]  # type: ignore[arg-type]
    assert app.store.updates[-1]["own_addresses"] == [PRIMARY, "a@alias.example"]
    assert app.store.updates[-1]["own_addresses_at"] is not None
    failing = _Gmail([], fail=True)
    assert refresh_addresses(app, failing, _account()) is None  # type: ignore[arg-type]
    assert len(app.store.updates) == 1


def test_only_new_delivered_to_addresses_are_written_once_per_sync():
    app = SimpleNamespace(store=_Store())
    account = _account(own_addresses=["a@alias.example"])
    raw = _letter(
        "Delivered-To: a@alias.example",
        "Received: by mx; Tue, 24 Nov 2026",
        "X-Original-To: f@fw.example",
        "Received: by fw; Tue, 24 Nov 2026",
        *ORIGINATOR,
    )
    assert note_delivered_to(app, account, raw) == ["f@fw.example"]  # type: ignore[arg-type]
    assert note_delivered_to(app, account, raw) == []  # type: ignore[arg-type]
    assert app.store.delivered == [["f@fw.example"]]
    assert account.delivered_to == ["f@fw.example"]


def test_delivered_to_addresses_keep_the_newest_within_the_bound():
    known = [f"a{i}@fw.example" for i in range(MAX_DELIVERED_TO)]
    merged = merge_contacts(known, ["new@fw.example", "A0@fw.example"], MAX_DELIVERED_TO)
    assert len(merged) == MAX_DELIVERED_TO
    assert merged[-2:] == ["new@fw.example", "a0@fw.example"]  # seen again: newest
    assert "a1@fw.example" not in merged  # the oldest dropped
