"""Connecting a Gmail account: Google OAuth 2.0 with PKCE, via google-auth-oauthlib.

``/start`` verifies the signed state from the bot's button, records the PKCE verifier under the
state's nonce and redirects to Google's consent. ``/callback`` verifies the state again, consumes
the nonce (single use), exchanges the code, reads the profile, seals the refresh token, stores the
account and announces ``account.connected`` on the events topic.
"""

from __future__ import annotations

import logging
import os
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shared_lib.app import App
from shared_lib.config import GOOGLE_SCOPES, TOPIC_EVENTS
from shared_lib.http import HttpResponse
from shared_lib.i18n import t
from shared_lib.models import Account, AccountConnected, Lang, lang_from_telegram
from shared_lib.oauth_state import OAuthState, StateError
from shared_lib.render import html_page

if TYPE_CHECKING:
    from google_auth_oauthlib.flow import Flow

log = logging.getLogger(__name__)

# Google may grant scopes in another order or add earlier grants (include_granted_scopes).
os.environ.setdefault("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")

GMAIL_SCOPE = "https://www.googleapis.com/auth/gmail.readonly"


class ConnectError(Exception):
    """The consent cannot complete; ``reason`` is shown to the user and logged."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _flow(app: App, code_verifier: str | None = None) -> Flow:
    from google_auth_oauthlib.flow import Flow

    s = app.settings
    config = {
        "web": {
            "client_id": s.oauth_client_id,
            "client_secret": s.oauth_client_secret.get_secret_value(),
            "auth_uri": s.google_auth_uri,
            "token_uri": s.google_token_uri,
            "redirect_uris": [s.oauth_redirect_uri],
        }
    }
    return Flow.from_client_config(
        config,
        scopes=list(GOOGLE_SCOPES),
        redirect_uri=s.oauth_redirect_uri,
        code_verifier=code_verifier,
        autogenerate_code_verifier=code_verifier is None,
    )


def _failure_page(lang: Lang, status: int, reason: str) -> HttpResponse:
    return HttpResponse.html(status, html_page("Telemail", t(lang, "oauth.failed", reason=reason)))


def start(app: App, state_token: str | None, now: datetime | None = None) -> HttpResponse:
    """Redirect to Google's consent screen for a genuine, unexpired, unused state."""
    try:
        state = app.signer.verify(state_token or "")
        expires_at = datetime.fromtimestamp(state.issued_at + app.signer.max_age_seconds, tz=UTC)
        flow = _flow(app)
        url, _ = flow.authorization_url(
            state=state_token,
            access_type="offline",
            prompt="consent",
            include_granted_scopes="true",
        )
        app.store.put_oauth_state(
            state.nonce,
            {
                "user_id": state.user_id,
                "chat_id": state.chat_id,
                "lang": state.lang,
                "code_verifier": flow.code_verifier,
            },
            expires_at,
            now,
        )
    except StateError as exc:
        log.warning("oauth: /start rejected: %s", exc.reason)
        return _failure_page("en", exc.status, exc.reason)
    log.info("oauth: consent started for user %s", state.user_id)
    return HttpResponse.redirect(url)


def callback(app: App, params: dict[str, str], now: datetime | None = None) -> HttpResponse:
    """Finish the consent; every failure is a clear page and a logged reason, nothing stored."""
    lang: Lang = "en"
    try:
        state = app.signer.verify(params.get("state", ""))
        lang = lang_from_telegram(state.lang)
        pending = app.store.consume_oauth_state(state.nonce, now)
        if int(pending["user_id"]) != state.user_id:
            raise StateError("state does not match its record")
        if params.get("error"):
            raise ConnectError(f"Google answered {params['error']}", 403)
        _exchange_and_store(app, state, pending["code_verifier"], params.get("code", ""))
    except (StateError, ConnectError) as exc:
        log.warning("oauth: /callback rejected: %s", exc.reason)
        return _failure_page(lang, exc.status, exc.reason)
    return HttpResponse.html(200, html_page("Telemail", t(lang, "oauth.done")))


def _start_watch(app: App, account: Account, refresh_token: str) -> None:
    """Ask Gmail to push INBOX changes; without it the hour's tick still syncs the account."""
    from shared_lib.gmail import GmailClient, GmailUnavailable, GrantRevoked

    try:
        history_id, expires = GmailClient(app.settings, refresh_token).watch(
            app.settings.gmail_watch_topic
        )
    except (GmailUnavailable, GrantRevoked) as exc:
        log.error("oauth: users.watch failed for user %s: %s", account.user_id, exc)
        return
    app.store.update_account(
        account.user_id, account.email, {"history_id": history_id, "watch_expires_at": expires}
    )


def _exchange_and_store(app: App, state: OAuthState, verifier: str, code: str) -> Account:
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error

    if not code:
        raise ConnectError("no authorization code")
    flow = _flow(app, code_verifier=verifier)
    try:
        flow.fetch_token(code=code)
    except OAuth2Error as exc:
        raise ConnectError(f"the authorization code was refused ({exc.error})") from exc
    credentials = flow.credentials
    granted = set(credentials.granted_scopes or GOOGLE_SCOPES)
    if GMAIL_SCOPE not in granted:
        raise ConnectError("permission to read Gmail was not granted", 403)
    if not credentials.refresh_token:
        raise ConnectError("Google returned no refresh token")
    response = flow.authorized_session().get(app.settings.google_userinfo_uri, timeout=15)
    if response.status_code != 200:
        raise ConnectError(f"profile request failed ({response.status_code})", 502)
    profile = response.json()
    email = str(profile.get("email", "")).lower()
    if not email or not profile.get("email_verified", True):
        raise ConnectError("the Google account has no verified address")
    account = Account(
        user_id=state.user_id,
        email=email,
        name=str(profile.get("name", "")),
        sealed_refresh_token=app.cipher.seal(credentials.refresh_token, owner=email),
        scopes=sorted(granted),
        connected_at=datetime.now(UTC),
    )
    previous_owner = app.store.save_account(account)
    _start_watch(app, account, credentials.refresh_token)
    app.bus.publish(
        TOPIC_EVENTS,
        AccountConnected(
            event_id=uuid.uuid4().hex,
            user_id=state.user_id,
            chat_id=state.chat_id,
            lang=lang_from_telegram(state.lang),
            email=email,
            name=account.name,
            moved_from_other_user=previous_owner is not None,
        ),
    )
    log.info("oauth: user %s connected an account", state.user_id)
    return account
