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
