variable "certificate_arn" {
  description = "ACM certificate of the site, issued by the DNS stack."
  type        = string
}
