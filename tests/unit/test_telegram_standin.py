"""The Telegram stand-in must refuse what Telegram refuses, or tests could pass on bad output."""

import pytest

from telemail_local.telegram_server import EntityError, plain_text_of


def test_allowed_html_gives_plain_text_with_entities_decoded():
    assert plain_text_of("<b>Hi</b> &lt;a&gt; &amp; <a href='x'>link</a>") == "Hi <a> & link"


@pytest.mark.parametrize("html", ["<div>x</div>", "<b>open", "<b><i>x</b></i>", "x</b>"])
def test_unsupported_or_unbalanced_html_is_refused(html):
    with pytest.raises(EntityError):
        plain_text_of(html)


def test_a_webhook_that_is_down_is_reported_as_502_not_raised():
    from telemail_local.procs import free_port
    from telemail_local.telegram_server import TelegramStandIn

    standin = TelegramStandIn(token="1:x")
    standin.api_setwebhook({"url": f"http://127.0.0.1:{free_port()}/webhook"})
    assert standin.user_sends(1001, "/start")["webhook_status"] == 502


def test_an_update_the_webhook_did_not_take_is_delivered_again_when_it_is_up():
    import time

    from flask import Flask, request

    from telemail_local.procs import ServerThread, free_port
    from telemail_local.telegram_server import TelegramStandIn

    port = free_port()
    standin = TelegramStandIn(token="1:x", redelivery_delays=(0.2,) * 10)
    standin.api_setwebhook({"url": f"http://127.0.0.1:{port}/webhook"})
    assert standin.user_sends(1001, "/start")["webhook_status"] == 502  # not up yet
    assert standin.api_getwebhookinfo({})["pending_update_count"] == 1
    assert "Connection failed" in standin.api_getwebhookinfo({})["last_error_message"]
    received: list[str] = []
    hook = Flask("hook")

    @hook.post("/webhook")
    def take() -> str:
        received.append(request.get_json()["message"]["text"])
        return ""

    server = ServerThread(hook, port)
    try:
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # no further redelivery once taken
    finally:
        server.stop()
    assert received == ["/start"]
    assert standin.api_getwebhookinfo({})["pending_update_count"] == 0


def _standin_with_a_button_message():
    from telemail_local.procs import free_port
    from telemail_local.telegram_server import TelegramStandIn, create_app

    standin = TelegramStandIn(token="1:x")
    standin.api_setwebhook({"url": f"http://127.0.0.1:{free_port()}/webhook"})  # down: 502
    markup = {"inline_keyboard": [[{"text": "⭐ Important", "callback_data": "imp:1"}]]}
    sent = standin.call("sendMessage", {"chat_id": 1001, "text": "<b>Hi</b>", "parse_mode": "HTML",
                                        "reply_markup": markup})  # fmt: skip
    return standin, create_app(standin).test_client(), sent["message_id"]


def test_button_answers_reach_the_chat_page_with_toast_text_and_show_alert():
    standin, client, message_id = _standin_with_a_button_message()
    first = standin.user_clicks(1001, message_id, "imp:1")["update_id"]
    second = standin.user_clicks(1001, message_id, "imp:1")["update_id"]
    standin.call("answerCallbackQuery", {"callback_query_id": str(first), "text": "Marked ⭐"})
    standin.call(
        "answerCallbackQuery",
        {"callback_query_id": str(second), "text": "Gone", "show_alert": "true"},
    )
    page = client.get("/_user/messages?chat_id=1001&answers_after=0").get_json()
    assert page["answers"] == [
        {"n": 1, "text": "Marked ⭐", "show_alert": False},
        {"n": 2, "text": "Gone", "show_alert": True},
    ]
    assert client.get("/_user/messages?chat_id=1001&answers_after=2").get_json()["answers"] == []
    assert client.get("/_user/messages?chat_id=2002").get_json()["answers"] == []


def test_edits_change_the_message_in_place_with_a_new_version():
    from telemail_local.telegram_server import ApiError

    standin, client, message_id = _standin_with_a_button_message()
    standin.call("editMessageReplyMarkup", {"chat_id": 1001, "message_id": message_id,
                                            "reply_markup": {"inline_keyboard": []}})  # fmt: skip
    (shown,) = client.get("/_user/messages?chat_id=1001").get_json()["result"]
    assert (shown["plain"], shown["reply_markup"], shown["version"]) == (
        "Hi",
        {"inline_keyboard": []},
        1,
    )
    standin.call("editMessageText", {"chat_id": 1001, "message_id": message_id, "text": "Bye"})
    (shown,) = client.get("/_user/messages?chat_id=1001").get_json()["result"]
    assert (shown["plain"], shown["edited"], shown["version"]) == ("Bye", True, 2)
    with pytest.raises(ApiError, match="not modified"):
        standin.call("editMessageText", {"chat_id": 1001, "message_id": message_id, "text": "Bye"})


def test_send_document_takes_a_multipart_upload_and_records_its_name_size_and_hash():
    import hashlib
    import io

    from telemail_local.telegram_server import TelegramStandIn, create_app

    standin = TelegramStandIn(token="1:x")
    client = create_app(standin).test_client()
    data = b"%PDF-1.4 test"
    answer = client.post(
        "/bot1:x/sendDocument",
        data={"chat_id": "1001", "document": (io.BytesIO(data), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200
    assert answer.get_json()["result"]["document"]["file_name"] == "report.pdf"
    (message,) = standin.bot_messages(1001)
    assert message.document == {
        "name": "report.pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    missing = client.post("/bot1:x/sendDocument", data={"chat_id": "1001"})
    assert missing.status_code == 400
