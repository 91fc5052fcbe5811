"""Acting as a person: chat with the bot, consent at Google, follow the callback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import requests

from telemail_local.stack import LocalStack


def button_urls(message: object) -> list[str]:
    markup = getattr(message, "reply_markup", None) or {}
    return [b["url"] for row in markup.get("inline_keyboard", []) for b in row if b.get("url")]


# The first answers of a stack just started wait on cold caches, the emulators' first requests
# and, if the webhook failed, Telegram's redelivery: a person would wait a minute, so does this.
FIRST_ANSWER_SECONDS = 60


def start_and_get_connect_url(stack: LocalStack, user_id: int, lang: str = "en") -> str:
    before = len(stack.telegram.bot_messages(user_id))
    stack.telegram.user_sends(user_id, "/start", first_name="Anna", language_code=lang)
    welcome = stack.telegram.wait_for_bot_messages(user_id, before + 1, FIRST_ANSWER_SECONDS)[-1]
    (url,) = button_urls(welcome)
    return url


class FlowError(AssertionError):
    """A step of the flow answered something other than what a person would see."""


def _expect(response: requests.Response, status: int) -> requests.Response:
    if response.status_code != status:
        raise FlowError(f"{response.url} answered {response.status_code}: {response.text[:300]}")
    return response


def consent(stack: LocalStack, connect_url: str, email: str) -> str:
    """Follow the button to Google's consent, allow as ``email``; return the callback URL."""
    to_google = _expect(requests.get(connect_url, allow_redirects=False, timeout=10), 302)
    google_url = to_google.headers["Location"]
    _expect(requests.get(google_url, timeout=10), 200)
    form = {k: v[0] for k, v in parse_qs(urlparse(google_url).query).items()}
    decision = requests.post(
        f"{stack.google_url}/o/oauth2/v2/auth/decision",
        data={**form, "account": email},
        allow_redirects=False,
        timeout=10,
    )
    return _expect(decision, 302).headers["Location"]


def connect(stack: LocalStack, user_id: int, email: str, lang: str = "en") -> None:
    """The whole connect flow, ending when the bot has said "Connected"."""
    before = len(stack.telegram.bot_messages(user_id))
    callback_url = consent(stack, start_and_get_connect_url(stack, user_id, lang), email)
    _expect(requests.get(callback_url, timeout=30), 200)
    stack.telegram.wait_for_bot_messages(user_id, before + 2, FIRST_ANSWER_SECONDS)
