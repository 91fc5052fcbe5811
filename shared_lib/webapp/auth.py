"""Telegram Mini App ``initData``: verified as Telegram's docs say ("Validating data received via
the Mini App"), and the only source of the user's identity on the settings page.

secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token); the data-check-string is every field
except ``hash``, sorted by key, as ``key=value`` lines joined by "\\n"; the field ``hash`` must be
the hex HMAC_SHA256(key=secret_key, msg=data_check_string). ``auth_date`` must be recent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

MAX_INIT_DATA = 16_384  # Telegram's initData is well under 1 KB; refuse anything absurd early
MAX_CLOCK_SKEW = 300  # an auth_date this far in our future is still accepted (clock drift)
_HEX_HASH = re.compile(r"^[0-9a-f]{64}$")

Reason = Literal["missing", "malformed", "bad_signature", "expired"]


class InitDataError(ValueError):
    """initData that does not prove who the user is; ``reason`` is machine-readable."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class WebAppUser:
    """The Telegram user that verified initData speaks for."""

    id: int
    first_name: str = ""
    language_code: str = ""
    auth_date: int = 0


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """The fields except ``hash``, sorted by key, ``key=value`` joined by line feeds."""
    return "\n".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "hash")


def parse_init_data(init_data: str) -> dict[str, str]:
    """The decoded fields of an initData query string; each key must occur once."""
    if not init_data:
        raise InitDataError("missing", "initData is missing")
    if len(init_data) > MAX_INIT_DATA:
        raise InitDataError("malformed", "initData is too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise InitDataError("malformed", "initData is not a query string") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("malformed", "initData repeats a field")
    return fields


def verify_init_data(init_data: str, bot_token: str, max_age: int, now: float) -> WebAppUser:
    """The user of genuine, fresh initData signed for ``bot_token``; else InitDataError."""
    if not bot_token:
        raise RuntimeError("no bot token: initData cannot be verified")
    fields = parse_init_data(init_data)
    given = fields.get("hash", "")
    if not _HEX_HASH.match(given):
        raise InitDataError("malformed", "initData has no valid hash")
    expected = hmac.new(
        secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise InitDataError("bad_signature", "initData signature does not match")
    # Only signed data is looked at from here on.
    try:
        auth_date = int(fields["auth_date"])
        user = json.loads(fields["user"])
        user_id = user["id"]
    except (KeyError, ValueError, TypeError) as exc:
        raise InitDataError("malformed", "initData lacks auth_date or user") from exc
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InitDataError("malformed", "initData user has no valid id")
    if auth_date > now + MAX_CLOCK_SKEW:
        raise InitDataError("malformed", "initData auth_date is in the future")
    if now - auth_date > max_age:
        raise InitDataError("expired", "initData has expired: open the page from the bot again")
    return WebAppUser(
        id=user_id,
        first_name=str(user.get("first_name", "")),
        language_code=str(user.get("language_code", "")),
        auth_date=auth_date,
    )


def init_data_from_headers(headers: Mapping[str, str]) -> str:
    """initData from ``Authorization: tma <initData>`` or ``X-Telegram-Init-Data`` (lower-case
    header names)."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "tma" and value.strip():
        return value.strip()
    return headers.get("x-telegram-init-data", "").strip()
