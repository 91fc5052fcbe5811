"""What Pub/Sub does for a push subscription with OIDC, which the emulator does not do.

The emulator pushes to this relay; the relay adds ``Authorization: Bearer <ID token>`` signed
by the Google stand-in (audience and service account as configured in Terraform) and forwards
the request to the function, passing its answer back so acks and retries work as in the cloud.
A function that cannot be reached (stopping, restarting) is a failed push, 503, as Pub/Sub
counts it: the message is pushed again later; a line goes to the log, not a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from flask import Flask, Response, request

from telemail_local.google_server import IdTokenSigner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PushTarget:
    url: str
    audience: str
    service_account: str


def create_app(signer: IdTokenSigner, targets: dict[str, PushTarget]) -> Flask:
    app = Flask("push-relay")
    session = requests.Session()

    @app.post("/push/<name>")
    def push(name: str) -> Response:
        target = targets.get(name)
        if target is None:
            return Response("no such subscription", 404)
        token = signer.sign(target.audience, target.service_account)
        try:
            upstream = session.post(
                target.url,
                data=request.get_data(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                timeout=120,
            )
        except requests.RequestException as exc:
            log.info("push %s: %s unreachable (%s)", name, target.url, type(exc).__name__)
            return Response("push endpoint unreachable", 503)
        return Response(upstream.content, upstream.status_code)

    return app
