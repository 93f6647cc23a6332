output "lb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "app_security_group_id" {
  description = "Security group of the application instances."
  value       = aws_security_group.app.id
}
