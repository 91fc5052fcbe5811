"""The push relay: what Pub/Sub sees when a function cannot be reached."""

from __future__ import annotations

import logging

from telemail_local.google_server import IdTokenSigner
from telemail_local.procs import free_port
from telemail_local.push_relay import PushTarget, create_app


def test_a_push_to_a_function_that_is_down_fails_as_a_503_with_one_log_line(caplog):
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    target = PushTarget(url=f"{closed}/outbox", audience=closed, service_account="sa@x.iam")
    client = create_app(IdTokenSigner(), {"outbox-push": target}).test_client()
    with caplog.at_level(logging.INFO):
        response = client.post("/push/outbox-push", json={"message": {"data": ""}})
    assert response.status_code == 503  # Pub/Sub pushes it again later
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert not any(r.exc_info for r in caplog.records)
