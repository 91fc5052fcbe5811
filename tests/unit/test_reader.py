"""The reader's pure parts: new text apart from the quote, Telegram HTML and splitting, the HTML
sanitizer, attachment names and part ids."""

from __future__ import annotations

import email
import email.policy

import pytest

from shared_lib.analysis.body import MAX_TEXT
from shared_lib.models import MailRecord
from shared_lib.notification import render_notification
from shared_lib.reader.attachments import find_part, human_size
from shared_lib.reader.letter import InlineImage, read_letter, safe_filename
from shared_lib.reader.new_text import split_new_text
from shared_lib.reader.sanitize import FRAME_STYLE, frame_document, sanitize
from shared_lib.reader.telegram import LIMIT, html_text_with_links, render, split_messages
from telemail_local.gmail_server import _payload
from telemail_local.telegram_server import plain_text_of
from tests import letters, reader_letters


def test_the_new_text_stops_before_the_signature_and_the_quote():
    raw = reader_letters.reply_with_quote("Report", "me@x.example")
    text = read_letter(raw).mail.text
    new, rest = split_new_text(text, "Anna Petrova")
    assert new.startswith("Hi Bob,") and new.endswith("Can you check it by Friday?")
    assert "https://example.com/r?a=1&b=2" in new  # a link line is the author's too
    assert rest.startswith("Thanks,") and reader_letters.QUOTED_SECRET in rest


def test_a_letter_without_quote_is_all_new():
    assert split_new_text("Just this.\n\nAnd this.") == ("Just this.\n\nAnd this.", "")


def test_a_quote_beyond_what_the_analysis_reads_is_not_cut_in_the_middle():
    text = ("word " * 30 + "\n\n") * (
        MAX_TEXT // 150 + 10
    ) + "On Mon, Bob <b@x.example> wrote:\n> q"
    new, rest = split_new_text(text)
    assert rest == "" and new == text.strip()


def test_only_http_https_and_mailto_become_links():
    html = render("see https://a.example/x?q=1&r=2. or javascript:alert(1) mailto:a@b.example")
    assert '<a href="https://a.example/x?q=1&amp;r=2">https://a.example/x?q=1&amp;r=2</a>.' in html
    assert '<a href="mailto:a@b.example">' in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_html_anchors_keep_their_targets_and_unsafe_ones_become_text():
    text = html_text_with_links(
        '<p>Pay <a href="https://bank.example/pay?id=1&amp;x=2">here <b>now</b></a>, not '
        '<a href="javascript:steal()">there</a> or <a href="data:text/html,x">here</a>.</p>'
    )
    html = render(text)
    assert '<a href="https://bank.example/pay?id=1&amp;x=2">here now</a>' in html
    assert "there" in html and "javascript" not in html and "data:" not in html


def test_a_bidi_control_in_a_letter_is_removed_from_the_chat_text():
    assert "\u202e" not in render("invoice\u202egnp.exe https://x.example/\u202eevil")


def test_messages_are_split_at_paragraphs_and_fit_telegram_after_escaping():
    paragraphs = [f"P{i} " + "<&> " * 300 for i in range(20)]  # escaping triples the length
    text = "\n\n".join(paragraphs)
    messages, cut = split_messages(text, max_messages=3, first_budget=100)
    assert cut and len(messages) == 3
    assert len(messages[0]) <= LIMIT - 100 and all(len(m) <= LIMIT for m in messages)
    shown = " ".join(plain_text_of(m) for m in messages).split()
    assert shown == text.split()[: len(shown)]  # nothing lost or reordered up to the cut


def test_paragraphs_that_fit_are_never_split():
    paragraphs = [f"P{i} " + "lorem ipsum " * 80 for i in range(16)]  # ~970 characters each
    messages, cut = split_messages("\n\n".join(paragraphs))
    assert cut and len(messages) == 3
    for message in messages:
        assert all(
            p.startswith("P") and p.rstrip().endswith("ipsum") for p in message.split("\n\n")
        )


def test_one_huge_paragraph_is_split_at_words_and_an_unbroken_run_is_cut():
    messages, cut = split_messages("x" * 20_000, max_messages=10)
    assert not cut and "".join(plain_text_of(m) for m in messages) == "x" * 20_000
    messages, _ = split_messages(("word " * 2000).strip(), max_messages=10)
    assert all(len(m) <= LIMIT for m in messages) and len(messages) >= 3


def test_a_short_letter_is_one_message_and_not_cut():
    assert split_messages("Hello\n\nWorld") == (["Hello\n\nWorld"], False)


@pytest.mark.parametrize("name", sorted(reader_letters.HOSTILE_PAYLOADS))
def test_the_sanitizer_removes_every_hostile_payload(name):
    clean = sanitize(f"<p>before</p>{reader_letters.HOSTILE_PAYLOADS[name]}<p>after</p>").html
    low = clean.lower()
    assert "before" in clean and "after" in clean
    for banned in ("<script", "onerror", "onload", "javascript:", "<form", "<iframe", "<svg",
                   "<meta", "<base", "<object", "<embed", "<style", "position", "data:text",
                   "\u202e", "action="):  # fmt: skip
        assert banned not in low, banned


def test_safe_styles_stay_and_positioning_goes():
    clean = sanitize(
        '<div style="color:#333;background:#fff;position:absolute;top:0;z-index:9;'
        'transform:scale(9);padding:4px">x</div><p style="background:url(https://t.example/)">y</p>'
    ).html
    assert 'style="color:#333;background:#fff;padding:4px"' in clean
    assert "url(" not in clean and "position" not in clean and "z-index" not in clean


def test_pictures_embedded_load_remote_ones_wait_and_trackers_stay_blocked():
    html = (
        '<img src="cid:logo@x" alt="logo"><img src="https://cdn.example/hero.jpg" alt="hero">'
        '<img src="https://cdn.example/p.gif" width="1" height="1">'
        '<img src="https://t.sendgrid.net/wf/open?u=1">'
    )
    inline = {"logo@x": InlineImage("image/png", b"\x89PNG")}
    blocked = sanitize(html, inline)
    assert "data:image/png;base64,iVBORw==" in blocked.html
    assert "https://" not in blocked.html and "[hero]" in blocked.html
    assert (blocked.remote_blocked, blocked.trackers_blocked) == (1, 2)
    loaded = sanitize(html, inline, load_remote=True)
    assert "https://cdn.example/hero.jpg" in loaded.html and "p.gif" not in loaded.html
    assert "sendgrid" not in loaded.html
    assert "sendgrid" in sanitize(html, inline, load_remote=True, load_trackers=True).html


def test_the_frame_document_allows_remote_pictures_only_when_loaded():
    csp = "default-src 'none'; img-src data:;"
    assert csp in frame_document(sanitize('<img src="https://x.example/a.png">'))
    assert "img-src data: https:" in frame_document(
        sanitize('<img src="https://x.example/a.png">', load_remote=True)
    )


def test_attachment_names_lose_paths_and_invisible_characters():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\a\\invoice\u202egnp.exe") == "invoicegnp.exe"
    assert safe_filename("", "application/pdf") == "attachment.pdf"
    assert safe_filename("a\x00b\r\n.txt") == "ab.txt"


def test_attachment_part_ids_are_gmails():
    raw = letters.with_attachment("Contract", "me@x.example")
    (attachment,) = read_letter(raw).attachments
    payload = _payload(email.message_from_bytes(raw, policy=email.policy.compat32), "", True)
    part = find_part(payload, attachment.part_id)
    assert part is not None and part["filename"] == attachment.filename == "contract.pdf"
    assert abs(part["body"]["size"] - attachment.size) <= 2
    assert human_size(1300) == "1 KB" and human_size(60 * 1024 * 1024) == "60.0 MB"


def test_every_notification_has_a_read_button_carrying_only_the_id():
    record = MailRecord(
        message_id="18c0abc",
        thread_id="t",
        account="me@gmail.com",
        received_at="2026-12-01T10:00:00Z",
        subject="Hi",
        sender_email="a@b.example",
    )
    message = render_notification(record, user_id=7, chat_id=7, lang="ru")
    datas = [b.callback_data for row in message.buttons for b in row]
    assert "read:18c0abc" in datas
    labels = [b.text for row in message.buttons for b in row]
    assert "📖 Читать" in labels


def test_pending_and_history_lists_offer_read_buttons():
    from datetime import UTC, datetime, timedelta

    from shared_lib.bot.read_buttons import read_rows
    from shared_lib.digest.history import render_pending

    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    records = [
        MailRecord(
            message_id=f"18c0{i}",
            thread_id="t",
            account="me@gmail.com",
            received_at=now - timedelta(hours=i + 1),
            subject=f"Question {i} " + "x" * 40,
            awaiting_reply=True,
        )
        for i in range(3)
    ]
    _text, buttons = render_pending(records, "en", "UTC", now)
    assert all(row[-1].callback_data == row[0].callback_data.replace("done:", "read:")
               for row in buttons)  # fmt: skip
    rows = read_rows(records, "en")
    assert [b.callback_data for row in rows for b in row] == [
        "read:18c00",
        "read:18c01",
        "read:18c02",
    ]
    assert all(len(b.text) <= 30 for row in rows for b in row)


class _FakeGmail:
    """Gmail's answers for one letter (the outbox's document step runs against it)."""

    def __init__(self, full, data=b"%PDF", error=None):
        self.full, self.data, self.error, self.fetched = full, data, error, []

    def get_full(self, message_id):
        if self.error is not None:
            raise self.error
        return self.full

    def get_attachment(self, message_id, attachment_id):
        self.fetched.append(attachment_id)
        return self.data


def _prepare(monkeypatch, gmail):
    from shared_lib.models import Account, DocumentRef, OutboxMessage
    from shared_lib.reader import attachments
    from shared_lib.reader.fetch import Owned

    record = MailRecord(
        message_id="18c0abc",
        thread_id="t",
        account="me@gmail.com",
        received_at="2026-12-01T10:00:00Z",
    )
    owned = Owned(record, Account(user_id=7, email="me@gmail.com", sealed_refresh_token="x"))
    monkeypatch.setattr(attachments, "owned_letter", lambda app, uid, mid: owned)
    monkeypatch.setattr(attachments, "gmail_for", lambda app, account: gmail)
    ref = DocumentRef(user_id=7, message_id="18c0abc", part_id="1", lang="en")
    message = OutboxMessage(key="doc:1", chat_id=7, text="", method="document", document=ref)
    return attachments.prepare_upload(None, message)


def _full(size: int, name: str = "../report\u202e.pdf") -> dict:
    part = {"partId": "1", "filename": name, "mimeType": "application/pdf"}
    return {
        "payload": {
            "partId": "",
            "parts": [{"partId": "0"}, {**part, "body": {"size": size, "attachmentId": "A1"}}],
        }
    }


def test_an_attachment_is_fetched_by_its_part_id_under_a_safe_name(monkeypatch):
    gmail = _FakeGmail(_full(4))
    message, upload = _prepare(monkeypatch, gmail)
    assert message.method == "document" and upload is not None
    assert (upload.filename, upload.data, gmail.fetched) == ("report.pdf", b"%PDF", ["A1"])


def test_an_attachment_over_the_upload_limit_is_not_fetched_and_the_gmail_link_is_given(
    monkeypatch,
):
    gmail = _FakeGmail(_full(30 * 1024 * 1024))  # Telegram would take it; the limit is 25 MB
    message, upload = _prepare(monkeypatch, gmail)
    assert upload is None and gmail.fetched == []
    assert message.method == "send" and "30.0 MB" in message.text and "(25.0 MB)" in message.text
    assert "https://mail.google.com/mail/u/me@gmail.com/#all/18c0abc" in message.text


def test_an_upload_ends_inside_the_outbox_push_deadline_with_a_retryable_timeout():
    """The whole sendDocument is bounded (httpx bounds only each read and write), within the
    telegram_webhook timeout that is the outbox push's ack deadline."""
    import asyncio
    import time

    from telegram.error import NetworkError

    from shared_lib.models import OutboxMessage
    from shared_lib.reader.attachments import UPLOAD_SECONDS
    from shared_lib.telegram_client import TelegramClient, Upload
    from tests.unit.test_terraform_consistency import load_terraform

    timeout = load_terraform().locals["functions"]["telegram_webhook"]["timeout_seconds"]
    assert int(timeout) >= UPLOAD_SECONDS + 10  # Gmail's fetch and the bookkeeping fit after it

    class _SlowBot:
        async def send_document(self, *args, **kwargs):
            await asyncio.sleep(5)

    client = TelegramClient("t", "http://127.0.0.1:9/bot")
    client._bot = _SlowBot()
    message = OutboxMessage(key="k", chat_id=1, text="", method="document")
    start = time.monotonic()
    with pytest.raises(NetworkError):  # the outbox releases its claim; Pub/Sub retries later
        client.execute(message, Upload("a.pdf", b"%PDF", seconds=0.2))
    assert time.monotonic() - start < 2


def test_a_gone_letter_or_a_revoked_grant_sends_a_sentence_instead(monkeypatch):
    from shared_lib.gmail import GrantRevoked

    message, upload = _prepare(monkeypatch, _FakeGmail(None))
    assert upload is None and "deleted" in message.text
    message, upload = _prepare(monkeypatch, _FakeGmail(None, error=GrantRevoked("invalid_grant")))
    assert upload is None and "lost access" in message.text
    message, upload = _prepare(monkeypatch, _FakeGmail({"payload": {"partId": ""}}))
    assert upload is None and "no longer in the letter" in message.text


def test_reading_a_letter_parses_it_once(monkeypatch):
    """The reader walks the tree parse_message_tree read: no second parse of the raw letter."""
    import email.feedparser

    from shared_lib.mail import parse

    trees = []
    split, close = parse.split_well_formed, email.feedparser.FeedParser.close

    def counted_split(*args, **kwargs):
        tree = split(*args, **kwargs)
        if tree is not None:
            trees.append("split")
        return tree

    def counted_close(self):
        trees.append("parser")
        return close(self)

    monkeypatch.setattr(parse, "split_well_formed", counted_split)
    monkeypatch.setattr(email.feedparser.FeedParser, "close", counted_close)
    for raw in (
        reader_letters.newsletter("News", "me@x.example"),
        reader_letters.reply_with_quote("Report", "me@x.example"),
    ):
        trees.clear()
        content = read_letter(raw)
        assert content.html or content.mail.text
        assert len(trees) == 1, trees


LAYOUT_LETTER = (
    "<html><head><style type='text/css'>"
    "body{background:#f4f4f7;color:#222} .hdr{color:#ff0000;font-weight:bold !important}"
    "table.grid{border-collapse:collapse;width:600px} table.grid td{padding:4px 8px;"
    "border:1px solid #cccccc;background-color:rgb(250, 250, 250)}"
    "@media (max-width: 600px){table.grid{width:100%}}"
    "</style></head><body><p class='hdr'>Invoice</p>"
    "<table class='grid' id='t'><tr><td>1</td><td>2</td></tr></table></body></html>"
)


def test_a_letters_style_block_keeps_its_colours_and_table_layout_inside_its_container():
    clean = sanitize(LAYOUT_LETTER)
    assert '<p class="hdr">' in clean.html and '<table class="grid">' in clean.html
    assert ".tm-letter{background:#f4f4f7;color:#222}" in clean.css
    assert ".tm-letter .hdr{color:#ff0000;font-weight:bold}" in clean.css
    assert ".tm-letter table.grid{border-collapse:collapse;width:600px}" in clean.css
    assert (
        ".tm-letter table.grid td{padding:4px 8px;border:1px solid #cccccc;"
        "background-color:rgb(250, 250, 250)}" in clean.css
    )
    assert "@media (max-width: 600px){.tm-letter table.grid{width:100%}}" in clean.css
    document = frame_document(clean)
    assert f"<style>{clean.css}</style></head>" in document
    assert '<body><div class="tm-letter"><p class="hdr">' in document


@pytest.mark.parametrize(
    "css",
    [
        "@import url(https://evil.example/a.css);",
        "@import 'https://evil.example/a.css';",
        ".a{background:url(https://evil.example/p.gif)}",
        ".a{background-image:url('data:image/png;base64,AAAA')}",
        ".a{background:image-set('https://evil.example/p.png' 1x)}",
        ".a{width:expression(alert(1))}",
        ".a{color:red;behavior:url(x.htc);-moz-binding:url(x.xml)}",
        ".a{background:u\\72l(https://evil.example/p.gif)}",
        ".a{position:fixed;z-index:9999;top:0}",
        "@font-face{font-family:x;src:url(https://evil.example/f.woff)}",
        "@media screen{.a{background:url(https://evil.example/m.gif)}}",
        ".a{color:var(--x)} .b{font-family:attr(title)}",
        "</style><script>top.document.title='PWNED'</script><style>",
        ".a{color:red}</style><img src=x onerror=alert(1)><style>.b{color:blue}",
    ],
)
def test_style_blocks_load_nothing_run_nothing_and_move_nothing(css):
    clean = sanitize(f"<style>{css}</style><p class=a>text</p>")
    document = frame_document(clean).replace(FRAME_STYLE, "").lower()  # the letter's part
    for banned in ("url(", "@import", "image-set", "expression", "behavior", "binding",
                   "evil.example", "position", "z-index", "\\", "var(", "attr(", "<script",
                   "onerror", "@font-face"):  # fmt: skip
        assert banned not in document, banned
    assert "<" not in clean.css and "text" in clean.html


def test_a_huge_or_unclosed_style_block_is_read_in_bounded_time():
    import time

    from shared_lib.reader.css import MAX_RULES, letter_css

    start = time.perf_counter()
    rules = letter_css("<style>" + ".a{color:red}" * 200_000 + "</style>")
    unclosed = letter_css("<style>" + "/*{" * 100_000 + "<style>" * 50_000)
    assert time.perf_counter() - start < 2.0
    assert rules.count("{") <= MAX_RULES and unclosed == ""


def test_lengths_in_the_frames_height_are_dropped_so_a_letter_cannot_grow_with_its_frame():
    clean = sanitize(
        '<div style="height:100vh;color:red;min-height: 50svh;width:10vw">x</div>'
        "<style>.a{height:100vh;color:red} .b{max-height:90dvh}</style>"
    )
    assert '<div style="color:red;width:10vw">x</div>' in clean.html
    assert clean.css == ".tm-letter .a{color:red}"


def test_container_units_and_media_on_the_frames_height_are_dropped_too():
    # cqh and the like are the small viewport's units when no container is around; a layout
    # that changes with the frame's height would make the viewer resize the frame for ever.
    clean = sanitize(
        '<div style="height:100cqh;color:red">x</div>'
        "<style>.a{min-height:100cqb;color:red} .b{height:50cqmin}"
        "@media (max-height: 500px){.c{height:2000px}}"
        "@media (min-aspect-ratio: 1/1){.c{height:10px}}"
        "@media screen and (orientation: portrait){.c{height:10px}}"
        "@media (max-width: 600px){.c{width:100%}}</style>"
    )
    assert '<div style="color:red">x</div>' in clean.html
    assert (
        clean.css
        == ".tm-letter .a{color:red}\n@media (max-width: 600px){.tm-letter .c{width:100%}}"
    )


def test_showing_or_hiding_the_quote_on_a_message_telegram_does_not_name_answers_anew(
    monkeypatch,
):
    """Telegram leaves out a pressed message it no longer gives bots (too old): the text the
    button promises comes as a new message instead of an edit, never nothing."""
    from shared_lib.bot import read_buttons
    from shared_lib.models import Account
    from shared_lib.reader.fetch import Owned
    from tests.unit.test_bot_first_hour import FakeStore, _app, _press

    content = read_letter(reader_letters.reply_with_quote("Report", "me@x.example"))
    new, rest = split_new_text(content.mail.text, "Anna Petrova")
    record = MailRecord(
        message_id="m1", thread_id="t", account="me@gmail.com", received_at="2026-12-01T10:00:00Z"
    )
    owned = Owned(record, Account(user_id=7, email="me@gmail.com", sealed_refresh_token="x"))
    reading = read_buttons.Reading(owned, content, new, rest)
    monkeypatch.setattr(read_buttons, "read_now", lambda ctx, message_id: reading)
    app = _app(FakeStore())

    _, shown = _press(app, "rq:m1")
    assert shown.method == "send" and reader_letters.QUOTED_SECRET in shown.text
    assert "Can you check it by Friday?" in shown.text  # the whole letter, as an edit would be
    _, hidden = _press(app, "rh:m1")
    assert hidden.method == "send" and reader_letters.QUOTED_SECRET not in hidden.text
    assert "Can you check it by Friday?" in hidden.text


def test_the_document_reference_states_the_readers_upload_limit():
    from shared_lib.models import DocumentRef
    from shared_lib.reader.attachments import MAX_UPLOAD

    doc = " ".join((DocumentRef.__doc__ or "").split())
    assert f"up to {MAX_UPLOAD // 2**20} MB, ``reader.attachments.MAX_UPLOAD``" in doc
