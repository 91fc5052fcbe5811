"""Google's OAuth 2.0 endpoints as a local stand-in: consent page, token, userinfo, revoke.

It checks what Google checks: the client id and secret, the registered redirect URI, PKCE (S256),
single-use authorization codes, and revoked grants (``invalid_grant``). The Gmail REST API is
served by ``telemail_local.gmail_server`` on the same app.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Flask, Response, jsonify, redirect, request

if TYPE_CHECKING:
    from telemail_local.gmail_server import GmailStandIn

ACCESS_TOKEN_SECONDS = 3599


@dataclass
class GoogleAccount:
    email: str
    name: str


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    email: str
    scopes: str
    challenge: str
    method: str
    expires: float


class IdTokenSigner:
    """Google's service-account ID tokens (OIDC) as the stand-in signs them, with its own key."""

    def __init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
        from google.auth import crypt

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "telemail-local-google")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        self.kid = hashlib.sha1(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
        self.certs = {self.kid: cert.public_bytes(serialization.Encoding.PEM).decode()}
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._signer = crypt.RSASigner.from_string(pem, key_id=self.kid)

    def sign(self, audience: str, email: str, lifetime: int = 3600) -> str:
        from google.auth import jwt

        now = int(time.time())
        claims = {
            "iss": "https://accounts.google.com",
            "aud": audience,
            "azp": email,
            "sub": str(int(hashlib.sha256(email.encode()).hexdigest()[:15], 16)),
            "email": email,
            "email_verified": True,
            "iat": now,
            "exp": now + lifetime,
        }
        return jwt.encode(self._signer, claims).decode()


@dataclass
class GoogleStandIn:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    id_tokens: IdTokenSigner = field(default_factory=IdTokenSigner)
    accounts: dict[str, GoogleAccount] = field(default_factory=dict)
    codes: dict[str, _Code] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # token -> email
    access_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)  # -> (email, expiry)
    token_requests: int = 0
    cert_requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_account(self, email: str, name: str) -> GoogleAccount:
        account = GoogleAccount(email.lower(), name)
        self.accounts[account.email] = account
        return account

    def issue_access_token(self, email: str) -> str:
        token = "ya29.local-" + secrets.token_urlsafe(24)
        self.access_tokens[token] = (email, time.time() + ACCESS_TOKEN_SECONDS)
        return token

    def email_for_bearer(self, header: str | None) -> str | None:
        if not header or not header.startswith("Bearer "):
            return None
        entry = self.access_tokens.get(header.removeprefix("Bearer ").strip())
        if entry is None or entry[1] < time.time():
            return None
        email = entry[0]
        return email if email in self.refresh_tokens.values() else None

    def revoke_all(self, email: str) -> None:
        """The user revokes Telemail's access in their Google account."""
        with self._lock:
            for token in [t for t, e in self.refresh_tokens.items() if e == email]:
                del self.refresh_tokens[token]


def _token_error(error: str, description: str, status: int = 400) -> tuple[Response, int]:
    return jsonify(error=error, error_description=description), status


def _client_credentials() -> tuple[str, str]:
    if request.authorization and request.authorization.type == "basic":
        return request.authorization.username or "", request.authorization.password or ""
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


def register_oauth(app: Flask, google: GoogleStandIn) -> None:
    @app.get("/o/oauth2/v2/auth")
    def consent() -> Any:
        args = request.args
        if args.get("client_id") != google.client_id:
            return Response("Error 401: invalid_client", 401)
        if args.get("redirect_uri") not in google.redirect_uris:
            return Response("Error 400: redirect_uri_mismatch", 400)
        if args.get("response_type") != "code":
            return Response("Error 400: unsupported_response_type", 400)
        if args.get("code_challenge_method", "S256") != "S256" or not args.get("code_challenge"):
            return Response("Error 400: PKCE code_challenge (S256) required", 400)
        hidden = "".join(
            f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>" for k, v in args.items()
        )
        choices = "".join(
            f"<button name='account' value='{escape(a.email)}'>Allow as {escape(a.name)} "
            f"&lt;{escape(a.email)}&gt;</button><br>"
            for a in google.accounts.values()
        )
        scopes = "".join(f"<li>{escape(s)}</li>" for s in args.get("scope", "").split())
        return Response(
            "<!doctype html><html><head><meta charset='utf-8'><title>Sign in - Google Accounts"
            "</title></head><body><h1>Google (local stand-in)</h1>"
            f"<p>Telemail wants to:</p><ul>{scopes}</ul>"
            f"<form method='post' action='/o/oauth2/v2/auth/decision'>{hidden}{choices}"
            "<button name='deny' value='1'>Cancel</button></form></body></html>",
            mimetype="text/html",
        )

    @app.post("/o/oauth2/v2/auth/decision")
    def decision() -> Any:
        form = request.form
        state = form.get("state", "")
        redirect_uri = form.get("redirect_uri", "")
        if redirect_uri not in google.redirect_uris:
            return Response("Error 400: redirect_uri_mismatch", 400)
        email = form.get("account", "").lower()
        if form.get("deny") or email not in google.accounts:
            return redirect(
                f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}"
            )
        code = "4/local-" + secrets.token_urlsafe(24)
        google.codes[code] = _Code(
            form.get("client_id", ""),
            redirect_uri,
            email,
            form.get("scope", ""),
            form.get("code_challenge", ""),
            form.get("code_challenge_method", "S256"),
            time.time() + 600,
        )
        scope = form.get("scope", "")
        return redirect(
            f"{redirect_uri}?{urlencode({'state': state, 'code': code, 'scope': scope})}"
        )

    @app.post("/token")
    def token() -> Any:
        google.token_requests += 1
        client_id, client_secret = _client_credentials()
        if client_id != google.client_id or client_secret != google.client_secret:
            return _token_error("invalid_client", "Unauthorized", 401)
        grant = request.form.get("grant_type")
        if grant == "authorization_code":
            with google._lock:
                entry = google.codes.pop(request.form.get("code", ""), None)
            if entry is None or entry.expires < time.time() or entry.client_id != client_id:
                return _token_error("invalid_grant", "Malformed auth code.")
            if request.form.get("redirect_uri") != entry.redirect_uri:
                return _token_error("redirect_uri_mismatch", "Bad Request")
            verifier = request.form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if digest.rstrip(b"=").decode() != entry.challenge:
                return _token_error("invalid_grant", "Invalid code verifier.")
            refresh = "1//local-" + secrets.token_urlsafe(32)
            with google._lock:
                google.refresh_tokens[refresh] = entry.email
            return jsonify(
                access_token=google.issue_access_token(entry.email),
                expires_in=ACCESS_TOKEN_SECONDS,
                refresh_token=refresh,
                scope=entry.scopes,
                token_type="Bearer",
            )
        if grant == "refresh_token":
            email = google.refresh_tokens.get(request.form.get("refresh_token", ""))
            if email is None:
                return _token_error("invalid_grant", "Token has been expired or revoked.")
            return jsonify(
                access_token=google.issue_access_token(email),
                expires_in=ACCESS_TOKEN_SECONDS,
                token_type="Bearer",
            )
        return _token_error("unsupported_grant_type", f"Invalid grant_type: {grant}")

    @app.post("/revoke")
    def revoke() -> Any:
        token_value = request.values.get("token", "")
        with google._lock:
            email = google.refresh_tokens.pop(token_value, None)
            if email is None and token_value in google.access_tokens:
                email = google.access_tokens[token_value][0]
        if email is None:
            return _token_error("invalid_token", "Token expired or revoked")
        google.revoke_all(email)
        return jsonify({})

    @app.get("/oauth2/v1/certs")
    def certs() -> Any:
        google.cert_requests += 1
        return jsonify(google.id_tokens.certs)

    @app.get("/oauth2/v3/userinfo")
    def userinfo() -> Any:
        email = google.email_for_bearer(request.headers.get("Authorization"))
        if email is None:
            return jsonify(error="invalid_request", error_description="Invalid Credentials"), 401
        account = google.accounts[email]
        return jsonify(
            sub=str(int(hashlib.sha256(email.encode()).hexdigest()[:15], 16)),
            email=account.email,
            email_verified=True,
            name=account.name,
            given_name=account.name.split()[0] if account.name else "",
        )


def create_app(google: GoogleStandIn, gmail: GmailStandIn | None = None) -> Flask:
    """OAuth endpoints, plus the Gmail API when a ``GmailStandIn`` is given."""
    from telemail_local.gmail_server import register_gmail

    app = Flask("google-standin")
    register_oauth(app, google)
    if gmail is not None:
        register_gmail(app, gmail)
    return app
