variable "project_id" {
  description = "Google Cloud project that hosts Telemail (one project per environment)."
  type        = string
}

variable "region" {
  description = "Region of the functions, the source bucket, the scheduler job and the build images."
  type        = string
  default     = "europe-west1"
}

variable "firestore_location" {
  description = "Firestore location (a region such as europe-west1, or a multi-region such as eur3). Cannot change after creation."
  type        = string
  default     = "europe-west1"
}

variable "oauth_client_id" {
  description = "Client ID of the Google OAuth client (type: Web application). Its secret goes to Secret Manager, not here."
  type        = string

  validation {
    condition     = endswith(var.oauth_client_id, ".apps.googleusercontent.com")
    error_message = "oauth_client_id looks like NNNN-xxxx.apps.googleusercontent.com."
  }
}

variable "name_prefix" {
  description = "Prefix of the service accounts, the source bucket and the image repository."
  type        = string
  default     = "telemail"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name_prefix))
    error_message = "name_prefix: 2-12 characters, lowercase letters, digits and hyphens (service account ids are at most 30)."
  }
}

variable "dist_dir" {
  description = "Folder with the archives built by scripts/package_functions.py. Default: <repo>/dist."
  type        = string
  default     = null
}

variable "digest_schedule" {
  description = "Cron schedule of the digest tick (Cloud Scheduler, UTC). Quarter-hourly, so daily digests come at their HH:MM; the tick in each hour's first quarter also does the per-account work. Users' own time zones are applied by digest_cron."
  type        = string
  default     = "*/15 * * * *"
}

variable "set_telegram_webhook" {
  description = "Call Telegram setWebhook after deploy (needs gcloud and curl where terraform runs, and secret read access)."
  type        = bool
  default     = true
}

variable "alert_email" {
  description = "If set, an e-mail alert fires when messages wait in the outbox dead-letter subscription."
  type        = string
  default     = ""
}
