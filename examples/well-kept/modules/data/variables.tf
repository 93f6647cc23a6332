variable "name" {
  description = "Name prefix of every resource, e.g. shop-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC to run in."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the database."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the application, the only client of the database."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.small"
}

variable "allocated_storage" {
  description = "Storage in GiB."
  type        = number
  default     = 20
}

variable "multi_az" {
  description = "Whether the database has a standby in another zone."
  type        = bool
  default     = false
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 7
    error_message = "Keep at least a week of backups."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic that receives alarms."
  type        = string
}
