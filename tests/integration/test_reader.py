"""📖 Read and the letter viewer on the local stack: the letter is fetched from Gmail at the
press, shown without its quote, split, its attachments sent as documents; only the user's own
letters can be read, and nothing of a letter is written to Firestore."""

from __future__ import annotations

import hashlib
import time
from email import message_from_bytes

import pytest
import requests

from telemail_local.scripted_user import connect
from telemail_local.stack import LocalStack
from tests import letters, reader_letters

pytestmark = pytest.mark.integration
WAIT = 30


def _connected(stack: LocalStack, user_id: int, lang: str = "en") -> str:
    address = f"user{user_id}@gmail.example"
    stack.google.add_account(address, f"User {user_id}")
    connect(stack, user_id, address, lang)
    return address


def _wait(stack: LocalStack, user_id: int, test, timeout: float = WAIT) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in stack.telegram.bot_messages(user_id) if test(m)]
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError("the bot did not answer")


def _delivered(stack: LocalStack, user_id: int, address: str, raw: bytes, subject: str):
    """Deliver a letter; return (Gmail id, its notification)."""
    stored = stack.gmail.deliver(address, raw)
    (note,) = _wait(stack, user_id, lambda m: subject in m.plain and not m.plain.startswith("📖"))
    return stored.id, note


def _buttons(message) -> list[dict]:
    return [b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


def _read(stack: LocalStack, user_id: int, note, gmail_id: str) -> list:
    before = {m.message_id for m in stack.telegram.bot_messages(user_id)}
    stack.telegram.user_clicks(user_id, note.message_id, f"read:{gmail_id}")
    _wait(stack, user_id, lambda m: m.message_id not in before)
    time.sleep(0.5)  # every part of the answer is sent in one outbox message, in order
    return [m for m in stack.telegram.bot_messages(user_id) if m.message_id not in before]


def _gets(stack: LocalStack, gmail_id: str) -> int:
    return sum(1 for path in stack.gmail.requests if path.endswith(f"/messages/{gmail_id}"))


def test_read_sends_the_new_text_with_its_links_and_without_the_quote_or_signature(
    stack, user_id, firestore_db
):
    address = _connected(stack, user_id)
    subject = f"Report {user_id}"
    gmail_id, note = _delivered(
        stack, user_id, address, reader_letters.reply_with_quote(subject, address), subject
    )
    assert any(b.get("callback_data") == f"read:{gmail_id}" for b in _buttons(note))
    record_before = firestore_db.document(f"users/{user_id}/mail/{gmail_id}").get().to_dict()
    gets_before = _gets(stack, gmail_id)

    (answer,) = _read(stack, user_id, note, gmail_id)

    assert answer.plain.startswith(f"📖 {subject}")
    assert "Can you check it by Friday?" in answer.plain
    assert reader_letters.QUOTED_SECRET not in answer.plain and "Thanks," not in answer.plain
    assert '<a href="https://example.com/r?a=1&amp;b=2">' in answer.text
    assert _gets(stack, gmail_id) == gets_before + 1  # one Gmail fetch per press
    # nothing of the letter was written: the record is as it was
    assert firestore_db.document(f"users/{user_id}/mail/{gmail_id}").get().to_dict() == (
        record_before
    )
    (toggle,) = [b for b in _buttons(answer) if b.get("callback_data") == f"rq:{gmail_id}"]

    stack.telegram.user_clicks(user_id, answer.message_id, toggle["callback_data"])
    (shown,) = _wait(stack, user_id, lambda m: m.message_id == answer.message_id and m.edited
                     and reader_letters.QUOTED_SECRET in m.plain)  # fmt: skip
    assert "Thanks," in shown.plain
    assert any(b.get("callback_data") == f"rh:{gmail_id}" for b in _buttons(shown))

    stack.telegram.user_clicks(user_id, answer.message_id, f"rh:{gmail_id}")
    _wait(stack, user_id, lambda m: m.message_id == answer.message_id
          and reader_letters.QUOTED_SECRET not in m.plain)  # fmt: skip


def test_a_long_letter_is_split_into_three_messages_then_the_viewer(stack, user_id):
    address = _connected(stack, user_id)
    subject = f"Long {user_id}"
    gmail_id, note = _delivered(
        stack, user_id, address, reader_letters.long_letter(subject, address), subject
    )
    answer = _read(stack, user_id, note, gmail_id)
    assert len(answer) == 3
    assert all(len(m.text) <= 4096 for m in answer)
    assert answer[0].plain.startswith(f"📖 {subject}") and "Paragraph 0:" in answer[0].plain
    numbers = [
        int(p.split(":")[0].split()[-1]) for m in answer for p in m.plain.split("Paragraph ")[1:]
    ]
    assert numbers == sorted(numbers) and numbers[0] == 0  # in order, whole paragraphs
    (viewer,) = [b for b in _buttons(answer[-1]) if "web_app" in b]
    assert viewer["web_app"]["url"].endswith(f"/app/viewer?m={gmail_id}")
    assert not _buttons(answer[0])


def test_an_attachment_is_fetched_from_gmail_and_sent_as_a_document(stack, user_id):
    address = _connected(stack, user_id)
    subject = f"Contract {user_id}"
    raw = letters.with_attachment(subject, address)
    gmail_id, note = _delivered(stack, user_id, address, raw, subject)
    (answer,) = _read(stack, user_id, note, gmail_id)
    (button,) = [b for b in _buttons(answer) if b.get("callback_data", "").startswith("att:")]
    assert "contract.pdf" in button["text"]
    assert len(button["callback_data"].encode()) <= 64

    stack.telegram.user_clicks(user_id, answer.message_id, button["callback_data"])
    (sent,) = _wait(stack, user_id, lambda m: m.document is not None)
    original = next(p for p in message_from_bytes(raw).walk() if p.get_filename())
    data = original.get_payload(decode=True)
    assert sent.document["name"] == "contract.pdf"
    assert sent.document["sha256"] == hashlib.sha256(data).hexdigest()
    assert any("/attachments/" in path for path in stack.gmail.requests)


def test_a_deleted_letter_or_a_revoked_grant_gets_a_clear_answer(stack, user_id, firestore_db):
    address = _connected(stack, user_id, lang="ru")
    subject = f"Gone {user_id}"
    gmail_id, note = _delivered(stack, user_id, address, letters.plain(subject, address), subject)
    del stack.gmail.mailbox(address).messages[gmail_id]
    (answer,) = _read(stack, user_id, note, gmail_id)
    assert answer.plain == "Этого письма больше нет в Gmail: оно удалено."
    viewer = _letter_api(stack, user_id, gmail_id)
    assert viewer.status_code == 410
    assert viewer.json()["message"] == "Этого письма больше нет в Gmail: оно удалено."

    subject = f"Revoked {user_id}"
    gmail_id, note = _delivered(stack, user_id, address, letters.plain(subject, address), subject)
    stack.google.revoke_all(address)
    answer = _read(stack, user_id, note, gmail_id)
    assert any("письмо не прочитать" in m.plain for m in answer)
    account = firestore_db.document(f"users/{user_id}/accounts/{address}").get().to_dict()
    assert account["status"] == "revoked"  # and the user is told once, with a reconnect button
    gets = _gets(stack, gmail_id)
    answer = _read(stack, user_id, note, gmail_id)  # known revoked: Gmail is not asked again
    assert [m.plain for m in answer if "письмо не прочитать" in m.plain] and gets == _gets(
        stack, gmail_id
    )


def _letter_api(
    stack: LocalStack, user_id: int, gmail_id: str, query: str = ""
) -> requests.Response:
    init_data = stack.telegram.webapp_init_data(user_id)
    return requests.get(
        f"{stack.function_url('telegram_webhook')}/api/letter?m={gmail_id}{query}",
        headers={"Authorization": f"tma {init_data}"},
        timeout=30,
    )


def test_the_viewer_shows_only_the_users_own_letters(stack, user_id):
    address = _connected(stack, user_id)
    subject = f"Newsletter {user_id}"
    gmail_id, _note = _delivered(
        stack, user_id, address, reader_letters.newsletter(subject, address), subject
    )
    other = user_id + 700_000  # a user no other test uses
    other_address = _connected(stack, other)
    other_id, _ = _delivered(
        stack,
        other,
        other_address,
        letters.plain(f"Other {other}", other_address),
        f"Other {other}",
    )

    gets = _gets(stack, gmail_id), _gets(stack, other_id)
    assert _letter_api(stack, other, gmail_id).status_code == 404  # another user's letter
    assert _letter_api(stack, user_id, other_id).status_code == 404
    assert _letter_api(stack, user_id, "../../x").status_code == 404
    assert (_gets(stack, gmail_id), _gets(stack, other_id)) == gets  # nothing fetched

    answer = _letter_api(stack, user_id, gmail_id)
    assert answer.status_code == 200
    letter = answer.json()
    assert _gets(stack, gmail_id) == gets[0] + 1
    assert letter["subject"] == subject and letter["cc"][0]["email"] == "boss@corp.example"
    assert letter["blocked"] == {"images": 1, "trackers": 1}
    assert "images.digest.example" not in letter["document"]
    assert "data:image/png;base64," in letter["document"]  # the embedded logo
    assert "default-src 'none'" in letter["document"]

    loaded = _letter_api(stack, user_id, gmail_id, "&images=1").json()
    assert "images.digest.example/hero.jpg" in loaded["document"]
    assert "sendgrid" not in loaded["document"]  # the tracking pixel stays blocked


def test_always_load_pictures_is_a_per_sender_preference_and_attachments_go_to_the_chat(
    stack, user_id, firestore_db
):
    address = _connected(stack, user_id)
    subject = f"Digest {user_id}"
    gmail_id, _ = _delivered(
        stack, user_id, address, reader_letters.newsletter(subject, address), subject
    )
    init_data = stack.telegram.webapp_init_data(user_id)
    base = f"{stack.function_url('telegram_webhook')}/api/letter"
    headers = {"Authorization": f"tma {init_data}"}
    other = requests.post(
        f"{base}/images?m={gmail_id}",
        headers={"Authorization": f"tma {stack.telegram.webapp_init_data(user_id + 800_000)}"},
        timeout=30,
    )
    assert other.status_code in (401, 404)  # not registered / not their letter
    answer = requests.post(f"{base}/images?m={gmail_id}", headers=headers, timeout=30)
    assert answer.status_code == 200
    rules = firestore_db.document(f"users/{user_id}/rules/current").get().to_dict()
    assert rules["image_senders"] == ["news@digest.example"]
    letter = _letter_api(stack, user_id, gmail_id).json()
    assert letter["always_images"] and letter["blocked"] == {"images": 0, "trackers": 1}
    assert "images.digest.example/hero.jpg" in letter["document"]
    assert "sendgrid" not in letter["document"]

    subject = f"Files {user_id}"
    raw = letters.with_attachment(subject, address)
    files_id, _ = _delivered(stack, user_id, address, raw, subject)
    (attachment,) = _letter_api(stack, user_id, files_id).json()["attachments"]
    assert attachment["filename"] == "contract.pdf" and attachment["size_text"] == "1 KB"
    sent = requests.post(
        f"{base}/attachment?m={files_id}&part={attachment['part_id']}", headers=headers, timeout=30
    )
    assert sent.status_code == 202
    (document,) = _wait(stack, user_id, lambda m: m.document is not None)
    assert document.document["name"] == "contract.pdf"
