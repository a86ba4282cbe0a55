variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider (aws eks describe-cluster --query cluster.identity.oidc.issuer gives its URL). null with eks_identity \"pod-identity\"."
  type        = string
}

variable "eks_identity" {
  description = "\"irsa\" (the ServiceAccount assumes the role through the OIDC provider) or \"pod-identity\" (EKS Pod Identity: associate the role with the ServiceAccount yourself)."
  type        = string
  default     = "irsa"
}

variable "namespace" {
  description = "Namespace of the ServiceAccount (k8s/namespace.yaml)."
  type        = string
  default     = "aurora-refresh"
}

variable "service_account" {
  description = "The ServiceAccount the CronJob runs as (k8s/serviceaccount.yaml)."
  type        = string
  default     = "aurora-refresh"
}

variable "pipelines" {
  description = "The pipelines (see the module's variable): source_cluster, clone_prefix, pipeline, hosted_zone_id, record, reader_record, final_snapshot, final_snapshot_retain, kms_key_id, master_password, monitoring_role_arn."
  type = list(object({
    source_cluster        = string
    clone_prefix          = optional(string)
    pipeline              = optional(string)
    hosted_zone_id        = string
    record                = string
    reader_record         = optional(string)
    final_snapshot        = optional(bool, false)
    final_snapshot_retain = optional(number, 7)
    kms_key_id            = optional(string)
    master_password       = optional(string)
    monitoring_role_arn   = optional(string)
    environment           = optional(map(string), {})
  }))
}

variable "name" {
  description = "Name of the job's role."
  type        = string
  default     = "aurora-refresh"
}

variable "region" {
  description = "AWS region of the sources (null: the provider's default, AWS_REGION or the profile's)."
  type        = string
  default     = null
}

variable "environment" {
  description = "AURORA_REFRESH_* settings for every pipeline, added to the environment output."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
