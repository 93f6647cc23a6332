variable "project" {
  description = "Project name, used as the prefix of every name."
  type        = string
  default     = "shop"
}

variable "region" {
  description = "AWS region of the state bucket."
  type        = string
  default     = "eu-west-1"
}

variable "owner" {
  description = "Team that owns the infrastructure, for the Owner tag."
  type        = string
  default     = "platform-team"
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget for the account, in US dollars."
  type        = number
  default     = 400
}

variable "budget_email" {
  description = "Address that receives budget alerts."
  type        = string
  default     = "platform-team@example.com"
}
