"""Cloud Function ``gmail_push``: Gmail's push notifications (Pub/Sub via Eventarc)."""

import functions_framework
from cloudevents.http import CloudEvent

from shared_lib.app import get_app
from shared_lib.gmail_sync import handle_push
from shared_lib.logs import setup_logging

setup_logging()


@functions_framework.cloud_event
def gmail_push(event: CloudEvent) -> None:
    handle_push(get_app(), event.data)
