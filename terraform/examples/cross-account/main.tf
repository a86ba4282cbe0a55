# aurora-refresh with production in another account (docs/deploy.md, "Production in another
# account"). One configuration, two provider aliases:
#   production:  shares the source cluster with the development account (AWS RAM) and lets that
#                account use the source's KMS key (key policy);
#   development: the key the clones are encrypted with, the job's role and its schedule (the
#                module, runtime "ecs").
# Apply it with credentials that may assume both roles (or set one to null to use the default
# credentials for that side), or split the two files between the accounts' own pipelines.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  alias  = "production"
  region = var.region

  dynamic "assume_role" {
    for_each = var.production_role_arn == null ? [] : [var.production_role_arn]
    content {
      role_arn = assume_role.value
    }
  }
}

provider "aws" {
  alias  = "development"
  region = var.region

  dynamic "assume_role" {
    for_each = var.development_role_arn == null ? [] : [var.development_role_arn]
    content {
      role_arn = assume_role.value
    }
  }
}

data "aws_caller_identity" "production" {
  provider = aws.production
}

data "aws_caller_identity" "development" {
  provider = aws.development
}

data "aws_partition" "production" {
  provider = aws.production
}
