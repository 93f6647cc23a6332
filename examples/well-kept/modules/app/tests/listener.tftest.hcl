run "https_uses_a_current_policy" {
  command = plan

  variables {
    name               = "test"
    environment        = "test"
    vpc_id             = "vpc-12345678"
    public_subnet_ids  = ["subnet-11111111"]
    private_subnet_ids = ["subnet-22222222"]
    image_id           = "ami-12345678"
    certificate_arn    = "arn:aws:acm:eu-west-1:111122223333:certificate/test"
    alarm_topic_arn    = "arn:aws:sns:eu-west-1:111122223333:test"
  }

  assert {
    condition     = aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use a TLS 1.3 policy."
  }
}
