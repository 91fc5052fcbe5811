"""A Telegram Bot API stand-in that speaks the real wire protocol.

Bot side (what python-telegram-bot calls): ``/bot<token>/<method>`` for getMe, sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, sendDocument (multipart),
setWebhook, deleteWebhook, getWebhookInfo. Messages are checked as Telegram checks them (HTML
entities, 4096 characters) and recorded.

User side (what a person in a chat does, for the browser chat page and the tests):
``POST /_user/send`` and ``POST /_user/click`` turn into Updates delivered to the bot's webhook
with its secret token, as Telegram delivers them; ``GET /_user/messages?chat_id=&answers_after=``
reads the chat (each message with its edit ``version``) and the answers to the chat's button
presses after the given one (``answers``: the toast ``text``, ``show_alert`` for a dialog).
``GET /_user/webapp?user_id=&url=`` opens a ``web_app`` button's Mini App as Telegram does: it
redirects to ``url#tgWebAppData=<initData signed with the bot token>&tgWebAppVersion=7.0``.
``POST /_control/faults`` makes the next calls of a method fail (429 with retry_after, 500).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

import requests
from flask import Flask, Response, jsonify, request

ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
MAX_TEXT = 4096
MAX_UPLOAD = 50 * 1024 * 1024  # what a bot may send
WEB_APP_VERSION = "7.0"


class EntityError(ValueError):
    pass


class _TelegramHtml(HTMLParser):
    """Validates Telegram's HTML subset and collects the plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise EntityError(f'can\'t parse entities: Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise EntityError(f'can\'t parse entities: Unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def plain_text_of(html_text: str) -> str:
    parser = _TelegramHtml()
    parser.feed(html_text)
    parser.close()
    if parser.stack:
        raise EntityError(f'can\'t parse entities: Unclosed start tag "{parser.stack[-1]}"')
    return unescape("".join(parser.text))


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Mini App initData as Telegram makes it: the fields plus ``hash``, the hex
    HMAC-SHA256 of the sorted ``key=value`` lines under HMAC-SHA256("WebAppData", bot_token)."""
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class ChatMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    text: str  # as sent: HTML for the bot's messages
    plain: str
    date: int
    reply_markup: dict[str, Any] | None = None
    edited: bool = False
    document: dict[str, Any] | None = None  # sendDocument: {"name", "size", "sha256"}
    version: int = 0  # how many times it was edited

    def as_dict(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "from_bot": self.from_bot,
            "text": self.text,
            "plain": self.plain,
            "date": self.date,
            "reply_markup": self.reply_markup,
            "edited": self.edited,
            "document": self.document,
            "version": self.version,
        }


@dataclass
class Fault:
    method: str
    status: int
    count: int
    retry_after: int = 1


@dataclass
class TelegramStandIn:
    """The state of the fake Telegram: one bot, many chats."""

    token: str
    bot_id: int = 7_000_000_001
    bot_username: str = "telemail_local_bot"
    webhook_url: str = ""
    webhook_secret: str = ""
    messages: list[ChatMessage] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    _callback_chats: dict[str, int] = field(default_factory=dict)  # query id -> chat
    calls: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _updates: itertools.count = field(default_factory=lambda: itertools.count(100_000))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Seconds between redeliveries of an update the webhook did not take (Telegram retries too)
    redelivery_delays: tuple[float, ...] = (1, 2, 4, 8, 16)
    last_webhook_error: str = ""
    _pending: dict[int, dict[str, Any]] = field(default_factory=dict)

    # bot side --------------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any]) -> Any:
        with self._lock:
            self.calls.append(method)
            for fault in self.faults:
                if fault.method in (method, "*") and fault.count > 0:
                    fault.count -= 1
                    if fault.status == 429:
                        raise ApiError(
                            429,
                            f"Too Many Requests: retry after {fault.retry_after}",
                            fault.retry_after,
                        )
                    raise ApiError(fault.status, "Internal Server Error")
        handler = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params)

    def api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Telemail",
            "username": self.bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def api_setwebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = str(params.get("url", ""))
        self.webhook_secret = str(params.get("secret_token", ""))
        return True

    def api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        return True

    def api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.last_webhook_error:
            info["last_error_message"] = self.last_webhook_error
        return info

    def _checked_text(self, params: dict[str, Any]) -> tuple[str, str]:
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            try:
                plain = plain_text_of(text)
            except EntityError as exc:
                raise ApiError(400, f"Bad Request: {exc}") from exc
        else:
            plain = text
        if len(plain) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text, plain

    def _bot_message_dict(self, msg: ChatMessage) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": self.api_getme({}),
            "chat": {"id": msg.chat_id, "type": "private"},
            "date": msg.date,
            "text": msg.plain,
        }
        if msg.reply_markup:
            result["reply_markup"] = msg.reply_markup
        if msg.edited:
            result["edit_date"] = int(time.time())
        return result

    def api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        if chat_id <= 0:
            raise ApiError(400, "Bad Request: chat not found")
        text, plain = self._checked_text(params)
        return self._bot_message_dict(self._post(chat_id, text, plain, params))

    def _post(
        self, chat_id: int, text: str, plain: str, params: dict[str, Any], **extra: Any
    ) -> ChatMessage:
        """A new bot message in the chat, with the request's keyboard if it has one."""
        markup = params.get("reply_markup")
        with self._lock:
            msg = ChatMessage(
                next(self._ids),
                chat_id,
                True,
                text,
                plain,
                int(time.time()),
                markup if isinstance(markup, dict) else None,
                **extra,
            )
            self.messages.append(msg)
        return msg

    def _edit(self, params: dict[str, Any], text: str | None, plain: str | None) -> dict[str, Any]:
        """Edit a bot message in place: its text (unless None) and its keyboard."""
        chat_id, message_id = int(params.get("chat_id", 0)), int(params.get("message_id", 0))
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) else None
        with self._lock:
            for msg in self.messages:
                if msg.chat_id == chat_id and msg.message_id == message_id and msg.from_bot:
                    if (text is None or msg.text == text) and msg.reply_markup == markup:
                        raise ApiError(400, "Bad Request: message is not modified")
                    if text is not None and plain is not None:
                        msg.text, msg.plain = text, plain
                    msg.reply_markup, msg.edited = markup, True
                    msg.version += 1
                    return self._bot_message_dict(msg)
        raise ApiError(400, "Bad Request: message to edit not found")

    def api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        text, plain = self._checked_text(params)
        return self._edit(params, text, plain)

    def api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit(params, None, None)

    def api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        """A file upload (multipart): recorded by name and size, shown as a 📄 line."""
        chat_id = int(params.get("chat_id", 0))
        upload = params.get("document")
        if chat_id <= 0:
            raise ApiError(400, "Bad Request: chat not found")
        if not isinstance(upload, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        if upload["size"] > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        caption = str(params.get("caption") or "")
        text = f"📄 {upload['name']} ({upload['size']} bytes)" + (f"\n{caption}" if caption else "")
        msg = self._post(chat_id, text, text, params, document=upload)
        result = self._bot_message_dict(msg)
        result["document"] = {
            "file_id": f"doc{msg.message_id}",
            "file_unique_id": f"doc{msg.message_id}",
            "file_name": upload["name"],
            "file_size": upload["size"],
        }
        return result

    def api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        answer = dict(params)
        show_alert = params.get("show_alert")
        answer["show_alert"] = show_alert in (True, "true", "True", "1")
        with self._lock:
            answer["chat_id"] = self._callback_chats.get(query_id, 0)
            self.callback_answers.append(answer)
        return True

    def answers(self, chat_id: int, after: int = 0) -> list[dict[str, Any]]:
        """Answers to button presses in a chat, numbered from 1, those after number ``after``."""
        with self._lock:
            found = [a for a in self.callback_answers if a.get("chat_id") == chat_id]
        return [
            {"n": n, "text": str(a.get("text") or ""), "show_alert": a["show_alert"]}
            for n, a in enumerate(found, 1)
            if n > after
        ]

    # user side -------------------------------------------------------------------------

    def _deliver(self, update: dict[str, Any]) -> int:
        """Post the update to the webhook; one it does not take is redelivered later, as
        Telegram does (unlike Telegram, later updates are not held back meanwhile)."""
        if not self.webhook_url:
            raise ApiError(409, "Conflict: the bot has no webhook set")
        status = self._post_update(update)
        if not 200 <= status < 300 and self.redelivery_delays:
            with self._lock:
                self._pending[update["update_id"]] = update
            threading.Thread(target=self._redeliver, args=(update,), daemon=True).start()
        return status

    def _post_update(self, update: dict[str, Any]) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret}
        try:
            response = requests.post(self.webhook_url, json=update, headers=headers, timeout=30)
        except requests.RequestException as exc:
            self.last_webhook_error = f"Connection failed: {type(exc).__name__}"
            return 502  # the webhook is down (the stack is stopping or not up yet)
        if not 200 <= response.status_code < 300:
            self.last_webhook_error = f"Wrong response from the webhook: {response.status_code}"
        return response.status_code

    def _redeliver(self, update: dict[str, Any]) -> None:
        try:
            for delay in self.redelivery_delays:
                time.sleep(delay)
                if self.webhook_url and 200 <= self._post_update(update) < 300:
                    return
        finally:
            with self._lock:
                self._pending.pop(update["update_id"], None)

    def user_sends(
        self, user_id: int, text: str, first_name: str = "Test", language_code: str = "en"
    ) -> dict[str, Any]:
        """A person writes ``text`` to the bot in their private chat."""
        with self._lock:
            msg = ChatMessage(next(self._ids), user_id, False, text, text, int(time.time()))
            self.messages.append(msg)
            update_id = next(self._updates)
        tg_user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        message: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": tg_user,
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "date": msg.date,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        update = {"update_id": update_id, "message": message}
        return {"update_id": update_id, "webhook_status": self._deliver(update)}

    def user_clicks(
        self, user_id: int, message_id: int, data: str, language_code: str = "en"
    ) -> dict[str, Any]:
        """A person presses an inline button with ``callback_data`` under a bot message."""
        with self._lock:
            update_id = next(self._updates)
            msg = next((m for m in self.messages if m.message_id == message_id), None)
            self._callback_chats[str(update_id)] = user_id
        if msg is None:
            raise ApiError(400, "Bad Request: message not found")
        tg_user = {
            "id": user_id,
            "is_bot": False,
            "first_name": "Test",
            "language_code": language_code,
        }
        update = {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "from": tg_user,
                "chat_instance": str(user_id),
                "data": data,
                "message": self._bot_message_dict(msg),
            },
        }
        return {"update_id": update_id, "webhook_status": self._deliver(update)}

    def webapp_init_data(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str = "en",
        auth_date: int | None = None,
    ) -> str:
        """The initData Telegram hands a Mini App opened from an inline button by this user."""
        user = {
            "id": user_id,
            "first_name": first_name,
            "language_code": language_code,
            "allows_write_to_pm": True,
        }
        fields = {
            "query_id": "AA" + secrets.token_urlsafe(16),
            "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
            "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        }
        return sign_init_data(fields, self.token)

    def webapp_launch_url(
        self, url: str, user_id: int, first_name: str = "Test", language_code: str = "en"
    ) -> str:
        """Where Telegram points the Mini App's web view: launch parameters in the fragment."""
        init_data = self.webapp_init_data(user_id, first_name, language_code)
        params = {
            "tgWebAppData": init_data,
            "tgWebAppVersion": WEB_APP_VERSION,
            "tgWebAppPlatform": "web",
        }
        return url.split("#", 1)[0] + "#" + urlencode(params, quote_via=quote)

    def chat(self, chat_id: int) -> list[ChatMessage]:
        with self._lock:
            return [m for m in self.messages if m.chat_id == chat_id]

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.chat(chat_id) if m.from_bot]

    def wait_for_bot_messages(
        self, chat_id: int, count: int, timeout: float = 20
    ) -> list[ChatMessage]:
        """Wait until the bot has sent at least ``count`` messages to the chat."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.bot_messages(chat_id)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        webhook = self.last_webhook_error or "no webhook error"
        raise TimeoutError(
            f"chat {chat_id}: {len(self.bot_messages(chat_id))} bot messages, wanted {count} "
            f"within {timeout:g} s ({webhook}; {len(self._pending)} updates pending)"
        )


def _params() -> dict[str, Any]:
    if request.is_json:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}
    params: dict[str, Any] = {}
    for key, upload in request.files.items():  # sendDocument's multipart file
        data = upload.read()
        params[key] = {
            "name": upload.filename or "",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    for key, value in request.values.items():
        try:
            params[key] = json.loads(value) if key in {"reply_markup", "entities"} else value
        except ValueError:
            params[key] = value
    return params


def create_app(standin: TelegramStandIn) -> Flask:
    app = Flask("telegram-standin")

    @app.route("/bot<token>/<method>", methods=["GET", "POST"])
    def bot_api(token: str, method: str) -> tuple[Response, int]:
        if token != standin.token:
            return jsonify(ok=False, error_code=401, description="Unauthorized"), 401
        try:
            return jsonify(ok=True, result=standin.call(method, _params())), 200
        except ApiError as exc:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return jsonify(body), exc.code

    @app.post("/_user/send")
    def user_send() -> tuple[Response, int]:
        data = request.get_json(force=True)
        try:
            result = standin.user_sends(
                int(data["user_id"]),
                str(data["text"]),
                str(data.get("first_name", "Test")),
                str(data.get("language_code", "en")),
            )
        except ApiError as exc:
            return jsonify(ok=False, description=exc.description), exc.code
        return jsonify(ok=True, result=result), 200

    @app.post("/_user/click")
    def user_click() -> tuple[Response, int]:
        data = request.get_json(force=True)
        try:
            result = standin.user_clicks(
                int(data["user_id"]),
                int(data["message_id"]),
                str(data["data"]),
                str(data.get("language_code", "en")),
            )
        except ApiError as exc:
            return jsonify(ok=False, description=exc.description), exc.code
        return jsonify(ok=True, result=result), 200

    @app.get("/_user/messages")
    def user_messages() -> tuple[Response, int]:
        chat_id = int(request.args.get("chat_id", "0"))
        after = int(request.args.get("after", "0"))
        found = [m.as_dict() for m in standin.chat(chat_id) if m.message_id > after]
        answers = standin.answers(chat_id, int(request.args.get("answers_after", "0")))
        return jsonify(ok=True, result=found, answers=answers), 200

    @app.get("/_user/webapp")
    def user_webapp() -> Response | tuple[Response, int]:
        url, user_id = request.args.get("url", ""), request.args.get("user_id", "")
        if not url.startswith(("https://", "http://")) or not user_id.isdigit():
            return jsonify(ok=False, description="Bad Request: give user_id and http(s) url"), 400
        launch = standin.webapp_launch_url(
            url,
            int(user_id),
            request.args.get("first_name", "Test"),
            request.args.get("language_code", "en"),
        )
        if request.args.get("format") == "json":
            return jsonify(ok=True, result={"url": launch}), 200
        return Response(status=302, headers={"Location": launch})

    @app.post("/_control/faults")
    def add_fault() -> tuple[Response, int]:
        data = request.get_json(force=True)
        standin.faults.append(
            Fault(
                str(data["method"]),
                int(data["status"]),
                int(data.get("count", 1)),
                int(data.get("retry_after", 1)),
            )
        )
        return jsonify(ok=True), 200

    @app.get("/")
    def chat_page() -> Response:
        page = resources.files("telemail_local").joinpath("static/chat.html").read_text()
        return Response(page, mimetype="text/html")

    return app
