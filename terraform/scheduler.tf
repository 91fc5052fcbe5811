# The digest tick: Cloud Scheduler publishes to digest-tick, Eventarc hands it to digest_cron.
resource "google_cloud_scheduler_job" "digest_tick" {
  name        = "digest-tick"
  region      = var.region
  description = "Quarter-hourly tick for digest_cron: due digests, held notifications; hourly: sync request per account, Gmail watch renewal."
  schedule    = var.digest_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.topic["digest-tick"].id
    data       = base64encode(jsonencode({ source = "cloud-scheduler" }))
  }

  depends_on = [google_project_service.api]
}
