locals {
  labels = {
    app        = "telemail"
    managed-by = "terraform"
  }

  # Archives built by scripts/package_functions.py: dist/<function>.zip.
  dist_dir = coalesce(var.dist_dir, "${path.root}/../dist")
}
