# runtime "eks": the job's role is assumed by the CronJob's ServiceAccount, through the cluster's
# OIDC provider (IRSA) or through EKS Pod Identity (iam/trust/eks-irsa.json, eks-pod-identity.json).
locals {
  oidc_issuer = var.oidc_provider_arn == null ? null : split("oidc-provider/", var.oidc_provider_arn)[1]

  trust_irsa = var.oidc_provider_arn == null ? null : jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:${var.namespace}:${var.service_account}"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
