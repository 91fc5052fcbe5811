"""Configuration from the environment (Secret Manager values are mounted as env vars in the cloud).

Every name is read with the ``TELEMAIL_`` prefix, e.g. ``TELEMAIL_BOT_TOKEN``. Base URLs default to
the real Google and Telegram endpoints; the local stack points them at the stand-ins.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Pub/Sub topic names: the single list the code publishes to and subscribes from.
TOPIC_GMAIL_PUSH = "gmail-push"
TOPIC_EVENTS = "events"
TOPIC_OUTBOX = "outbox"
TOPIC_DIGEST_TICK = "digest-tick"
TOPIC_OUTBOX_DEAD_LETTER = "outbox-dead-letter"
ALL_TOPICS = (
    TOPIC_GMAIL_PUSH,
    TOPIC_EVENTS,
    TOPIC_OUTBOX,
    TOPIC_DIGEST_TICK,
    TOPIC_OUTBOX_DEAD_LETTER,
)

# Secrets: environment names (without prefix) that Terraform fills from Secret Manager.
SECRET_SETTINGS = (
    "bot_token",
    "webhook_secret",
    "oauth_client_secret",
    "state_signing_key",
    "token_encryption_keys",
)

GOOGLE_SCOPES = (
    "openid",
    "https://www.googleapis.com/auth/userinfo.profile",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/gmail.readonly",
)


class Settings(BaseSettings):
    """All runtime configuration of Telemail."""

    model_config = SettingsConfigDict(env_prefix="TELEMAIL_", extra="ignore")

    project_id: str = Field(default="telemail-local", validation_alias="GOOGLE_CLOUD_PROJECT")

    # Telegram
    bot_token: SecretStr = SecretStr("")
    webhook_secret: SecretStr = SecretStr("")
    telegram_api_base_url: str = "https://api.telegram.org/bot"

    # Google OAuth client
    oauth_client_id: str = ""
    oauth_client_secret: SecretStr = SecretStr("")
    google_auth_uri: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_uri: str = "https://oauth2.googleapis.com/token"
    google_revoke_uri: str = "https://oauth2.googleapis.com/revoke"
    google_userinfo_uri: str = "https://openidconnect.googleapis.com/v1/userinfo"
    gmail_api_base_url: str = "https://gmail.googleapis.com/"

    # Public URLs of our own functions
    oauth_start_url: str = ""  # oauth_callback's /start, put on the "Connect Gmail" button
    oauth_redirect_uri: str = ""  # oauth_callback's /callback, registered in the Google console
    settings_page_url: str = ""  # telegram_webhook's /app, the settings Mini App ("" = no button)

    # Keys
    state_signing_key: SecretStr = SecretStr("")
    # Comma-separated "kid:base64(32 bytes)" entries; the first one encrypts, all decrypt.
    token_encryption_keys: SecretStr = SecretStr("")

    # Pub/Sub push authentication (OIDC): who may call /outbox and /events
    push_audience: str = ""  # the audience the push subscriptions put in their tokens
    push_invoker_email: str = ""  # the service account the push subscriptions sign as
    push_certs_url: str = "https://www.googleapis.com/oauth2/v1/certs"

    oauth_state_ttl_seconds: int = 900
    mail_retention_days: int = 90  # mail records expire (Firestore TTL) after this many days
    webapp_auth_max_age_seconds: int = 86400  # how long a Mini App's initData is accepted
    gmail_topic: str = ""  # full topic name Gmail publishes to; defaults to our gmail-push topic
    # One sync stops taking new letters after this many seconds and continues in a fresh
    # invocation: well inside the push subscription's ack deadline (60 s on the local stack; the
    # deployed one is Eventarc's) and gmail_push's 300 s timeout.
    sync_budget_seconds: float = 20.0
    # One letter's analysis is cut short (and marked so) after this many seconds, parse included.
    analysis_budget_seconds: float = 2.0

    def topic_path(self, topic: str) -> str:
        return f"projects/{self.project_id}/topics/{topic}"

    @property
    def gmail_watch_topic(self) -> str:
        return self.gmail_topic or self.topic_path(TOPIC_GMAIL_PUSH)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once per instance."""
    return Settings()
