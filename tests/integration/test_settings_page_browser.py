"""The settings page in a real (headless) Chromium, opened from the chat as Telegram opens it:
a hashtag added there marks the next matching letter's notification."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)
WAIT = 30


@pytest.fixture
def browser(tmp_path: Path) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "scripts/bootstrap installs Debian's chromium and chromium-driver"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def _notifications_with(stack: LocalStack, user_id: int, text: str, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in stack.telegram.bot_messages(user_id) if text in m.plain]
        if found:
            return found
        time.sleep(0.1)
    return []


def test_hashtag_added_on_the_settings_page_marks_the_next_notification(
    stack, user_id, browser, firestore_db
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, "Anna")
    connect(stack, user_id, address)
    wait = WebDriverWait(browser, WAIT)

    # In the chat: /settings, then the bot's web_app button opens the page over the chat.
    browser.get(stack.telegram_url + "/")
    uid = browser.find_element(By.ID, "uid")
    uid.clear()
    uid.send_keys(str(user_id))
    browser.find_element(By.ID, "text").send_keys("/settings", Keys.ENTER)
    button = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button[data-web-app]")))
    assert button.get_attribute("data-web-app") == stack.function_url("telegram_webhook") + "/app"
    button.click()
    wait.until(ec.visibility_of_element_located((By.ID, "webapp")))
    browser.switch_to.frame("webapp-frame")
    wait.until(ec.visibility_of_element_located((By.ID, "content")))
    assert address in browser.find_element(By.ID, "accounts").text

    # On the page: add #invoices with the keyword "invoice".
    browser.find_element(By.ID, "new-tag").send_keys("#invoices")
    browser.find_element(By.ID, "new-tag-keywords").send_keys("invoice")
    browser.find_element(By.CSS_SELECTOR, "#add-tag button[type=submit]").click()
    wait.until(ec.text_to_be_present_in_element_attribute((By.ID, "status"), "data-state", "ok"))
    row = browser.find_element(By.CSS_SELECTOR, "[data-tag='invoices'] input.keywords")
    assert row.get_attribute("value") == "invoice"
    rules = firestore_db.document(f"users/{user_id}/rules/current").get().to_dict()
    assert rules["hashtags"] == {"invoices": {"keywords": ["invoice"], "mode": "instant"}}

    # A letter about an invoice arrives: its notification carries the hashtag.
    body = "Hello, the invoice for November is attached. Regards, Anna"
    stack.gmail.deliver(address, letters.plain("November services", address, body))
    notes = _notifications_with(stack, user_id, "November services")
    assert notes, "no notification for the letter"
    assert "#invoices" in notes[0].plain

    # And the page lists the letter with its hashtag and why it was notified.
    browser.find_element(By.ID, "reload-letters").click()
    card = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#letters article.letter .hashtag"))
    ).find_element(By.XPATH, "./ancestor::article")
    assert "November services" in card.text and "#invoices" in card.text
    assert "notified" in card.find_element(By.CSS_SELECTOR, ".state").text
    assert card.find_element(By.CSS_SELECTOR, ".why").text.startswith("Why: ")


# -- the first hour (issue #17): the browser's zone in one tap, long subjects cut ------------


def test_page_offers_the_browsers_zone_and_cuts_long_subjects(
    stack, user_id, browser, firestore_db
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    address = f"zone{user_id}@gmail.example"
    stack.google.add_account(address, "Zoe")
    connect(stack, user_id, address)
    subject = "Quarterly " + "very " * 300 + "long subject"
    stack.gmail.deliver(address, letters.plain(subject, address))
    assert _notifications_with(stack, user_id, "Quarterly very"), "no notification"
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Yekaterinburg"})
    wait = WebDriverWait(browser, WAIT)

    browser.get(stack.telegram_url + "/")
    uid = browser.find_element(By.ID, "uid")
    uid.clear()
    uid.send_keys(str(user_id))
    browser.find_element(By.ID, "text").send_keys("/settings", Keys.ENTER)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button[data-web-app]"))).click()
    wait.until(ec.visibility_of_element_located((By.ID, "webapp")))
    browser.switch_to.frame("webapp-frame")
    wait.until(ec.visibility_of_element_located((By.ID, "content")))

    card = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#letters .subject")))
    shown = card.text
    assert "Quarterly very" in shown
    assert shown.endswith("…") and len(shown) <= 205

    offer = wait.until(ec.visibility_of_element_located((By.ID, "use-my-zone")))
    assert "Asia/Yekaterinburg" in offer.text
    offer.click()
    wait.until(ec.text_to_be_present_in_element_attribute((By.ID, "status"), "data-state", "ok"))
    user = firestore_db.document(f"users/{user_id}").get().to_dict()
    assert user["timezone"] == "Asia/Yekaterinburg"
    assert not browser.find_element(By.ID, "use-my-zone").is_displayed()
