# aurora-refresh on EKS: the role the CronJob's ServiceAccount assumes (IRSA or Pod Identity). Copy this
# directory, set the variables (terraform.tfvars), apply, and put the role_arn output into
# k8s/serviceaccount.yaml and each pipeline's settings (the environment output) into a ConfigMap.
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

  name              = var.name
  runtime           = "eks"
  pipelines         = var.pipelines
  environment       = var.environment
  eks_identity      = var.eks_identity
  oidc_provider_arn = var.oidc_provider_arn
  namespace         = var.namespace
  service_account   = var.service_account
  tags              = var.tags
}
