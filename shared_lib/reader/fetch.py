"""The user's own letter, fetched from Gmail at the moment they ask (one ``messages.get``).

Who may read what: the letter must have a record under ``users/{uid}/mail`` of the asking user
and its mailbox must be one of that user's connected accounts; the id of anyone else's letter
finds nothing, and nothing is fetched. Every failure is a ``ReadProblem`` whose ``key`` is a
text in ``shared_lib/texts/reader.py``: never a traceback.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

from shared_lib.app import App
from shared_lib.gmail import GmailClient, GmailUnavailable, GrantRevoked
from shared_lib.models import Account, MailRecord
from shared_lib.revocation import mark_revoked_and_tell

log = logging.getLogger(__name__)

MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Problem = Literal["gone", "deleted", "revoked", "unavailable"]


class ReadProblem(Exception):
    """Why the letter cannot be read now; ``key`` names the text that says so."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem

    @property
    def key(self) -> str:
        return f"reader.problem.{self.problem}"


@dataclass(frozen=True)
class Owned:
    """A letter the user may read: its stored record and the mailbox it is in."""

    record: MailRecord
    account: Account


def owned_letter(app: App, user_id: int, message_id: str) -> Owned:
    """The user's own letter and mailbox, or ReadProblem("gone"); reads Firestore only."""
    if not MESSAGE_ID.match(message_id):
        raise ReadProblem("gone")
    record = app.store.get_mail(user_id, message_id)
    if record is None:
        raise ReadProblem("gone")
    account = app.store.get_account(user_id, record.account)
    if account is None:
        raise ReadProblem("gone")
    if account.status == "revoked":
        raise ReadProblem("revoked")
    return Owned(record, account)


def gmail_for(app: App, account: Account) -> GmailClient:
    return GmailClient(app.settings, app.cipher.open(account.sealed_refresh_token, account.email))


def fetch_raw(app: App, owned: Owned) -> bytes:
    """The letter's RFC 822 bytes, fetched now; ReadProblem when Gmail cannot give them."""
    try:
        raw = gmail_for(app, owned.account).get_raw(owned.record.message_id)
    except GrantRevoked:
        log.info("reader: grant of user %s revoked", owned.account.user_id)
        mark_revoked_and_tell(app, owned.account.user_id, owned.account.email)  # once
        raise ReadProblem("revoked") from None
    except GmailUnavailable as exc:
        log.warning("reader: Gmail unavailable (%s)", type(exc).__name__)
        raise ReadProblem("unavailable") from None
    if raw is None:
        raise ReadProblem("deleted")
    return raw.raw
