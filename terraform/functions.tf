# The four Cloud Functions (2nd gen). One entry per folder in functions/: the key is the folder
# name and the entry point; the deployed name is the key with '-' for '_' (Cloud Run names).
locals {
  functions = {
    telegram_webhook = {
      description = "Telegram updates (/webhook) and the outbox and events push subscriptions (/outbox, /events)."
      # Telegram calls it, so anyone may; /webhook checks Telegram's secret header.
      public        = true
      trigger_topic = null
      retry_policy  = null
      # oauth_client_secret, token_encryption_keys: 📖 Read and the viewer fetch the letter from Gmail
      secrets         = ["bot_token", "webhook_secret", "state_signing_key", "oauth_client_secret", "token_encryption_keys"]
      publishes_to    = ["outbox", "events"] # events: 📖 Read found the grant revoked
      memory          = "512Mi"
      timeout_seconds = 60
      max_instances   = 10
    }
    oauth_callback = {
      description     = "Google OAuth: /start redirects to consent, /callback stores the account and starts the Gmail watch."
      public          = true
      trigger_topic   = null
      retry_policy    = null
      secrets         = ["oauth_client_secret", "state_signing_key", "token_encryption_keys"]
      publishes_to    = ["events"]
      memory          = "512Mi"
      timeout_seconds = 60
      max_instances   = 5
    }
    gmail_push = {
      description     = "Gmail push notifications: fetch, analyse and store new letters, notify through the outbox."
      public          = false
      trigger_topic   = "gmail-push"
      retry_policy    = "RETRY_POLICY_RETRY" # checkpoint and per-message ids make redelivery safe
      secrets         = ["oauth_client_secret", "token_encryption_keys"]
      publishes_to    = ["outbox", "events", "gmail-push"] # gmail-push: a sync out of time continues
      memory          = "512Mi"
      timeout_seconds = 300
      max_instances   = 10
    }
    digest_cron = {
      description = "Quarter-hourly tick fanned out into shards: due digests, held notifications; hourly a sync request per account (lost Gmail pushes) and Gmail watch renewal."
      public      = false
      # Redelivered ticks and shards must be harmless: syncs start from the checkpoint, each
      # user's digest period is claimed in a transaction, outbox keys are per user and period.
      trigger_topic = "digest-tick"
      retry_policy  = "RETRY_POLICY_RETRY"
      secrets       = ["oauth_client_secret", "token_encryption_keys"]
      # gmail-push: the synthetic "sync from your checkpoint" push per active account;
      # digest-tick: the shards of a tick (attribute shard=<kind>); events: watch failures.
      publishes_to    = ["outbox", "gmail-push", "digest-tick", "events"]
      memory          = "512Mi"
      timeout_seconds = 540
      max_instances   = 20 # shards of one tick run in parallel
    }
  }

  # https://REGION-PROJECT.cloudfunctions.net/NAME is known before the functions exist, so a
  # function can be told its own URL (oauth_callback's redirect URI) without a cycle.
  # check.function_urls_as_predicted warns if Google ever answers otherwise.
  function_urls = {
    for name in keys(local.functions) :
    name => "https://${var.region}-${var.project_id}.cloudfunctions.net/${replace(name, "_", "-")}"
  }

  # Non-secret settings (shared_lib.config.Settings reads TELEMAIL_<NAME>); secrets are
  # mounted per function from Secret Manager below.
  function_env = {
    GOOGLE_CLOUD_PROJECT        = var.project_id
    TELEMAIL_OAUTH_CLIENT_ID    = var.oauth_client_id
    TELEMAIL_OAUTH_START_URL    = "${local.function_urls["oauth_callback"]}/start"
    TELEMAIL_OAUTH_REDIRECT_URI = "${local.function_urls["oauth_callback"]}/callback"
    # telegram_webhook is public, so it checks the OIDC token of /outbox and /events pushes
    TELEMAIL_PUSH_AUDIENCE      = local.push_audience
    TELEMAIL_PUSH_INVOKER_EMAIL = google_service_account.invoker.email
    TELEMAIL_SETTINGS_PAGE_URL  = "${local.function_urls["telegram_webhook"]}/app"
  }
}

resource "google_cloudfunctions2_function" "function" {
  for_each = local.functions

  name        = replace(each.key, "_", "-")
  location    = var.region
  description = each.value.description
  labels      = local.labels

  build_config {
    runtime           = "python312"
    entry_point       = each.key
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions.id

    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = each.value.memory
    timeout_seconds                  = each.value.timeout_seconds
    min_instance_count               = 0 # scale to zero: nothing runs, nothing is billed, at idle
    max_instance_count               = each.value.max_instances
    max_instance_request_concurrency = 1
    # Pub/Sub and Eventarc deliveries count as internal traffic.
    ingress_settings               = each.value.public ? "ALLOW_ALL" : "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email
    environment_variables          = local.function_env

    dynamic "secret_environment_variables" {
      for_each = toset(each.value.secrets)
      content {
        key        = "TELEMAIL_${upper(secret_environment_variables.value)}"
        project_id = var.project_id
        secret     = google_secret_manager_secret.secret[secret_environment_variables.value].secret_id
        # Read when an instance starts: a new secret version reaches new instances.
        version = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = each.value.trigger_topic == null ? [] : [each.value.trigger_topic]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = google_pubsub_topic.topic[event_trigger.value].id
      retry_policy          = each.value.retry_policy
      service_account_email = google_service_account.invoker.email
    }
  }

  depends_on = [
    google_project_service.api,
    # A revision that cannot read its secrets or was built without rights fails to deploy.
    google_secret_manager_secret_iam_member.function_accessor,
    google_project_iam_member.build,
    google_artifact_registry_repository_iam_member.build_writer,
    google_storage_bucket_iam_member.build_source_reader,
  ]
}

check "function_urls_as_predicted" {
  assert {
    condition = alltrue([
      for name, fn in google_cloudfunctions2_function.function : fn.url == local.function_urls[name]
    ])
    error_message = "A function URL differs from local.function_urls: the OAuth URLs in the functions' environment are wrong. Compare `terraform output function_urls` with locals in functions.tf."
  }
}
