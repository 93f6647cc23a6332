variable "instance_type" {}
variable "subnet_id" {}

resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = var.instance_type
  subnet_id     = var.subnet_id
}

output "id" {
  value = aws_instance.web.id
}
