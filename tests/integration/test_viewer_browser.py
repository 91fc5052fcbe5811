"""The letter viewer in a real (headless) Chromium: hostile letters run no script and stay in
their frame; a real-looking newsletter renders (screenshots under the test's tmp dir)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import reader_letters
from tests.integration.test_settings_page_browser import WAIT, browser  # noqa: F401

pytestmark = pytest.mark.integration
SHOTS = Path("/tmp/telemail-viewer-shots")  # a copy for a person to look at (best effort)


def _deliver(stack: LocalStack, user_id: int, address: str, raw: bytes, subject: str) -> str:
    stored = stack.gmail.deliver(address, raw)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(subject in m.plain for m in stack.telegram.bot_messages(user_id)):
            return stored.id
        time.sleep(0.1)
    raise TimeoutError("no notification")


def _open(browser, stack: LocalStack, user_id: int, gmail_id: str, theme: dict | None = None):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url = f"{stack.function_url('telegram_webhook')}/app/viewer?m={gmail_id}"
    launch = stack.telegram.webapp_launch_url(url, user_id)
    if theme is not None:
        launch += "&tgWebAppThemeParams=" + quote(json.dumps(theme))
    browser.get("about:blank")  # a new launch: another fragment alone would not reload the page
    browser.get(launch)
    WebDriverWait(browser, WAIT).until(ec.visibility_of_element_located((By.ID, "frame")))
    time.sleep(1.0)  # let anything the letter might try (refresh, onload) happen
    return launch


def test_hostile_letters_run_no_script_and_stay_in_their_frame(stack, user_id, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, "Anna")
    connect(stack, user_id, address)
    subject = f"Hostile {user_id}"
    gmail_id = _deliver(stack, user_id, address, reader_letters.hostile(subject, address), subject)

    launch = _open(browser, stack, user_id, gmail_id)
    page_title = browser.title
    assert page_title == "Letter"

    # In the frame: the letter is there, a click on its javascript: "link" does nothing.
    srcdoc = browser.find_element(By.ID, "frame").get_attribute("srcdoc")
    assert "Hostile" in srcdoc
    lowered = srcdoc.lower()
    for banned in ("<script", "onerror", "onload", "javascript:", "<form", "<iframe", "<object",
                   "<embed", "<svg", "position:fixed", "position: fixed", "action=",
                   'http-equiv="refresh"', "<base href", "data:text/html", "\u202e"):  # fmt: skip
        assert banned not in lowered, banned
    browser.switch_to.frame("frame")
    links = browser.find_elements(By.PARTIAL_LINK_TEXT, "click me")
    if links:
        links[0].click()
        time.sleep(0.5)
    overlay = browser.find_elements(By.XPATH, "//*[contains(text(), 'OVERLAY')]")
    browser.switch_to.default_content()

    # Nothing ran, nothing left the frame: the top page is as it was.
    assert browser.title == page_title
    assert browser.current_url == launch
    assert browser.execute_script("return window.localStorage.getItem('pwned')") is None
    assert len(browser.window_handles) == 1
    subject_el = browser.find_element(By.ID, "subject")
    rect = subject_el.rect
    hit = browser.execute_script(
        "return document.elementFromPoint(arguments[0], arguments[1])",
        rect["x"] + 5,
        rect["y"] + 5,
    )
    assert hit == subject_el  # no overlay covers the page's own header
    if overlay:  # the overlay's text is shown as an ordinary block inside the frame
        frame_rect = browser.find_element(By.ID, "frame").rect
        assert frame_rect["height"] < browser.execute_script("return window.innerHeight")
    policy = browser.execute_script(
        "return document.getElementById('frame').getAttribute('sandbox')"
    )
    # Same origin only so the page can read the letter's height; no script may run in it.
    assert "allow-scripts" not in policy and "allow-top-navigation" not in policy


def test_a_newsletter_renders_in_light_and_dark_themes(stack, user_id, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, "Anna")
    connect(stack, user_id, address)
    subject = f"Digest {user_id}"
    gmail_id = _deliver(
        stack, user_id, address, reader_letters.newsletter(subject, address), subject
    )

    _open(browser, stack, user_id, gmail_id)
    assert browser.find_element(By.ID, "subject").text == subject
    headers = browser.find_element(By.ID, "headers").text
    assert "news@digest.example" in headers and "boss@corp.example" in headers
    assert "2026" in headers
    assert browser.find_element(By.ID, "images-bar").is_displayed()
    browser.switch_to.frame("frame")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Story 1: Trains get faster" in body and "Read more" in body
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Read more")
    assert link.get_attribute("href") == "https://digest.example/story/1"
    assert link.get_attribute("target") == "_blank"
    browser.switch_to.default_content()
    light = tmp_path / "newsletter-light.png"
    browser.save_screenshot(str(light))

    dark = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
            "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
            "secondary_bg_color": "#232e3c"}  # fmt: skip
    _open(browser, stack, user_id, gmail_id, theme=dark)
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"
    assert "--bg:#17212b" in browser.find_element(By.ID, "frame").get_attribute("srcdoc")
    dark_shot = tmp_path / "newsletter-dark.png"
    browser.save_screenshot(str(dark_shot))
    assert light.stat().st_size > 10_000 and dark_shot.stat().st_size > 10_000
    try:
        SHOTS.mkdir(exist_ok=True)
        for shot in (light, dark_shot):
            shutil.copy(shot, SHOTS / shot.name)
    except OSError:
        pass


def _html_letter(subject: str, to: str, html: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, "Shop <shop@store.example>", to
    msg["Date"] = "Wed, 25 Nov 2026 09:30:00 +0000"
    msg.set_content("See the HTML part.")
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


FRAME_HEIGHT = """
const frame = document.getElementById('frame');
return [frame.getBoundingClientRect().height, frame.contentDocument.body.scrollHeight];
"""


def test_the_frame_fits_its_letter_keeps_its_style_block_and_is_bounded(stack, user_id, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, "Anna")
    connect(stack, user_id, address)
    short = _html_letter(
        f"Styled {user_id}",
        address,
        "<html><head><style>.hdr{color:#ff0000;font-weight:bold} "
        "table.grid td{padding:7px;border:1px solid #0000ff} .bad{background:url(https://x.example/p)}"
        "</style></head><body><p class=hdr>Your order</p>"
        "<table class=grid><tr><td>Tea</td><td>2</td></tr></table></body></html>",
    )
    long = _html_letter(
        f"Endless {user_id}", address, "".join(f"<p>Line {i}</p>" for i in range(3000))
    )
    short_id = _deliver(stack, user_id, address, short, f"Styled {user_id}")
    long_id = _deliver(stack, user_id, address, long, f"Endless {user_id}")

    _open(browser, stack, user_id, short_id)
    height, content = browser.execute_script(FRAME_HEIGHT)
    assert abs(height - content) <= 2 and height < 250  # not the old fixed 75% of the screen
    browser.switch_to.frame("frame")
    title = browser.find_element(By.CLASS_NAME, "hdr")
    assert title.value_of_css_property("color") == "rgba(255, 0, 0, 1)"
    cell = browser.find_element(By.TAG_NAME, "td")
    assert cell.value_of_css_property("padding-top") == "7px"
    assert cell.value_of_css_property("border-top-color") == "rgba(0, 0, 255, 1)"
    browser.switch_to.default_content()

    _open(browser, stack, user_id, long_id)
    height, content = browser.execute_script(FRAME_HEIGHT)
    assert content > 20_000 and height == 20_000  # bounded: the rest scrolls inside the frame
