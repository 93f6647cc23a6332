# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.70.0"
  constraints = "~> 5.70"
  hashes = [
    "h1:b2Qz0Rh0oC4gFNK2P0uA8Z0wX3YlN4s0b1xw0rJ4cKk=",
    "zh:0b5a6d0e1f6b4c5e0b5d3a9c8e2f1d4a7b6c9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
  ]
}
