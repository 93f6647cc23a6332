variable "name" {
  description = "Name prefix of every resource, e.g. shop-prod."
  type        = string
}

variable "environment" {
  description = "Environment name, written to the instances' configuration."
  type        = string
}

variable "vpc_id" {
  description = "VPC to run in."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the instances."
  type        = list(string)
}

variable "image_id" {
  description = "AMI of the application, built by the image pipeline."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the application."
  type        = string
  default     = "t3.small"
}

variable "root_volume_size" {
  description = "Size of the instances' root volume, in GiB."
  type        = number
  default     = 20
}

variable "min_size" {
  description = "Fewest instances."
  type        = number
  default     = 2
}

variable "max_size" {
  description = "Most instances."
  type        = number
  default     = 4
}

variable "app_port" {
  description = "Port the application listens on."
  type        = number
  default     = 8080
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener."
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic that receives alarms."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep application logs."
  type        = number
  default     = 30
}

variable "deletion_protection" {
  description = "Whether the load balancer is protected from deletion."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for instances and volumes launched by the autoscaling group."
  type        = map(string)
  default     = {}
}
