"""Cloud Function ``oauth_callback``: ``/start`` (to Google's consent), ``/callback``, and
``POST /disown`` (the consenting person takes the mailbox off a Telegram account not theirs).

Only the framework is imported at load time; Telemail's modules (and the Google client
libraries they use) load on the first request, which keeps the cold start short.
"""

import functions_framework
from flask import Request

from shared_lib.logs import setup_logging

setup_logging()


@functions_framework.http
def oauth_callback(request: Request) -> tuple[str, int, dict[str, str]]:
    from shared_lib import connect
    from shared_lib.app import get_app
    from shared_lib.flask_adapter import to_response
    from shared_lib.http import HttpResponse

    app = get_app()
    path = request.path.rstrip("/") or "/"
    accept_language = request.headers.get("Accept-Language")
    if path == "/disown":
        if request.method != "POST":
            return to_response(HttpResponse.text(405, "POST only"))
        return to_response(connect.disown(app, request.form.to_dict(), accept_language))
    if request.method != "GET":
        return to_response(HttpResponse.text(405, "GET only"))
    if path == "/start":
        return to_response(connect.start(app, request.args.get("state"), accept_language))
    if path == "/callback":
        return to_response(connect.callback(app, request.args.to_dict(), accept_language))
    return to_response(HttpResponse.text(404, "no such route"))
