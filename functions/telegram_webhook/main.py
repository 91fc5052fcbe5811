"""Cloud Function ``telegram_webhook``: Telegram updates in, and the only sender to Telegram.

Routes: ``/webhook`` (Telegram), ``/outbox`` and ``/events`` (Pub/Sub push subscriptions),
``/app`` and ``/api/*`` (the settings page, a Telegram Mini App: ``shared_lib.webapp``).
Only the framework is imported at load time; Telemail's modules load on the first request.
"""

import functions_framework
from flask import Request

from shared_lib.logs import setup_logging

setup_logging()


@functions_framework.http
def telegram_webhook(request: Request) -> tuple[str, int, dict[str, str]]:
    # Imported on the first request, not at load time: a short cold start.
    from shared_lib import events, outbox, webapp
    from shared_lib.app import get_app
    from shared_lib.bot.webhook import handle_webhook
    from shared_lib.flask_adapter import (
        authenticate_push,
        limited_body,
        push_message,
        to_response,
    )
    from shared_lib.http import HttpResponse

    push_routes = {"/outbox": outbox.handle_push, "/events": events.handle_push}
    app = get_app()
    path = request.path.rstrip("/") or "/"
    if webapp.is_webapp_path(request.path):
        body = limited_body(request, webapp.MAX_BODY)
        if body is None:
            return to_response(webapp.too_large())
        web_request = webapp.WebRequest.of(
            request.method,
            request.path,
            request.headers.items(),
            request.args.to_dict(),
            body,
        )
        return to_response(webapp.handle(app, web_request))
    if request.method != "POST":
        return to_response(HttpResponse.text(405, "POST only"))
    if path == "/webhook":
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        return to_response(handle_webhook(app, secret, request.get_data()))
    handler = push_routes.get(path)
    if handler is None:
        return to_response(HttpResponse.text(404, "no such route"))
    refusal = authenticate_push(app.settings, request.headers.get("Authorization"))
    if refusal is not None:
        return to_response(refusal)
    message = push_message(request.get_json(silent=True))
    if isinstance(message, HttpResponse):
        return to_response(message)
    return to_response(handler(app, message))
