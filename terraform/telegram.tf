# Points the bot at telegram_webhook/webhook with the secret header value, whenever that URL
# changes. The token and the secret are read from Secret Manager by gcloud at that moment and
# go to curl on stdin, so they appear neither in Terraform state nor in a process list.
resource "terraform_data" "telegram_set_webhook" {
  count = var.set_telegram_webhook ? 1 : 0

  triggers_replace = [local.webhook_url]

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = <<-EOT
      set -euo pipefail
      token="$(gcloud secrets versions access latest --project="$PROJECT" --secret="$BOT_TOKEN_SECRET")"
      secret="$(gcloud secrets versions access latest --project="$PROJECT" --secret="$WEBHOOK_SECRET_SECRET")"
      printf 'url = "https://api.telegram.org/bot%s/setWebhook"\ndata-urlencode = "secret_token=%s"\n' "$token" "$secret" \
        | curl --fail-with-body --silent --show-error --config - --data-urlencode "url=$WEBHOOK_URL"
      echo
    EOT
    environment = {
      PROJECT               = var.project_id
      WEBHOOK_URL           = local.webhook_url
      BOT_TOKEN_SECRET      = google_secret_manager_secret.secret["bot_token"].secret_id
      WEBHOOK_SECRET_SECRET = google_secret_manager_secret.secret["webhook_secret"].secret_id
    }
  }

  # The function must be up and public before Telegram is pointed at it.
  depends_on = [google_cloud_run_service_iam_member.public]
}
