"""The settings page's routes that need no user: the page itself, its assets, wrong requests."""

from __future__ import annotations

import re

import pytest

from shared_lib.app import App
from shared_lib.config import Settings
from shared_lib.webapp import WebRequest, handle, is_webapp_path


def _app(token: str = "1:T") -> App:
    return App(Settings(bot_token=token))


def _get(path: str, method: str = "GET", app: App | None = None):
    return handle(app or _app(), WebRequest.of(method, path, [], {}))


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/app", "text/html"), ("/app/app.js", "text/javascript"), ("/app/app.css", "text/css")],
)
def test_page_and_assets_are_served_with_a_strict_content_security_policy(path, kind):
    response = _get(path)
    assert response.status == 200 and response.content_type.startswith(kind)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self'" in csp


def test_page_needs_nothing_from_other_hosts():
    page = _get("/app").body
    script = _get("/app/app.js").body
    assert "telegram.org" not in page + script
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["data:,", "app/app.css", "app/app.js"]
    assert "tgWebAppData" in script and "Authorization" in script


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
