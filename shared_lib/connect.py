"""Connecting a Gmail account: Google OAuth 2.0 with PKCE, via google-auth-oauthlib.

``/start`` verifies the signed state from the bot's button, then gives this consent a state of its
own (a fresh nonce, the same Telegram user) and records the PKCE verifier under that nonce: a link
opened in two tabs makes two independent consents. ``/callback`` verifies the state, consumes its
nonce (single use), exchanges the code, reads the profile, seals the refresh token, stores the
account and announces ``account.connected`` on the events topic.

A mailbox already connected to another Telegram user is never moved by a plain consent: the page
offers a "move it here" link (a state marked ``transfer``) that asks Google for consent once more,
and only that fresh consent moves it; the previous user is told (``account.moved_away``).

Every page is in the user's language (the state's; Accept-Language when the state is unreadable);
the technical reason goes to the log only.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

from shared_lib.app import App
from shared_lib.config import GOOGLE_SCOPES, TOPIC_EVENTS
from shared_lib.http import HttpResponse
from shared_lib.i18n import t
from shared_lib.models import (
    Account,
    AccountConnected,
    AccountTakenAway,
    Lang,
    User,
    lang_from_telegram,
)
from shared_lib.oauth_state import OAuthState, StateError, StateExpired, StateReused
from shared_lib.render import Action, html_page
from shared_lib.store.accounts import OwnedElsewhere

if TYPE_CHECKING:
    from google_auth_oauthlib.flow import Flow

log = logging.getLogger(__name__)

# Google may grant scopes in another order or add earlier grants (include_granted_scopes).
os.environ.setdefault("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")

GMAIL_SCOPE = "https://www.googleapis.com/auth/gmail.readonly"

# Google's error codes on the redirect (RFC 6749 §4.1.2.1) → what the user reads.
GOOGLE_ERRORS = {"access_denied": "oauth.fail.access_denied"}


class ConnectError(Exception):
    """The consent cannot complete: ``reason`` is logged, ``text`` names what the user reads."""

    def __init__(self, reason: str, text: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text
        self.status = status


@dataclass(frozen=True)
class Grant:
    """What a successful code exchange gave: the mailbox and a refresh token for it."""

    email: str
    name: str
    refresh_token: str
    scopes: list[str]


def lang_from_accept_language(header: str | None) -> Lang:
    """The browser's preferred language among ours (English unless Russian is preferred)."""
    best, best_q = "", -1.0
    for part in (header or "")[:500].split(",")[:20]:
        code, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and quality > best_q:
            best, best_q = code, quality
    return lang_from_telegram(best)


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


def _state_failure_text(exc: StateError) -> str:
    if isinstance(exc, StateExpired):
        return "oauth.fail.expired"
    if isinstance(exc, StateReused):
        return "oauth.fail.used"
    return "oauth.fail.invalid"


def _failure_page(lang: Lang, status: int, text: str) -> HttpResponse:
    page = html_page(t(lang, "oauth.title.failed"), t(lang, text), lang=lang)
    return HttpResponse.html(status, page)


def _state_failure(where: str, exc: StateError, lang: Lang) -> HttpResponse:
    log.warning("oauth: %s rejected: %s", where, exc.reason)
    lang = lang_from_telegram(exc.lang) if exc.lang else lang
    return _failure_page(lang, exc.status, _state_failure_text(exc))


def start(
    app: App,
    state_token: str | None,
    accept_language: str | None = None,
    now: datetime | None = None,
) -> HttpResponse:
    """Redirect to Google's consent screen for a genuine, unexpired link, under a state of its
    own (so several open links or tabs never disturb each other)."""
    lang = lang_from_accept_language(accept_language)
    now = now or datetime.now(UTC)
    try:
        link = app.signer.verify(state_token or "")
        lang = lang_from_telegram(link.lang)
        token, state = app.signer.issue(link.user_id, link.chat_id, link.lang, link.transfer)
        flow = _flow(app)
        extra = {"login_hint": state.transfer} if state.transfer else {}
        url, _ = flow.authorization_url(
            state=token,
            access_type="offline",
            prompt="consent",
            include_granted_scopes="true",
            **extra,
        )
        app.store.put_oauth_state(
            state.nonce,
            {
                "user_id": state.user_id,
                "chat_id": state.chat_id,
                "lang": state.lang,
                "code_verifier": flow.code_verifier,
                "transfer": state.transfer,
            },
            now + timedelta(seconds=app.signer.max_age_seconds),
            now,
        )
    except StateError as exc:
        return _state_failure("/start", exc, lang)
    log.info("oauth: consent started for user %s", state.user_id)
    return HttpResponse.redirect(url)


def callback(
    app: App,
    params: dict[str, str],
    accept_language: str | None = None,
    now: datetime | None = None,
) -> HttpResponse:
    """Finish the consent; every failure is a clear page and a logged reason, nothing stored."""
    lang = lang_from_accept_language(accept_language)
    try:
        state = app.signer.verify(params.get("state", ""))
        lang = lang_from_telegram(state.lang)
        pending = app.store.consume_oauth_state(state.nonce, now)
        if int(pending["user_id"]) != state.user_id:
            raise StateError("state does not match its record")
        if params.get("error"):
            error = params["error"][:100]
            text = GOOGLE_ERRORS.get(error, "oauth.fail.google")
            raise ConnectError(f"Google answered {error}", text, 403)
        grant = _exchange(app, pending["code_verifier"], params.get("code", ""))
        return _connect(app, state, grant, lang)
    except StateError as exc:
        return _state_failure("/callback", exc, lang)
    except ConnectError as exc:
        log.warning("oauth: /callback rejected: %s", exc.reason)
        return _failure_page(lang, exc.status, exc.text)


def _exchange(app: App, verifier: str, code: str) -> Grant:
    """Trade the authorization code for tokens and read whose mailbox it is."""
    import requests
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error

    if not code:
        raise ConnectError("no authorization code", "oauth.fail.google")
    flow = _flow(app, code_verifier=verifier)
    try:
        flow.fetch_token(code=code)
    except OAuth2Error as exc:
        text = "oauth.fail.invalid_grant" if exc.error == "invalid_grant" else "oauth.fail.google"
        raise ConnectError(f"the authorization code was refused ({exc.error})", text) from exc
    except requests.RequestException as exc:
        raise ConnectError(
            f"token endpoint unreachable ({type(exc).__name__})", "oauth.fail.google", 502
        ) from exc
    credentials = flow.credentials
    granted = set(credentials.granted_scopes or GOOGLE_SCOPES)
    if GMAIL_SCOPE not in granted:
        raise ConnectError(
            "permission to read Gmail was not granted", "oauth.fail.no_gmail_scope", 403
        )
    if not credentials.refresh_token:
        raise ConnectError("Google returned no refresh token", "oauth.fail.no_lasting_access")
    try:
        response = flow.authorized_session().get(app.settings.google_userinfo_uri, timeout=15)
    except requests.RequestException as exc:
        raise ConnectError(
            f"profile request failed ({type(exc).__name__})", "oauth.fail.google", 502
        ) from exc
    if response.status_code != 200:
        raise ConnectError(
            f"profile request failed ({response.status_code})", "oauth.fail.google", 502
        )
    profile = response.json()
    email = str(profile.get("email", "")).lower()
    if not email or not profile.get("email_verified", True):
        raise ConnectError("the Google account has no verified address", "oauth.fail.unverified")
    return Grant(email, str(profile.get("name", "")), credentials.refresh_token, sorted(granted))


def _telegram_name(user: User | None, lang: Lang) -> str:
    return (user.first_name if user else "") or t(lang, "oauth.unknown_name")


def _page(lang: Lang, title: str, *paragraphs: str, action: Action | None = None) -> HttpResponse:
    return HttpResponse.html(200, html_page(t(lang, title), *paragraphs, lang=lang, action=action))


def _connected_page(
    app: App, state: OAuthState, lang: Lang, *paragraphs: str, email: str
) -> HttpResponse:
    """A success page, which names the Telegram account and lets the person who just consented
    take the mailbox off it again if that account is not theirs."""
    token = app.signer.issue_disown(state.user_id, email, state.lang)
    label = t(lang, "oauth.button.disown", email=email)
    disown = Action(label, "disown", {"token": token}, post=True)
    return _page(lang, "oauth.title.done", *paragraphs, t(lang, "oauth.not_yours"), action=disown)


def _connect(app: App, state: OAuthState, grant: Grant, lang: Lang) -> HttpResponse:
    """Store the mailbox for the state's Telegram user, unless that would silently take it
    from another user (then offer the fresh-consent move) or it is already theirs."""
    email, name = grant.email, _telegram_name(app.store.get_user(state.user_id), lang)
    owner = app.store.account_owner(email)
    if owner == state.user_id:
        existing = app.store.get_account(owner, email)
        if existing is not None and existing.status == "active":
            log.info("oauth: user %s connected a mailbox already theirs", state.user_id)
            already = t(lang, "oauth.already_connected", email=email)
            return _connected_page(app, state, lang, already, email=email)
    account = Account(
        user_id=state.user_id,
        email=email,
        name=grant.name,
        sealed_refresh_token=app.cipher.seal(grant.refresh_token, owner=email),
        scopes=grant.scopes,
        connected_at=datetime.now(UTC),
    )
    try:
        previous_owner = app.store.save_account(account, allow_move=state.transfer == email)
    except OwnedElsewhere:
        return _offer_move(app, state, email, name, lang)
    _start_watch(app, account, grant.refresh_token)
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
    paragraphs = [t(lang, "oauth.connected", email=email, name=name)]
    if previous_owner is not None:
        # The grant is the same Google consent, so the previous copy is deleted, not revoked.
        app.store.delete_account_data(previous_owner, email)
        app.store.forget_account_letters(previous_owner, email)
        _tell_taken_away(app, previous_owner, app.store.get_user(previous_owner), email, "moved")
        paragraphs.append(t(lang, "oauth.moved"))
        log.info("oauth: a mailbox moved from user %s to user %s", previous_owner, state.user_id)
    else:
        log.info("oauth: user %s connected an account", state.user_id)
    return _connected_page(app, state, lang, *paragraphs, email=email)


def _offer_move(app: App, state: OAuthState, email: str, name: str, lang: Lang) -> HttpResponse:
    """The mailbox is another Telegram user's: nothing is stored; a link to consent again, with
    a state marked ``transfer``, is the only way to move it."""
    token, _ = app.signer.issue(state.user_id, state.chat_id, state.lang, transfer=email)
    url = f"{app.settings.oauth_start_url}?{urlencode({'state': token})}"
    log.info("oauth: user %s consented for a mailbox of another user; move offered", state.user_id)
    return _page(
        lang,
        "oauth.title.confirm",
        t(lang, "oauth.owned_elsewhere", email=email, name=name),
        t(lang, "oauth.leave_as_is"),
        action=Action(t(lang, "oauth.button.move", email=email), url),
    )


def _tell_taken_away(
    app: App, user_id: int, user: User | None, email: str, reason: Literal["moved", "disowned"]
) -> None:
    """Tell ``user`` (read by the caller; None: unknown) that ``email`` was taken off them."""
    if user is None:
        log.warning("oauth: user %s, whose mailbox was taken off them, is unknown", user_id)
        return
    app.bus.publish(TOPIC_EVENTS, AccountTakenAway.to_user(user, email, reason=reason))


def disown(app: App, form: dict[str, str], accept_language: str | None = None) -> HttpResponse:
    """The person who consented says the Telegram account is not theirs: revoke the grant,
    forget the mailbox there, and tell that account. Only the page the consent led to holds
    the token; a second press finds nothing left to do."""
    from shared_lib.bot.settings_commands import disconnect_account

    lang = lang_from_accept_language(accept_language)
    try:
        user_id, email, state_lang = app.signer.verify_disown(form.get("token", ""))
    except StateError as exc:
        return _state_failure("/disown", exc, lang)
    lang = lang_from_telegram(state_lang)
    account = app.store.get_account(user_id, email)
    if account is None:
        already = t(lang, "oauth.already_disconnected", email=email)
        return _page(lang, "oauth.title.disowned", already)
    revoked = disconnect_account(app, account)
    user = app.store.get_user(user_id)
    _tell_taken_away(app, user_id, user, email, "disowned")
    log.warning("oauth: a mailbox was disowned from user %s at the consent page", user_id)
    name = _telegram_name(user, lang)
    paragraphs = [t(lang, "oauth.disowned", email=email, name=name)]
    if not revoked:
        paragraphs.append(t(lang, "oauth.not_revoked"))
    return _page(lang, "oauth.title.disowned", *paragraphs)


def _start_watch(app: App, account: Account, refresh_token: str) -> None:
    """Ask Gmail to push INBOX changes (without it the hour's tick still syncs the account),
    and learn the mailbox's own addresses (its aliases)."""
    from shared_lib.gmail import GmailClient, GmailUnavailable, GrantRevoked
    from shared_lib.mailbox_addresses import refresh_addresses

    gmail = GmailClient(app.settings, refresh_token)
    refresh_addresses(app, gmail, account)  # before the watch: its first push needs them
    try:
        history_id, expires = gmail.watch(app.settings.gmail_watch_topic)
    except (GmailUnavailable, GrantRevoked) as exc:
        log.error("oauth: users.watch failed for user %s: %s", account.user_id, exc)
        return
    app.store.update_account(
        account.user_id, account.email, {"history_id": history_id, "watch_expires_at": expires}
    )
