# One Secret Manager secret per name in shared_lib.config.SECRET_SETTINGS. Terraform makes the
# containers and the access grants; the values are added with gcloud (docs/DEPLOY.md), so they
# never pass through Terraform state, plans or tfvars.
locals {
  secrets = ["bot_token", "webhook_secret", "oauth_client_secret", "state_signing_key", "token_encryption_keys"]
}

resource "google_secret_manager_secret" "secret" {
  for_each = toset(local.secrets)

  secret_id = "telemail-${replace(each.key, "_", "-")}"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}
