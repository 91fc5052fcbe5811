"""The mailbox's own addresses: a letter to an alias or a forwarding address is to the user too.

Three sources, all kept on the account document, bounded:
- Gmail's own list (``own_addresses``): the profile's ``emailAddress`` and the verified
  ``users.settings.sendAs`` entries that Gmail treats as aliases of the user (the read-only scope
  allows both). Read on connect and at each watch renewal (about weekly); each read replaces the
  list, so an alias removed in Gmail stops counting within a week.
- ``Delivered-To`` / ``X-Original-To`` of incoming letters (``delivered_to``): the addresses
  mail was delivered to on its way, such as a forwarding address. Only fields the delivery added
  count: those above the bottom-most ``Received`` field, or the letter's very first field
  (where Gmail stamps it); never from mailing-list mail, whose list server stamps the list's
  own address. The newest ``MAX_DELIVERED_TO`` are kept.
- The connected address itself.
A wrong entry costs little: it only makes a letter to that address count as "to the user".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from shared_lib.app import App
from shared_lib.gmail import GmailClient
from shared_lib.models import Account
from shared_lib.store.accounts import MAX_DELIVERED_TO, merge_contacts

log = logging.getLogger(__name__)

MAX_OWN_ADDRESSES = 50  # from Gmail: the profile and its send-as aliases
MAX_PER_LETTER = 5
HEADER_SCAN = 64 * 1024  # bytes of a letter searched for its header block

_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_FIELD = re.compile(
    rb"^(delivered-to|x-original-to|received|list-id|list-unsubscribe|list-post|mailing-list"
    rb"|precedence)[ \t]*:[ \t]*([^\r\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_DELIVERED = (b"delivered-to", b"x-original-to")
_LIST_FIELDS = (b"list-id", b"list-unsubscribe", b"list-post", b"mailing-list")
_NOT_IN_ADDRESS = r"[^\s@<>,;:\"()\[\]]"
_BARE_ADDRESS = re.compile(
    rf"<?({_NOT_IN_ADDRESS}{{1,64}}@{_NOT_IN_ADDRESS}{{1,255}}\.[a-z0-9-]{{2,63}})>?"
)


def delivered_to(raw: bytes) -> list[str]:
    """The addresses this letter was delivered to, as its delivery stamped them (lower-cased)."""
    head = raw[:HEADER_SCAN]
    end = _BLANK_LINE.search(head)
    head = head[: end.start()] if end else head
    fields = [(m.group(1).lower(), m.group(2), m.start()) for m in _FIELD.finditer(head)]
    for name, value, _ in fields:
        bulk = name == b"precedence" and value.strip().lower() in (b"bulk", b"list")
        if name in _LIST_FIELDS or bulk:
            return []
    last_received = max((at for name, _, at in fields if name == b"received"), default=-1)
    stamped = (
        value.decode("latin-1")
        for name, value, at in fields
        if name in _DELIVERED and (at < last_received or at == 0)
    )
    return _addresses(stamped)[:MAX_PER_LETTER]


def own_addresses(account: Account, raw: bytes | None = None) -> list[str]:
    """Every address of the mailbox known so far, plus those this letter was delivered to."""
    letter = delivered_to(raw) if raw else []
    known = [account.email, *account.own_addresses, *account.delivered_to, *letter]
    return list(dict.fromkeys(a.lower() for a in known if a))


def gmail_addresses(gmail: GmailClient) -> list[str]:
    """The profile's address and the verified send-as aliases, as Gmail lists them.

    Send-as entries Gmail does not treat as the user's alias (``treatAsAlias: false``: an
    address the user sends for, such as a shared support box) and unverified ones are left out.
    Raises the client's errors; ``GmailClient`` may take this over as a method.
    """
    users: Any = gmail._users
    profile = gmail._execute(users.getProfile(userId="me"))
    found = [str(profile.get("emailAddress", ""))]
    response = gmail._execute(users.settings().sendAs().list(userId="me"))
    for entry in response.get("sendAs") or []:
        if not isinstance(entry, dict):
            continue
        verified = entry.get("verificationStatus", "accepted") == "accepted"
        alias = entry.get("isPrimary") or entry.get("treatAsAlias", True)
        if verified and alias:
            found.append(str(entry.get("sendAsEmail", "")))
    return _addresses(found)[:MAX_OWN_ADDRESSES]


def refresh_addresses(app: App, gmail: GmailClient, account: Account) -> list[str] | None:
    """Read the mailbox's addresses from Gmail and store them; None (logged) when that fails.

    Best effort, never raises: the caller's work (connecting, renewing the watch) goes on, and
    the addresses already stored stay until the next read succeeds."""
    try:
        found = gmail_addresses(gmail)
        if not found:
            raise ValueError("Gmail listed no address")
        now = datetime.now(UTC)
        app.store.update_account(
            account.user_id, account.email, {"own_addresses": found, "own_addresses_at": now}
        )
    except Exception as exc:  # Gmail's errors, an odd answer, a store failure
        log.warning(
            "addresses: user %s: the mailbox's addresses not refreshed (%s)",
            account.user_id,
            type(exc).__name__,
        )
        return None
    return found


def note_delivered_to(app: App, account: Account, raw: bytes) -> list[str]:
    """Remember the addresses this letter was delivered to that the account did not know yet."""
    known = set(own_addresses(account))
    new = [a for a in delivered_to(raw) if a not in known]
    if new:
        app.store.note_delivered_to(account.user_id, account.email, new)
        # The same sync's later letters see them without another write.
        account.delivered_to = merge_contacts(account.delivered_to, new, MAX_DELIVERED_TO)
    return new


def _addresses(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        match = _BARE_ADDRESS.fullmatch(value.strip().lower())
        if match and match.group(1) not in out:
            out.append(match.group(1))
    return out
