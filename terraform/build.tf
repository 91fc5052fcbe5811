# From dist/<function>.zip to a running function: the archives are uploaded under their
# SHA-256 (unchanged code -> same object -> no rebuild), Cloud Build builds them with its own
# service account, and the images land in a repository that cleans itself up.

resource "google_storage_bucket" "sources" {
  name     = "${var.project_id}-${var.name_prefix}-sources"
  location = var.region
  labels   = local.labels

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  # Only build inputs live here; every archive can be rebuilt from git.
  force_destroy = true

  depends_on = [google_project_service.api]
}

resource "google_storage_bucket_object" "source" {
  for_each = local.functions

  bucket       = google_storage_bucket.sources.name
  name         = "${each.key}/${filesha256("${local.dist_dir}/${each.key}.zip")}.zip"
  source       = "${local.dist_dir}/${each.key}.zip"
  content_type = "application/zip"
}

resource "google_artifact_registry_repository" "functions" {
  location      = var.region
  repository_id = "${var.name_prefix}-functions"
  format        = "DOCKER"
  description   = "Build images of the Telemail functions."
  labels        = local.labels

  # Each function's newest images stay (the serving revision needs its image); older ones go,
  # so storage stays inside the free tier. Rollback rebuilds from an archive, not an image.
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 2
    }
  }
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "604800s" # 7 days
    }
  }

  depends_on = [google_project_service.api]
}

# Cloud Build runs the function builds as this account (not the default compute account).
resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "Telemail function builds"

  depends_on = [google_project_service.api]
}

# What Google documents a custom Cloud Functions build account needs: build logs, and the
# staging buckets Cloud Functions copies the source into.
resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/storage.objectAdmin"])

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.build.email}"
}

resource "google_artifact_registry_repository_iam_member" "build_writer" {
  location   = google_artifact_registry_repository.functions.location
  repository = google_artifact_registry_repository.functions.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.build.email}"
}

resource "google_storage_bucket_iam_member" "build_source_reader" {
  bucket = google_storage_bucket.sources.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}
