variables {
  name                  = "test"
  vpc_id                = "vpc-12345678"
  private_subnet_ids    = ["subnet-22222222"]
  app_security_group_id = "sg-12345678"
  alarm_topic_arn       = "arn:aws:sns:eu-west-1:111122223333:test"
}

run "short_retention_is_rejected" {
  command = plan

  variables {
    backup_retention_days = 1
  }

  expect_failures = [var.backup_retention_days]
}
