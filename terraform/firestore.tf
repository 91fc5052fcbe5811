# Firestore (native mode), the "(default)" database: the one the free tier covers and the
# one the code's clients open.
locals {
  # Collection groups whose documents carry an `expires_at` timestamp; Firestore deletes each
  # document some time (usually within a day) after that moment.
  firestore_ttl_field       = "expires_at"
  firestore_ttl_collections = ["oauth_states", "mail", "outbox_sent"]
}

resource "google_firestore_database" "main" {
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"

  # The data outlives the stack: `terraform destroy` leaves the database alone.
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.api]
}

resource "google_firestore_field" "ttl" {
  for_each = toset(local.firestore_ttl_collections)

  database   = google_firestore_database.main.name
  collection = each.key
  field      = local.firestore_ttl_field

  ttl_config {}

  # No single-field indexes on the TTL timestamp: nothing queries it, and indexing a
  # steadily increasing value only adds write cost and hotspots.
  index_config {}
}
