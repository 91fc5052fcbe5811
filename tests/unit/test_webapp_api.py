"""The settings page's routes that need no user: the page itself, its assets, wrong requests."""

from __future__ import annotations

import json
import re
import time

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.models import User
from shared_lib.rules import Rules
from shared_lib.webapp import WebRequest, handle, is_webapp_path
from telemail_local.telegram_server import sign_init_data


def _app(token: str = "1:T") -> App:
    return App(Settings(bot_token=token))


def _get(path: str, method: str = "GET", app: App | None = None):
    return handle(app or _app(), WebRequest.of(method, path, [], {}))


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/app", "text/html"),
        ("/app/app.js", "text/javascript"),
        ("/app/app.css", "text/css"),
        ("/app/common.js", "text/javascript"),
        ("/app/common.css", "text/css"),
    ],
)
def test_page_and_assets_are_served_with_a_strict_content_security_policy(path, kind):
    response = _get(path)
    assert response.status == 200 and response.content_type.startswith(kind)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self'" in csp


def test_page_needs_nothing_from_other_hosts():
    page = _get("/app").body
    script = _get("/app/app.js").body + _get("/app/common.js").body
    assert "telegram.org" not in page + script
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == [
        "data:,", "app/common.css", "app/app.css", "app/common.js", "app/app.js"
    ]  # fmt: skip
    assert "tgWebAppData" in script and "Authorization" in script


def test_the_settings_page_and_the_viewer_share_one_helper_script_not_twins():
    pages = {"/app": ("app/common.js", "app/app.js"), "/app/viewer": ("common.js", "viewer.js")}
    for page, (common, own) in pages.items():
        scripts = re.findall(r'<script src="([^"]+)"', _get(page).body)
        assert scripts == [common, own]  # the shared helpers load first
    shared = _get("/app/common.js").body
    for name in ("readInitData", "applyTheme", "clean", "status", "request"):
        assert f"function {name}(" in shared
    for own in ("/app/app.js", "/app/viewer.js"):
        script = _get(own).body
        assert "window.TelemailCommon" in script
        for twin in ("function readInitData", "function applyTheme", "function clean",
                     "function status", "p{Cf}", "fetch(", "tgWebAppThemeParams"):  # fmt: skip
            assert twin not in script, (own, twin)


def test_the_settings_page_and_the_viewer_share_one_theme_style_sheet_not_twins():
    pages = {"/app": ("app/common.css", "app/app.css"), "/app/viewer": ("common.css", "viewer.css")}
    for page, (common, own) in pages.items():
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', _get(page).body)
        assert sheets == [common, own]  # the shared theme first, the page's own rules after it
    assert "--secondary-bg" in _get("/app/common.css").body
    for own in ("/app/app.css", "/app/viewer.css"):
        assert ":root" not in _get(own).body and "prefers-color-scheme" not in _get(own).body


def test_page_with_a_trailing_slash_redirects_to_the_page():
    response = _get("/app/")
    assert response.status == 308 and response.headers["Location"] == "../app"


def test_unknown_path_is_404_and_wrong_method_405():
    assert _get("/api/nothing").status == 404
    assert _get("/app/secrets.py").status == 404
    response = _get("/api/letters", "DELETE")
    assert response.status == 405 and response.headers["Allow"] == "GET"
    assert _get("/app", "POST").status == 405


def test_api_answers_503_when_no_bot_token_is_configured():
    response = _get("/api/settings", app=_app(token=""))
    assert response.status == 503 and '"not_configured"' in response.body


@pytest.mark.parametrize(
    ("path", "ours"),
    [("/app", True), ("/app/app.js", True), ("/api/settings", True), ("/apple", False)],
)
def test_only_page_and_api_paths_go_to_the_webapp(path, ours):
    assert is_webapp_path(path) is ours


# malformed bodies: always a 4xx with a JSON error ------------------------------------------

TOKEN = "1:T"
USER_ID = 5001


class _Store:
    """The few store calls the API makes, in memory."""

    def __init__(self) -> None:
        self.user = User(user_id=USER_ID, chat_id=USER_ID, lang="en")
        self.rules = Rules()
        self.writes = 0

    def get_user(self, user_id: int) -> User | None:
        return self.user if user_id == USER_ID else None

    def get_rules(self, user_id: int) -> Rules:
        return self.rules.model_copy(deep=True)

    def list_accounts(self, user_id: int) -> list:
        return []

    def mail_history(self, user_id: int, limit: int) -> list:
        return []

    def update_settings(self, user_id: int, change_rules, user_fields: dict) -> bool:
        rules = change_rules(self.get_rules(user_id)) if change_rules else self.rules
        self.rules = rules
        self.user = self.user.model_copy(update=user_fields)
        self.writes += 1
        return True


def _signed_app() -> tuple[App, _Store]:
    app, store = _app(TOKEN), _Store()
    app.store = store  # type: ignore[misc]  # the cached property, set once for this test
    return app, store


def _patch(
    app: App, body: bytes, content_type: str | None = "application/json", path: str = "settings"
):
    user = json.dumps({"id": USER_ID, "first_name": "A"}, separators=(",", ":"))
    init_data = sign_init_data({"auth_date": str(int(time.time())), "user": user}, TOKEN)
    headers = [("Authorization", f"tma {init_data}")]
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    return handle(app, WebRequest.of("PATCH", f"/api/{path}", headers, {}, body))


def _nested(depth: int) -> bytes:
    return b'{"hashtags": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (_nested(5_000), "application/json", 400, "invalid_json"),
        (_nested(500), "application/json", 400, "invalid_json"),
        (b'{"lang": ' + b'{"a": ' * 20 + b"1" + b"}" * 20 + b"}", None, 400, "invalid_json"),
        (b"{not json", "application/json", 400, "invalid_json"),
        (b'{"lang": "\xff\xfe"}', "application/json", 400, "invalid_json"),
        (b'{"lang": "ru"}', "text/plain", 415, "unsupported_media_type"),
        (b"lang=ru", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"lang": "ru"}', "multipart/form-data; boundary=x", 415, "unsupported_media_type"),
        (b'{"muted": "' + b"a" * 300_000 + b'"}', "application/json", 413, "too_large"),
        (b'{"lang": ["ru"], "timezone": {}, "muted": 5}', None, 400, "invalid_settings"),
        (b'{"hashtags": {"x": {"keywords": [1, null]}}}', None, 400, "invalid_settings"),
        (b'{"digest": {"mode": ["daily"], "at": 9}}', None, 400, "invalid_settings"),
        (b'{"quiet_hours": {"start": 23, "end": null}}', None, 400, "invalid_settings"),
        (b'{"user_id": 5002, "__proto__": {}}', None, 400, "invalid_settings"),
        (b'{"lang": 1' + b"0" * 5_000 + b"}", None, 400, "invalid_json"),
        (b'{"hashtags": {"\\ud800": {"keywords": ["\\udfff"]}}}', None, 400, "invalid_settings"),
        (b'{"\\ud800x": 1}', None, 400, "invalid_settings"),
        (b"[]", None, 400, "invalid_settings"),
        (b"", None, 400, "invalid_settings"),
        (b"null", None, 400, "invalid_settings"),
    ],
)
def test_a_malformed_change_gets_a_4xx_json_error_and_writes_nothing(
    body, content_type, status, error
):
    app, store = _signed_app()
    response = _patch(app, body, content_type)
    assert response.status == status, response.body
    assert response.content_type.startswith("application/json")
    answer = json.loads(response.body)
    assert answer["error"] == error and answer["message"]
    assert store.writes == 0
    response.body.encode("utf-8")  # no lone surrogate echoed back


def test_a_json_change_is_accepted_with_or_without_a_charset_or_a_content_type():
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json", None):
        app, store = _signed_app()
        response = _patch(app, b'{"lang": "ru"}', content_type)
        assert response.status == 200 and store.user.lang == "ru"


def test_an_invalid_change_is_explained_in_the_users_language():
    app, store = _signed_app()
    store.user = store.user.model_copy(update={"lang": "ru"})
    response = _patch(app, json.dumps({"muted": ["<b>x</b>@evil.test"]}).encode())
    answer = json.loads(response.body)
    assert response.status == 400 and answer["errors"][0]["field"] == "muted"
    assert (
        answer["errors"][0]["message"]
        == "«<b>x</b>@evil.test» — не адрес (anna@corp.com) и не домен (corp.com)."
    )


@pytest.mark.parametrize("limit", ["²", "٣", "1" * 5_000, "-1", "0x10"])
def test_letters_limit_that_is_no_plain_number_gets_400(limit):
    app, _ = _signed_app()
    user = json.dumps({"id": USER_ID}, separators=(",", ":"))
    init_data = sign_init_data({"auth_date": str(int(time.time())), "user": user}, TOKEN)
    request = WebRequest.of(
        "GET", "/api/letters", [("Authorization", f"tma {init_data}")], {"limit": limit}
    )
    response = handle(app, request)
    assert response.status == 400 and json.loads(response.body)["error"] == "invalid_limit"
