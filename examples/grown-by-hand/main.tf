provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 4.0"
    }
  }
}

module "web" {
  source        = "./modules/web"
  instance_type = "t3.large"
  subnet_id     = "subnet-0a1b2c3d4e5f67890"
}

module "vpc" {
  source = "git::https://github.com/acme/terraform-vpc.git"
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 3306
    to_port     = 3306
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_instance" "app" {
  count                  = 3
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.medium"
  key_name               = "shop-admin"
  vpc_security_group_ids = [aws_security_group.app.id]
  user_data              = <<-EOT
    #!/bin/bash
    apt-get update
    apt-get install -y nginx nodejs
    curl -sL https://deb.nodesource.com/setup_18.x | bash -
    echo "APP_SECRET=${random_password.app_key.result}" >> /etc/shop.env
  EOT

  provisioner "remote-exec" {
    inline = [
      "sudo systemctl start nginx",
    ]
  }

  connection {
    type        = "ssh"
    user        = "ubuntu"
    private_key = file("~/.ssh/shop-admin.pem")
    host        = self.public_ip
  }

  tags = {
    Name = "app-${count.index}"
  }
}

resource "random_password" "app_key" {
  length = 32
}

resource "aws_db_instance" "main" {
  identifier              = "shop-db"
  engine                  = "mysql"
  engine_version          = "8.0"
  instance_class          = "db.t3.medium"
  allocated_storage       = 20
  username                = "admin"
  password                = var.db_password
  publicly_accessible     = true
  backup_retention_period = 0
  skip_final_snapshot     = true
  vpc_security_group_ids  = [aws_security_group.db.id]
}

resource "aws_s3_bucket" "uploads" {
  bucket = "shop-uploads"
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shop-shared"
}

resource "aws_dynamodb_table" "sessions" {
  name         = "shop-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/shop/app"
}

resource "aws_iam_role" "app" {
  name = "shop-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "shop-app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}

resource "aws_lb" "web" {
  name               = "shop-web"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.app.id]
  subnets            = ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"]
}

resource "aws_lb_target_group" "web" {
  name     = "shop-web"
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}
