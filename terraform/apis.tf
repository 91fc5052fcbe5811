# Google APIs the deployment and the running functions use. Enabling them needs
# serviceusage.googleapis.com and cloudresourcemanager.googleapis.com, which docs/DEPLOY.md
# enables by hand before the first apply.
locals {
  apis = toset([
    "artifactregistry.googleapis.com", # build images of the functions
    "cloudbuild.googleapis.com",       # builds the functions from the source archives
    "cloudfunctions.googleapis.com",   # the four functions (2nd gen)
    "cloudscheduler.googleapis.com",   # quarter-hourly digest tick
    "eventarc.googleapis.com",         # Pub/Sub triggers of gmail_push and digest_cron
    "firestore.googleapis.com",        # all state
    "gmail.googleapis.com",            # users.watch / history / messages, called by the functions
    "iam.googleapis.com",              # service accounts
    "iamcredentials.googleapis.com",   # OIDC tokens Pub/Sub mints for push deliveries
    "logging.googleapis.com",          # function logs
    "monitoring.googleapis.com",       # dead-letter alert
    "pubsub.googleapis.com",           # the bus between the functions
    "run.googleapis.com",              # 2nd gen functions run as Cloud Run services
    "secretmanager.googleapis.com",    # bot token, keys, OAuth client secret
    "storage.googleapis.com",          # source archives
  ])
}

resource "google_project_service" "api" {
  for_each = local.apis

  project = var.project_id
  service = each.key

  # Destroying this stack must not switch APIs off for anything else in the project.
  disable_on_destroy = false
}

data "google_project" "this" {
  project_id = var.project_id
}

# Pub/Sub's service agent mints the push OIDC tokens and moves messages to the dead-letter
# topic; it exists only once something asks for it, so ask before granting it roles.
resource "google_project_service_identity" "pubsub" {
  provider = google-beta

  project = var.project_id
  service = "pubsub.googleapis.com"

  depends_on = [google_project_service.api]
}
