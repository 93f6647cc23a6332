output "db_endpoint" {
  value = aws_db_instance.main.endpoint
}

output "app_ips" {
  value = aws_instance.app[*].public_ip
}
