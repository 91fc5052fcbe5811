"""Cloud Function ``digest_cron``: Cloud Scheduler's hourly tick and its shards (Pub/Sub).

Only the framework is imported at load time; the tick's modules load on the first event.
"""

import functions_framework
from cloudevents.http import CloudEvent

from shared_lib.logs import setup_logging

setup_logging()


@functions_framework.cloud_event
def digest_cron(event: CloudEvent) -> None:
    from shared_lib.app import get_app
    from shared_lib.tick import handle_tick

    handle_tick(get_app(), event.data)
