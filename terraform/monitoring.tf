# Optional e-mail alert: a message is waiting in the dead-letter subscription, i.e. an outbox
# message could not be delivered after all retries.
resource "google_monitoring_notification_channel" "email" {
  count = var.alert_email == "" ? 0 : 1

  display_name = "Telemail alerts"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }

  depends_on = [google_project_service.api]
}

resource "google_monitoring_alert_policy" "dead_letters" {
  count = var.alert_email == "" ? 0 : 1

  display_name = "Telemail: undelivered outbox messages"
  combiner     = "OR"

  conditions {
    display_name = "outbox-dead-letter-hold has messages"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.outbox_dead_letter_hold.name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    content   = "Outbox messages exhausted their delivery attempts. See docs/DEPLOY.md, \"Dead letters\", to inspect and replay them."
    mime_type = "text/markdown"
  }

  notification_channels = [google_monitoring_notification_channel.email[0].id]
}
