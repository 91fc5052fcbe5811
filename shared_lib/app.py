"""The per-instance service container: settings and the clients built from them, made once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from shared_lib.bus import Bus
from shared_lib.config import Settings, get_settings
from shared_lib.crypto import TokenCipher
from shared_lib.oauth_state import StateSigner
from shared_lib.store import Store
from shared_lib.telegram_client import TelegramClient


@dataclass
class App:
    settings: Settings

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.project_id)

    @cached_property
    def bus(self) -> Bus:
        return Bus(self.settings.project_id)

    @cached_property
    def cipher(self) -> TokenCipher:
        return TokenCipher(self.settings.token_encryption_keys.get_secret_value())

    @cached_property
    def signer(self) -> StateSigner:
        return StateSigner(
            self.settings.state_signing_key.get_secret_value(),
            self.settings.oauth_state_ttl_seconds,
        )

    @cached_property
    def telegram(self) -> TelegramClient:
        return TelegramClient(
            self.settings.bot_token.get_secret_value(), self.settings.telegram_api_base_url
        )


@lru_cache(maxsize=1)
def get_app() -> App:
    """The instance's container; clients inside are created on first use and then reused."""
    return App(get_settings())
