"""The "Connect Gmail" link the bot hands out: oauth_callback's /start with a signed state."""

from __future__ import annotations

from urllib.parse import urlencode

from shared_lib.app import App


def start_link(app: App, user_id: int, chat_id: int, lang: str) -> str:
    token, _ = app.signer.issue(user_id, chat_id, lang)
    return f"{app.settings.oauth_start_url}?{urlencode({'state': token})}"
