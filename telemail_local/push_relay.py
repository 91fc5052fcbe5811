"""What Pub/Sub does for a push subscription with OIDC, which the emulator does not do.

The emulator pushes to this relay; the relay adds ``Authorization: Bearer <ID token>`` signed
by the Google stand-in (audience and service account as configured in Terraform) and forwards
the request to the function, passing its answer back so acks and retries work as in the cloud.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import Flask, Response, request

from telemail_local.google_server import IdTokenSigner


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
        upstream = session.post(
            target.url,
            data=request.get_data(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            timeout=120,
        )
        return Response(upstream.content, upstream.status_code)

    return app
