db_password = "Sup3rS3cret!2019"
environment = "prod"
