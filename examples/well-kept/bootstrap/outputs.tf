output "state_bucket" {
  description = "Name of the bucket that holds Terraform state."
  value       = aws_s3_bucket.state.id
}
