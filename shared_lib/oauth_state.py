"""The OAuth ``state`` parameter: signed, expiring, carrying who asked to connect.

Signing and expiry come from itsdangerous; single use is enforced by the store, which
records each state's nonce in ``oauth_states`` and lets it be consumed once. A state may also
name a mailbox the user asked to move to their Telegram account (``transfer``). Disown tokens
(same key, another salt) let the person who consented take the mailbox back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itsdangerous import BadData, BadSignature, SignatureExpired, URLSafeTimedSerializer

_SALT = "telemail.oauth-state.v1"
_DISOWN_SALT = "telemail.oauth-disown.v1"


class StateError(ValueError):
    """The state is unusable; ``reason`` is short and safe to log, ``status`` the HTTP answer,
    ``lang`` the language the state asked for when it could still be trusted (an expired one)."""

    status = 400

    def __init__(self, reason: str, lang: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lang = lang


class StateExpired(StateError):
    """The state was genuine but is too old."""

    status = 410


class StateReused(StateError):
    """The state was already used once (a replayed callback)."""

    status = 409


@dataclass(frozen=True)
class OAuthState:
    user_id: int
    chat_id: int
    lang: str
    nonce: str
    issued_at: float = 0.0  # seconds since the epoch
    transfer: str = ""  # a mailbox already linked elsewhere that the user asked to move here


class StateSigner:
    def __init__(self, key: str, max_age_seconds: int) -> None:
        if not key:
            raise ValueError("state signing key is not configured")
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT)
        self._disown = URLSafeTimedSerializer(key, salt=_DISOWN_SALT)
        self._max_age = max_age_seconds

    def issue(
        self, user_id: int, chat_id: int, lang: str, transfer: str = ""
    ) -> tuple[str, OAuthState]:
        """A new state with a fresh nonce (each consent gets its own)."""
        state = OAuthState(user_id, chat_id, lang, secrets.token_urlsafe(16), transfer=transfer)
        payload: list[int | str] = [state.user_id, state.chat_id, state.lang, state.nonce]
        if transfer:
            payload.append(transfer)
        return self._serializer.dumps(payload), state

    @property
    def max_age_seconds(self) -> int:
        return self._max_age

    def verify(self, token: str) -> OAuthState:
        """The state a genuine, unexpired ``token`` carries."""
        payload, issued = self._load(self._serializer, token, "state")
        match payload:
            case [int(user_id), int(chat_id), lang, str(nonce)]:
                transfer = ""
            case [int(user_id), int(chat_id), lang, str(nonce), str(transfer)]:
                pass
            case _:
                raise StateError("state malformed")
        return OAuthState(user_id, chat_id, str(lang), nonce, issued.timestamp(), transfer)

    def issue_disown(self, user_id: int, email: str, lang: str) -> str:
        """A token that lets whoever consented for ``email`` take it off ``user_id`` again
        (shown only on the page their consent led to)."""
        return self._disown.dumps([user_id, email, lang])

    def verify_disown(self, token: str) -> tuple[int, str, str]:
        """``(user_id, email, lang)`` of a genuine, unexpired disown token."""
        payload, _ = self._load(self._disown, token, "disown token")
        match payload:
            case [int(user_id), str(email), str(lang)]:
                return user_id, email, lang
        raise StateError("disown token malformed")

    def _load(
        self, serializer: URLSafeTimedSerializer, token: str, what: str
    ) -> tuple[Any, datetime]:
        """The payload of a genuine, unexpired ``token`` and when it was signed; otherwise a
        ``StateError`` whose reason begins with ``what`` (an expired one tells its language)."""
        try:
            return serializer.loads(token, max_age=self._max_age, return_timestamp=True)
        except SignatureExpired as exc:
            raise StateExpired(f"{what} expired", self._lang_of(exc.payload)) from exc
        except BadSignature as exc:
            raise StateError(f"{what} signature invalid") from exc
        except (TypeError, ValueError) as exc:
            raise StateError(f"{what} malformed") from exc

    def _lang_of(self, payload: object) -> str | None:
        """The language of a genuine but expired token's payload (third in both kinds), if it
        has one."""
        try:
            data = self._serializer.load_payload(payload) if isinstance(payload, bytes) else None
        except BadData:
            return None
        if isinstance(data, list) and len(data) >= 3 and isinstance(data[2], str):
            return data[2]
        return None
