variable "name" {
  description = "Name prefix of every network resource, e.g. shop-prod."
  type        = string
}

variable "cidr_block" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones to spread subnets over."
  type        = list(string)
}

variable "nat_gateways" {
  description = "Number of NAT gateways: 1 for non-production, one per zone for production."
  type        = number
  default     = 1
}
