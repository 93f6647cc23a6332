output "db_endpoint" {
  description = "Endpoint of the database."
  value       = aws_db_instance.this.endpoint
}

output "db_secret_arn" {
  description = "Secrets Manager secret holding the master password, managed by RDS."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "uploads_bucket" {
  description = "Bucket holding user uploads."
  value       = aws_s3_bucket.uploads.id
}
