# Least privilege: each function runs as its own service account with only what it uses;
# one invoker account carries the push and Eventarc deliveries.
locals {
  # "function/topic" => pair, for each topic a function publishes to.
  function_topics = {
    for pair in flatten([
      for name, fn in local.functions : [for topic in fn.publishes_to : { function = name, topic = topic }]
    ]) : "${pair.function}/${pair.topic}" => pair
  }

  # "function/secret" => pair, for each secret a function has mounted.
  function_secrets = {
    for pair in flatten([
      for name, fn in local.functions : [for secret in fn.secrets : { function = name, secret = secret }]
    ]) : "${pair.function}/${pair.secret}" => pair
  }

  # Functions the invoker account calls: push subscription targets and Eventarc triggers.
  invoker_functions = ["telegram_webhook", "gmail_push", "digest_cron"]
}

resource "google_service_account" "function" {
  for_each = local.functions

  account_id   = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  display_name = "Telemail ${each.key} (runtime)"

  depends_on = [google_project_service.api]
}

resource "google_project_iam_member" "function_firestore" {
  for_each = local.functions

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.function[each.key].email}"
}

resource "google_pubsub_topic_iam_member" "function_publisher" {
  for_each = local.function_topics

  topic  = google_pubsub_topic.topic[each.value.topic].id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_secret_manager_secret_iam_member" "function_accessor" {
  for_each = local.function_secrets

  secret_id = google_secret_manager_secret.secret[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

# The identity in the OIDC tokens of push deliveries (outbox, events) and of the Eventarc
# triggers (gmail-push, digest-tick).
resource "google_service_account" "invoker" {
  account_id   = "${var.name_prefix}-invoker"
  display_name = "Telemail push and Eventarc deliveries"

  depends_on = [google_project_service.api]
}

resource "google_cloud_run_service_iam_member" "invoker" {
  for_each = toset(local.invoker_functions)

  location = google_cloudfunctions2_function.function[each.key].location
  service  = google_cloudfunctions2_function.function[each.key].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.invoker.email}"
}

# Telegram and the users' browsers call these without Google credentials.
resource "google_cloud_run_service_iam_member" "public" {
  for_each = toset([for name, fn in local.functions : name if fn.public])

  location = google_cloudfunctions2_function.function[each.key].location
  service  = google_cloudfunctions2_function.function[each.key].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Pub/Sub signs the push OIDC tokens as the invoker account.
resource "google_service_account_iam_member" "pubsub_token_creator" {
  service_account_id = google_service_account.invoker.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.pubsub.email}"
}
