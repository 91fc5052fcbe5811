"""Cloud Function ``gmail_push``: Gmail's push notifications (Pub/Sub via Eventarc).

Only the framework is imported at load time; the sync (Firestore, the Gmail client, the parser
and the analysis) loads on the first event, which keeps the cold start short.
"""

import functions_framework
from cloudevents.http import CloudEvent

from shared_lib.logs import setup_logging

setup_logging()


@functions_framework.cloud_event
def gmail_push(event: CloudEvent) -> None:
    from shared_lib.app import get_app
    from shared_lib.gmail_sync import handle_push

    handle_push(get_app(), event.data)
