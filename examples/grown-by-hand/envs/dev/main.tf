provider "aws" {
  region = "eu-west-1"
}

resource "aws_instance" "worker" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.small"

  tags = {
    Name = "worker-dev"
  }
}

resource "aws_s3_bucket" "reports" {
  bucket = "shop-reports-dev"
}

resource "aws_sqs_queue" "jobs" {
  name = "shop-jobs-dev"
}
