locals {
  webhook_url        = "${google_cloudfunctions2_function.function["telegram_webhook"].url}/webhook"
  oauth_redirect_uri = "${google_cloudfunctions2_function.function["oauth_callback"].url}/callback"
}

output "webhook_url" {
  description = "Telegram webhook (setWebhook url)."
  value       = local.webhook_url
}

output "oauth_redirect_uri" {
  description = "Register this as an authorised redirect URI of the OAuth client."
  value       = local.oauth_redirect_uri
}

output "function_urls" {
  description = "Base URL of each function."
  value       = { for name, fn in google_cloudfunctions2_function.function : name => fn.url }
}

output "settings" {
  description = "What the functions are configured with: plain environment and, per function, the secrets mounted (env var => Secret Manager secret)."
  value = {
    environment = local.function_env
    secrets = {
      for name, fn in local.functions : name => {
        for secret in fn.secrets : "TELEMAIL_${upper(secret)}" => google_secret_manager_secret.secret[secret].secret_id
      }
    }
  }
}

output "secret_ids" {
  description = "Secret Manager secret id per setting (add values with `gcloud secrets versions add`)."
  value       = { for name, secret in google_secret_manager_secret.secret : name => secret.secret_id }
}

output "source_objects" {
  description = "Deployed archive per function (gs://bucket/function/<sha256>.zip): the version to note for a rollback."
  value       = { for name, object in google_storage_bucket_object.source : name => "gs://${object.bucket}/${object.name}" }
}

output "dead_letter_subscription" {
  description = "Pull subscription holding undeliverable outbox messages."
  value       = google_pubsub_subscription.outbox_dead_letter_hold.name
}

output "set_webhook_command" {
  description = "The setWebhook call terraform_data.telegram_set_webhook makes, to run by hand (after a webhook secret rotation, say)."
  value       = "printf 'url = \"https://api.telegram.org/bot%s/setWebhook\"\\ndata-urlencode = \"secret_token=%s\"\\n' \"$(gcloud secrets versions access latest --project=${var.project_id} --secret=${google_secret_manager_secret.secret["bot_token"].secret_id})\" \"$(gcloud secrets versions access latest --project=${var.project_id} --secret=${google_secret_manager_secret.secret["webhook_secret"].secret_id})\" | curl --fail-with-body -sS -K - --data-urlencode 'url=${local.webhook_url}'"
}
