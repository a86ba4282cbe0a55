# aurora-refresh on ECS: copy this directory, set the variables (terraform.tfvars), apply.
# The module's source: keep the relative path if you copy the whole terraform/ directory, or use
# "git::https://<this repository>//terraform/modules/aurora-refresh?ref=<tag>".
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
  region = var.region
}

module "aurora_refresh" {
  source = "../../modules/aurora-refresh"

  name            = var.name
  runtime         = "ecs"
  pipelines       = var.pipelines
  fleet           = var.fleet
  environment     = var.environment
  secrets         = var.secrets
  image           = var.image
  ecs_cluster_arn = var.ecs_cluster_arn
  subnets         = var.subnets
  security_groups = var.security_groups
  schedule        = var.schedule
  tags            = var.tags
}
