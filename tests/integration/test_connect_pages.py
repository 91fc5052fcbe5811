"""Every OAuth page speaks the user's language only, and says what happened and what to do."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from telemail_local.scripted_user import connect, consent, start_and_get_connect_url
from telemail_local.stack import LocalStack
from tests.integration.oauth_pages import page_text

pytestmark = pytest.mark.integration

BROWSER = {"ru": "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "en": "en-GB,en;q=0.9,ru;q=0.3"}
NAMES = ("Telemail", "Telegram", "Gmail", "Google", "Anna")  # names: the same in both languages

EXPECTED = {
    ("access_denied", "en"): "You did not allow access to your mailbox",
    ("access_denied", "ru"): "Вы не разрешили доступ к ящику",
    ("expired", "en"): "This link has expired. Go back to Telegram and press Connect Gmail again.",
    ("expired", "ru"): "Срок действия ссылки истёк. Вернитесь в Telegram и снова нажмите",
    ("replayed", "en"): "This link was already used. Go back to Telegram",
    ("replayed", "ru"): "Эта ссылка уже использована. Вернитесь в Telegram",
    ("tampered", "en"): "This link is damaged or was not made by Telemail",
    ("tampered", "ru"): "Ссылка повреждена или создана не Telemail",
    ("invalid_grant", "en"): "Google did not accept this sign-in",
    ("invalid_grant", "ru"): "Google не принял этот вход",
    ("connected", "en"): "is now connected to the Telegram account of Anna",
    ("connected", "ru"): "подключён к аккаунту Telegram Anna",
    ("move_offered", "en"): "is connected to another Telegram account, so nothing was changed",
    ("move_offered", "ru"): "подключён к другому аккаунту Telegram, поэтому ничего не изменилось",
}
STATUS = {
    "access_denied": 403,
    "expired": 410,
    "replayed": 409,
    "tampered": 400,
    "invalid_grant": 400,
    "connected": 200,
    "move_offered": 200,
}


def _consent_state(stack: LocalStack, connect_url: str) -> str:
    """The state /start hands to Google for this consent."""
    to_google = requests.get(connect_url, allow_redirects=False, timeout=10)
    return parse_qs(urlparse(to_google.headers["Location"]).query)["state"][0]


def _callback(stack: LocalStack, lang: str, **params: str) -> requests.Response:
    url = stack.function_url("oauth_callback") + "/callback"
    return requests.get(url, params=params, headers={"Accept-Language": BROWSER[lang]}, timeout=30)


def _page_for(case: str, lang: str, stack: LocalStack, user_id: int) -> requests.Response:
    oauth = stack.function_url("oauth_callback")
    other_browser = {"Accept-Language": BROWSER["en" if lang == "ru" else "ru"]}
    if case == "tampered":  # unreadable state: the browser's language decides
        state = _consent_state(stack, start_and_get_connect_url(stack, user_id, lang))
        payload, _, signature = state.rpartition(".")
        forged = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
        return _callback(stack, lang, state=forged, code="4/x")
    if case == "expired":  # a genuine state still says whose it was, whatever the browser
        hour_ago = type(
            "HourAgo", (TimestampSigner,), {"get_timestamp": lambda _: int(time.time()) - 3600}
        )
        serializer = URLSafeTimedSerializer(
            stack.secrets.state_signing_key, salt="telemail.oauth-state.v1", signer=hour_ago
        )
        old = serializer.dumps([user_id, user_id, lang, "nonce-old"])
        return requests.get(f"{oauth}/start", params={"state": old}, headers=other_browser)
    link = start_and_get_connect_url(stack, user_id, lang)
    if case == "access_denied":
        state = _consent_state(stack, link)
        return requests.get(
            f"{oauth}/callback",
            params={"state": state, "error": "access_denied"},
            headers=other_browser,
        )
    if case == "invalid_grant":
        state = _consent_state(stack, link)
        return requests.get(
            f"{oauth}/callback", params={"state": state, "code": "4/forged"}, headers=other_browser
        )
    email = f"pages.{user_id}@example.com"
    stack.google.add_account(email, "Pages")
    if case == "connected":
        return requests.get(consent(stack, link, email), headers=other_browser, timeout=30)
    if case == "move_offered":
        connect(stack, user_id + 100_000, email)
        return requests.get(consent(stack, link, email), headers=other_browser, timeout=30)
    assert case == "replayed"
    callback_url = consent(stack, link, email)
    assert requests.get(callback_url, timeout=30).status_code == 200
    return requests.get(callback_url, headers=other_browser, timeout=30)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(
    "case",
    [
        "access_denied",
        "expired",
        "replayed",
        "tampered",
        "invalid_grant",
        "connected",
        "move_offered",
    ],
)
def test_oauth_pages_are_wholly_in_the_users_language(stack: LocalStack, user_id, case, lang):
    page = _page_for(case, lang, stack, user_id)

    assert page.status_code == STATUS[case], page.text
    assert f"<html lang='{lang}'>" in page.text
    text = page_text(page)
    assert EXPECTED[case, lang] in text
    if lang == "ru":
        latin = re.sub(r"\S+@\S+", "", text)
        for name in NAMES:
            latin = latin.replace(name, "")
        assert not re.search(r"[A-Za-z]", latin), text
    else:
        assert not re.search(r"[А-Яа-яЁё]", text), text
    assert "access_denied" not in text and "invalid_grant" not in text  # never a raw code
