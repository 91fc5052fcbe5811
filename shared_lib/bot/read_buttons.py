"""The 📖 Read button and its follow-ups: the letter's new text in the chat, fetched live.

Callback data carries only ids (at most 64 bytes): ``read:<id>`` (read the new text),
``rq:<id>`` / ``rh:<id>`` (show / hide the quoted part, signature and footer), and
``att:<id>:<part id>`` (send an attachment as a document). Each press costs one Gmail fetch;
nothing of the letter is written anywhere: it goes to the outbox and from there to Telegram.

A long letter is split at paragraphs into at most ``MAX_MESSAGES`` messages, sent in order as
one outbox message (``parts``); the rest is in the viewer (a Mini App) behind "Continue in the
viewer".
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

from shared_lib.bot.context import ButtonHandler, CallbackContext
from shared_lib.i18n import t
from shared_lib.models import Button, Lang, MailRecord, OutboxMessage
from shared_lib.notification import gmail_url
from shared_lib.reader.attachments import document_message, human_size
from shared_lib.reader.fetch import Owned, ReadProblem, fetch_raw, owned_letter
from shared_lib.reader.letter import LetterContent, read_letter
from shared_lib.reader.new_text import split_new_text
from shared_lib.reader.telegram import LIMIT, html_text_with_links, render, split_messages
from shared_lib.safe_text import escape_html

MAX_MESSAGES = 3
MAX_ATTACHMENT_BUTTONS = 5
MAX_CALLBACK = 64
MAX_SUBJECT = 300
MAX_READ_BUTTONS = 10  # under a /history list
MAX_LABEL = 24


@dataclass(frozen=True)
class Reading:
    """A letter fetched for one press: its record and mailbox, and its text split in two."""

    owned: Owned
    content: LetterContent
    new: str
    rest: str


def read_now(ctx: CallbackContext, message_id: str) -> Reading:
    """Fetch the user's letter from Gmail now (ReadProblem when it cannot be read)."""
    owned = owned_letter(ctx.app, ctx.user.user_id, message_id)
    content = read_letter(fetch_raw(ctx.app, owned))
    text = content.mail.text
    if content.mail.text_source == "html" and content.html:
        text = html_text_with_links(content.html) or text
    new, rest = split_new_text(text, content.mail.sender.name or owned.record.sender_name)
    return Reading(owned, content, new, rest)


def viewer_url(ctx: CallbackContext, message_id: str) -> str | None:
    base = ctx.app.settings.settings_page_url.rstrip("/")
    return f"{base}/viewer?m={quote(message_id)}" if base else None


def _header(ctx: CallbackContext, reading: Reading) -> str:
    record, lang = reading.owned.record, ctx.user.lang
    subject = reading.content.mail.subject or record.subject or t(lang, "mail.no_subject")
    if len(subject) > MAX_SUBJECT:
        subject = subject[: MAX_SUBJECT - 1] + "…"
    sender = reading.content.mail.sender
    who = sender.name or sender.email or record.sender_name or record.sender_email
    if sender.email and sender.email != who:
        who = f"{who} <{sender.email}>"
    return f"📖 <b>{escape_html(subject)}</b>\n{t(lang, 'reader.from', sender=who)}\n\n"


def _buttons(
    ctx: CallbackContext, reading: Reading, *, quoted_shown: bool, cut: bool
) -> list[list[Button]]:
    lang, message_id = ctx.user.lang, reading.owned.record.message_id
    rows: list[list[Button]] = []
    if reading.rest:
        key, prefix = (
            ("reader.button.hide_quoted", "rh")
            if quoted_shown
            else ("reader.button.show_quoted", "rq")
        )
        rows.append([Button(text=t(lang, key), callback_data=f"{prefix}:{message_id}")])
    for attachment in reading.content.attachments[:MAX_ATTACHMENT_BUTTONS]:
        data = f"att:{message_id}:{attachment.part_id}"
        if len(data.encode()) <= MAX_CALLBACK:
            label = t(
                lang,
                "reader.button.attachment",
                name=attachment.filename[:40],
                size=human_size(attachment.size),
            )
            rows.append([Button(text=html.unescape(label), callback_data=data)])
    url = viewer_url(ctx, message_id)
    if url is not None:
        key = "reader.button.viewer" if cut else "reader.button.open_viewer"
        rows.append([Button(text=t(lang, key), web_app=url)])
    else:
        rows.append(
            [Button(text=t(lang, "reader.button.gmail"), url=gmail_url(reading.owned.record))]
        )
    return rows


def _new_text_messages(ctx: CallbackContext, reading: Reading) -> tuple[list[str], bool]:
    header = _header(ctx, reading)
    if not reading.new.strip():
        return [header + f"<i>{t(ctx.user.lang, 'reader.empty')}</i>"], False
    messages, cut = split_messages(reading.new, LIMIT, MAX_MESSAGES, first_budget=len(header))
    messages[0] = header + messages[0]
    if cut:
        key = (
            "reader.cut"
            if viewer_url(ctx, reading.owned.record.message_id)
            else "reader.cut_no_viewer"
        )
        note = f"\n\n<i>{t(ctx.user.lang, key)}</i>"
        if len(messages[-1]) + len(note) <= LIMIT:
            messages[-1] += note
    return messages, cut


def _with_quote(ctx: CallbackContext, reading: Reading) -> str | None:
    """The new text with the quoted part in one message, or None when it does not fit."""
    messages, cut = _new_text_messages(ctx, reading)
    if cut or len(messages) != 1:
        return None
    label = t(ctx.user.lang, "reader.quoted")
    quoted = f"\n\n<i>{label}</i>\n<blockquote>{render(reading.rest)}</blockquote>"
    text = messages[0] + quoted
    return text if len(text) <= LIMIT else None


def _problem(ctx: CallbackContext, problem: ReadProblem) -> list[OutboxMessage]:
    return [ctx.toast(problem.key), ctx.send(t(ctx.user.lang, problem.key))]


def on_read(ctx: CallbackContext) -> list[OutboxMessage]:
    """📖 Read: the letter's new text, in at most three messages."""
    try:
        reading = read_now(ctx, ctx.data)
    except ReadProblem as problem:
        return _problem(ctx, problem)
    messages, cut = _new_text_messages(ctx, reading)
    reply = ctx.send(messages[0], _buttons(ctx, reading, quoted_shown=False, cut=cut))
    return [ctx.answer(), reply.model_copy(update={"parts": messages[1:]})]


def on_show_quoted(ctx: CallbackContext) -> list[OutboxMessage]:
    """Show the quoted part: in the same message when it fits, else as new messages."""
    try:
        reading = read_now(ctx, ctx.data)
    except ReadProblem as problem:
        return _problem(ctx, problem)
    if not reading.rest:
        return [ctx.toast("reader.no_quoted")]
    whole = _with_quote(ctx, reading)
    if whole is not None:
        return [ctx.answer(), ctx.edit(whole, _buttons(ctx, reading, quoted_shown=True, cut=False))]
    title = f"<i>{t(ctx.user.lang, 'reader.quoted')}</i>\n\n"
    messages, cut = split_messages(reading.rest, LIMIT, MAX_MESSAGES, first_budget=len(title))
    messages[0] = title + messages[0]
    rows = []
    url = viewer_url(ctx, reading.owned.record.message_id)
    if cut and url is not None:
        rows.append([Button(text=t(ctx.user.lang, "reader.button.viewer"), web_app=url)])
    reply = ctx.send(messages[0], rows).model_copy(update={"parts": messages[1:]})
    return [ctx.answer(), reply]


def on_hide_quoted(ctx: CallbackContext) -> list[OutboxMessage]:
    """Back to the new text only (the message showed the quoted part too)."""
    try:
        reading = read_now(ctx, ctx.data)
    except ReadProblem as problem:
        return _problem(ctx, problem)
    messages, cut = _new_text_messages(ctx, reading)
    if cut:
        return [ctx.answer()]
    return [
        ctx.answer(),
        ctx.edit(messages[0], _buttons(ctx, reading, quoted_shown=False, cut=cut)),
    ]


def on_attachment(ctx: CallbackContext) -> list[OutboxMessage]:
    """📎: the attachment as a document; the outbox fetches it from Gmail when it sends."""
    message_id, _, part_id = ctx.data.partition(":")
    try:
        owned_letter(ctx.app, ctx.user.user_id, message_id)
    except ReadProblem as problem:
        return _problem(ctx, problem)
    return [
        ctx.toast("reader.attachment.sending"),
        document_message(ctx.user, message_id, part_id, f"doc:{ctx.update.update_id}"),
    ]


def read_rows(records: list[MailRecord], lang: Lang) -> list[list[Button]]:
    """📖 buttons for a list of letters (/history), two to a row, labelled by subject."""
    buttons = [
        Button(
            text=f"📖 {_label(record.subject or t(lang, 'mail.no_subject'))}",
            callback_data=f"read:{record.message_id}",
        )
        for record in records[:MAX_READ_BUTTONS]
        if len(f"read:{record.message_id}".encode()) <= MAX_CALLBACK
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _label(subject: str) -> str:
    subject = " ".join(subject.split())
    return subject if len(subject) <= MAX_LABEL else subject[: MAX_LABEL - 1] + "…"


BUTTONS: dict[str, ButtonHandler] = {
    "read": on_read,
    "rq": on_show_quoted,
    "rh": on_hide_quoted,
    "att": on_attachment,
}
