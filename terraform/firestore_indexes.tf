# Indexes the code's queries need beyond Firestore's automatic ones. The emulator needs none,
# so a missing index shows up only in the cloud, as FAILED_PRECONDITION with a link.

# Composite indexes: add one entry per index, e.g.
#
#   mail_undigested = {
#     collection  = "mail"               # collection group id
#     query_scope = "COLLECTION_GROUP"   # or "COLLECTION"
#     fields = [
#       { field_path = "digested", order = "ASCENDING" },
#       { field_path = "received_at", order = "DESCENDING" },
#     ]
#   }
#
# (a field may use `array_config = "CONTAINS"` instead of `order`).
locals {
  firestore_composite_indexes = {
    # MailStore.held_until(): letters held by quiet hours whose hold has ended (every tick)
    mail_held = {
      collection  = "mail"
      query_scope = "COLLECTION_GROUP"
      fields = [
        { field_path = "notify_state", order = "ASCENDING" },
        { field_path = "hold_until", order = "ASCENDING" },
      ]
    }
  }

  # Single fields queried across users with collection_group(): Firestore keeps single-field
  # indexes for collection scope only, so these add the collection-group one (and restate the
  # automatic ones, which an override would otherwise drop). "<collection group>/<field>".
  firestore_collection_group_fields = [
    "accounts/status",           # Store.active_account_refs(): every active account, for the hour's tick
    "accounts/watch_expires_at", # watches expiring within 48 h, renewed by the tick
  ]
}

resource "google_firestore_index" "composite" {
  for_each = local.firestore_composite_indexes

  database    = google_firestore_database.main.name
  collection  = each.value.collection
  query_scope = each.value.query_scope

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.field_path
      order        = lookup(fields.value, "order", null)
      array_config = lookup(fields.value, "array_config", null)
    }
  }
}

resource "google_firestore_field" "collection_group" {
  for_each = toset(local.firestore_collection_group_fields)

  database   = google_firestore_database.main.name
  collection = split("/", each.key)[0]
  field      = split("/", each.key)[1]

  index_config {
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION"
    }
    indexes {
      order       = "DESCENDING"
      query_scope = "COLLECTION"
    }
    indexes {
      array_config = "CONTAINS"
      query_scope  = "COLLECTION"
    }
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION_GROUP"
    }
  }
}
