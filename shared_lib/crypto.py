"""Secrets at rest: refresh tokens sealed with AES-GCM under a rotatable key ring.

A sealed value is ``v1.<key id>.<base64url(nonce ‖ ciphertext)>``. The associated data binds a
ciphertext to its owner (e.g. the account address), so a token copied onto another account
does not decrypt. The first key of the ring encrypts; every key decrypts, which is how keys rotate.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"


class SealError(ValueError):
    """A sealed value could not be opened (unknown key, tampered or malformed)."""


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key() -> str:
    """A fresh 256-bit key, base64url without padding, for a ``kid:key`` ring entry."""
    return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()


class TokenCipher:
    """Seals and opens short secrets with a key ring of ``kid:base64key`` entries."""

    def __init__(self, ring: str) -> None:
        self._keys: dict[str, AESGCM] = {}
        self._primary = ""
        for entry in (e.strip() for e in ring.split(",")):
            if not entry:
                continue
            kid, sep, material = entry.partition(":")
            key = _b64decode(material) if sep else b""
            if not kid or "." in kid or len(key) != 32:
                raise ValueError("token encryption key entries must be 'kid:base64(32 bytes)'")
            self._keys[kid] = AESGCM(key)
            self._primary = self._primary or kid
        if not self._primary:
            raise ValueError("no token encryption key configured")

    def seal(self, plaintext: str, owner: str) -> str:
        nonce = os.urandom(12)
        ct = self._keys[self._primary].encrypt(nonce, plaintext.encode(), owner.encode())
        blob = base64.urlsafe_b64encode(nonce + ct).rstrip(b"=").decode()
        return f"{_VERSION}.{self._primary}.{blob}"

    def open(self, sealed: str, owner: str) -> str:
        version, _, rest = sealed.partition(".")
        kid, _, blob = rest.partition(".")
        if version != _VERSION or kid not in self._keys:
            raise SealError(f"sealed value uses an unknown format or key id {kid!r}")
        try:
            raw = _b64decode(blob)
            return self._keys[kid].decrypt(raw[:12], raw[12:], owner.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise SealError("sealed value is tampered or belongs to another owner") from exc

    def needs_rotation(self, sealed: str) -> bool:
        """True when the value was sealed under a key other than the current primary."""
        return sealed.split(".", 2)[1:2] != [self._primary]
