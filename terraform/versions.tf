# Terraform and provider pins. Run `terraform init` once with network access and commit the
# generated .terraform.lock.hcl so every later init installs exactly the same provider builds.
terraform {
  # 1.5+: `check` blocks and `terraform_data`.
  required_version = ">= 1.5, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
    # Only for google_project_service_identity (forces the Pub/Sub service agent to exist
    # before IAM is granted to it).
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 7.0"
    }
  }

  # State lives in a versioned GCS bucket made once by hand (see docs/DEPLOY.md):
  #   terraform init -backend-config="bucket=<project>-tfstate"
  backend "gcs" {
    prefix = "telemail"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}
