# A PostgreSQL database on Amazon RDS for one environment of the platform.
#
# The master password is generated and kept by RDS in AWS Secrets Manager
# (manage_master_user_password): it never appears in Terraform's state or
# in the platform's configuration. The applications read it through an
# ExternalSecret that names the secret this module outputs.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "name" {
  description = "Name of the database and prefix of its resources."
  type        = string
}

variable "environment" {
  description = "The platform environment (dev, prod)."
  type        = string
}

variable "size" {
  description = "small (a burstable instance, no standby) or large (multi-AZ)."
  type        = string
  validation {
    condition     = contains(["small", "large"], var.size)
    error_message = "size must be small or large."
  }
}

variable "storage_gb" {
  description = "Allocated storage in GiB."
  type        = number
  default     = 20
}

locals {
  instance_class = var.size == "large" ? "db.m6g.large" : "db.t4g.micro"
}

resource "aws_db_instance" "this" {
  identifier                  = "${var.name}-${var.environment}"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = local.instance_class
  allocated_storage           = var.storage_gb
  db_name                     = var.name
  username                    = "${var.name}_admin"
  manage_master_user_password = true
  multi_az                    = var.size == "large"
  backup_retention_period     = var.environment == "prod" ? 14 : 1
  deletion_protection         = var.environment == "prod"
  skip_final_snapshot         = var.environment != "prod"
  storage_encrypted           = true

  tags = {
    environment = var.environment
    managed-by  = "stackc"
  }
}

output "address" {
  description = "Host name of the database endpoint."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database endpoint."
  value       = aws_db_instance.this.port
}

output "database" {
  description = "Name of the database."
  value       = aws_db_instance.this.db_name
}

output "username" {
  description = "The master user's name."
  value       = aws_db_instance.this.username
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master password."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
