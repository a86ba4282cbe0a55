output "role_arn" {
  description = "The eks.amazonaws.com/role-arn annotation of k8s/serviceaccount.yaml."
  value       = module.aurora_refresh.role_arn
}

output "environment" {
  description = "By clone prefix, the pipeline's settings for its ConfigMap (k8s/configmap.yaml)."
  value       = module.aurora_refresh.environment
}
