output "url" {
  description = "Address of the load balancer."
  value       = "https://${module.app.lb_dns_name}"
}
