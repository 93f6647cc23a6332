variable "db_password" {
  type = string
}

variable "admin_cidr" {
  default = "0.0.0.0/0"
}

variable "environment" {
  description = "Environment name"
  type        = string
  default     = "prod"
}
