variables {
  name               = "test"
  cidr_block         = "10.0.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
}

run "one_subnet_per_zone" {
  command = plan

  assert {
    condition     = length(aws_subnet.private) == 2
    error_message = "Expected one private subnet per availability zone."
  }
}
