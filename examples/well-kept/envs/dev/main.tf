locals {
  environment = "dev"
  name        = "shop-${local.environment}"
  tags = {
    Project     = "shop"
    Environment = local.environment
    ManagedBy   = "terraform"
    Owner       = "platform-team"
    Lifecycle   = "temporary"
  }
}

data "aws_ssm_parameter" "image" {
  name = "/shop/images/app/current"
}

resource "aws_kms_key" "alarms" {
  description         = "Encrypts the ${local.name} alarm topic"
  enable_key_rotation = true

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = aws_kms_key.alarms.id
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  cidr_block         = "10.10.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  nat_gateways       = 1
}

module "app" {
  source             = "../../modules/app"
  name               = local.name
  environment        = local.environment
  vpc_id             = module.network.vpc_id
  public_subnet_ids  = module.network.public_subnet_ids
  private_subnet_ids = module.network.private_subnet_ids
  image_id           = data.aws_ssm_parameter.image.value
  instance_type      = "t3.small"
  min_size           = 1
  max_size           = 2
  certificate_arn    = var.certificate_arn
  alarm_topic_arn    = aws_sns_topic.alarms.arn
  tags               = local.tags
}

module "data" {
  source                = "../../modules/data"
  name                  = local.name
  vpc_id                = module.network.vpc_id
  private_subnet_ids    = module.network.private_subnet_ids
  app_security_group_id = module.app.app_security_group_id
  instance_class        = "db.t4g.micro"
  multi_az              = false
  alarm_topic_arn       = aws_sns_topic.alarms.arn
}
