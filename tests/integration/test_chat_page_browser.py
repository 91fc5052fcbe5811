"""The local chat page in headless Chromium: button answers and edits shown as Telegram shows
them. Only the Telegram stand-in runs (no emulators): the bot's calls are made directly."""

from __future__ import annotations

import pytest

from telemail_local.procs import ServerThread, free_port
from telemail_local.telegram_server import TelegramStandIn, create_app
from tests.integration.test_settings_page_browser import WAIT, browser  # noqa: F401

pytestmark = pytest.mark.integration
CHAT = 1001


def test_the_chat_shows_toasts_alerts_and_edits_in_place(browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    standin = TelegramStandIn(token="1:x")
    standin.api_setwebhook({"url": f"http://127.0.0.1:{free_port()}/webhook"})  # no bot behind
    server = ServerThread(create_app(standin))
    try:
        markup = {"inline_keyboard": [[{"text": "⭐ Important", "callback_data": "imp:1"}]]}
        sent = standin.call("sendMessage", {"chat_id": CHAT, "text": "New letter",
                                            "reply_markup": markup})  # fmt: skip
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, WAIT)
        bubble = wait.until(lambda d: d.find_element(By.ID, f"m{sent['message_id']}"))
        bubble.find_element(By.CSS_SELECTOR, ".kb button").click()
        wait.until(lambda _: standin.callback_answers or len(standin._callback_chats) == 1)
        (query_id,) = standin._callback_chats

        standin.call("answerCallbackQuery", {"callback_query_id": query_id, "text": "Marked ⭐"})
        toast = browser.find_element(By.ID, "toast")
        wait.until(lambda _: toast.is_displayed() and toast.text == "Marked ⭐")
        assert toast.value_of_css_property("opacity") != "0"

        edit = {"chat_id": CHAT, "message_id": sent["message_id"], "reply_markup": markup}
        standin.call("editMessageText", {**edit, "text": "New letter ⭐"})
        wait.until(
            lambda d: d.find_element(By.ID, f"m{sent['message_id']}").text.startswith(
                "New letter ⭐"
            )
        )
        assert len(browser.find_elements(By.CSS_SELECTOR, "#log .msg")) == 1  # in place

        alert = {"callback_query_id": query_id, "text": "That letter is gone", "show_alert": True}
        standin.call("answerCallbackQuery", alert)
        dialog = browser.find_element(By.ID, "alert")
        wait.until(lambda _: dialog.get_attribute("open") is not None)
        assert dialog.text.startswith("That letter is gone")
        browser.find_element(By.ID, "alert-ok").click()
        wait.until(lambda _: dialog.get_attribute("open") is None)
    finally:
        server.stop()
