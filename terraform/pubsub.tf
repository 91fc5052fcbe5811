# Topics (names must match shared_lib.config.ALL_TOPICS) and the push subscriptions into
# telegram_webhook. gmail_push and digest_cron get their subscriptions from Eventarc
# (event_trigger in functions.tf).
locals {
  topics = ["gmail-push", "events", "outbox", "digest-tick", "outbox-dead-letter"]

  # Every push delivery carries an OIDC token of the invoker account with this audience: the
  # function's URL, in its predicted form so the function's own environment can carry it too.
  push_audience = local.function_urls["telegram_webhook"]

  outbox_max_delivery_attempts = 10
}

resource "google_pubsub_topic" "topic" {
  for_each = toset(local.topics)

  name   = each.key
  labels = local.labels

  depends_on = [google_project_service.api]
}

# Gmail's push service publishes {emailAddress, historyId} to gmail-push (users.watch).
resource "google_pubsub_topic_iam_member" "gmail_publisher" {
  topic  = google_pubsub_topic.topic["gmail-push"].id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:gmail-api-push@system.gserviceaccount.com"
}

# outbox -> telegram_webhook/outbox. Failures are retried with exponential backoff; after
# local.outbox_max_delivery_attempts the message moves to outbox-dead-letter.
resource "google_pubsub_subscription" "outbox_push" {
  name   = "outbox-to-telegram-webhook"
  topic  = google_pubsub_topic.topic["outbox"].id
  labels = local.labels

  # Pub/Sub waits this long for the HTTP answer: the function's timeout.
  ack_deadline_seconds       = local.functions["telegram_webhook"].timeout_seconds
  message_retention_duration = "604800s" # 7 days

  push_config {
    push_endpoint = "${google_cloudfunctions2_function.function["telegram_webhook"].url}/outbox"

    oidc_token {
      service_account_email = google_service_account.invoker.email
      audience              = local.push_audience
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.topic["outbox-dead-letter"].id
    max_delivery_attempts = local.outbox_max_delivery_attempts
  }

  expiration_policy {
    ttl = "" # never expire, however quiet the bot is
  }

  depends_on = [
    google_pubsub_topic_iam_member.dead_letter_publisher,
    google_service_account_iam_member.pubsub_token_creator,
  ]
}

# events -> telegram_webhook/events (account.connected and the like become outbox messages).
resource "google_pubsub_subscription" "events_push" {
  name   = "events-to-telegram-webhook"
  topic  = google_pubsub_topic.topic["events"].id
  labels = local.labels

  ack_deadline_seconds       = local.functions["telegram_webhook"].timeout_seconds
  message_retention_duration = "604800s"

  push_config {
    push_endpoint = "${google_cloudfunctions2_function.function["telegram_webhook"].url}/events"

    oidc_token {
      service_account_email = google_service_account.invoker.email
      audience              = local.push_audience
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_service_account_iam_member.pubsub_token_creator]
}

# Nothing that reaches the dead-letter topic is lost: it waits here (7 days) to be inspected
# and replayed (docs/DEPLOY.md, "Dead letters").
resource "google_pubsub_subscription" "outbox_dead_letter_hold" {
  name   = "outbox-dead-letter-hold"
  topic  = google_pubsub_topic.topic["outbox-dead-letter"].id
  labels = local.labels

  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = false

  expiration_policy {
    ttl = ""
  }
}

# Dead-lettering is done by the Pub/Sub service agent: it publishes to the dead-letter topic
# and acknowledges (subscriber) on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.topic["outbox-dead-letter"].id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

resource "google_pubsub_subscription_iam_member" "dead_letter_source_subscriber" {
  subscription = google_pubsub_subscription.outbox_push.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${google_project_service_identity.pubsub.email}"
}
