"""The OAuth ``state`` parameter: signed, expiring, carrying who asked to connect.

Signing and expiry come from itsdangerous; single use is enforced by the store, which
records each state's nonce in ``oauth_states`` and lets it be consumed once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_SALT = "telemail.oauth-state.v1"


class StateError(ValueError):
    """The state is unusable; ``reason`` is short and safe to log, ``status`` the HTTP answer."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


class StateSigner:
    def __init__(self, key: str, max_age_seconds: int) -> None:
        if not key:
            raise ValueError("state signing key is not configured")
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT)
        self._max_age = max_age_seconds

    def issue(self, user_id: int, chat_id: int, lang: str) -> tuple[str, OAuthState]:
        state = OAuthState(user_id, chat_id, lang, secrets.token_urlsafe(16))
        token = self._serializer.dumps([state.user_id, state.chat_id, state.lang, state.nonce])
        return token, state

    @property
    def max_age_seconds(self) -> int:
        return self._max_age

    def verify(self, token: str) -> OAuthState:
        try:
            payload, issued = self._serializer.loads(
                token, max_age=self._max_age, return_timestamp=True
            )
            user_id, chat_id, lang, nonce = payload
        except SignatureExpired as exc:
            raise StateExpired("state expired") from exc
        except BadSignature as exc:
            raise StateError("state signature invalid") from exc
        except (TypeError, ValueError) as exc:
            raise StateError("state payload malformed") from exc
        if not (isinstance(user_id, int) and isinstance(chat_id, int) and isinstance(nonce, str)):
            raise StateError("state payload malformed")
        return OAuthState(user_id, chat_id, str(lang), nonce, issued.timestamp())
