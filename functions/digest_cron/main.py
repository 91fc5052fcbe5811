"""Cloud Function ``digest_cron``: Cloud Scheduler's hourly tick (Pub/Sub via Eventarc)."""

import functions_framework
from cloudevents.http import CloudEvent

from shared_lib.app import get_app
from shared_lib.logs import setup_logging
from shared_lib.tick import handle_tick

setup_logging()


@functions_framework.cloud_event
def digest_cron(event: CloudEvent) -> None:
    handle_tick(get_app(), event.data)
