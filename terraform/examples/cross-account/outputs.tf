output "source_cluster_arn" {
  description = "The shared cluster: the pipeline's --source-cluster."
  value       = data.aws_rds_cluster.source.arn
}

output "resource_share_arn" {
  description = "The AWS RAM share of the source with the development account."
  value       = aws_ram_resource_share.source.arn
}

output "clone_kms_key_arn" {
  description = "The development account's key the clones are encrypted with: the pipeline's --kms-key-id."
  value       = aws_kms_key.clones.arn
}

output "source_key_policy_statements" {
  description = "The statements the source's key policy needs for the development account (JSON), for a key policy managed elsewhere."
  value       = jsonencode(local.source_key_statements)
}

output "role_arn" {
  description = "The job's role in the development account."
  value       = module.aurora_refresh.role_arn
}
