variable "image" {
  description = "The aurora-refresh image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0."
  type        = string
}

variable "ecs_cluster_arn" {
  description = "The ECS cluster the task runs in."
  type        = string
}

variable "subnets" {
  description = "Private subnet ids that reach the RDS and Route53 APIs."
  type        = list(string)
}

variable "security_groups" {
  description = "Security group ids of the task."
  type        = list(string)
}

variable "schedule" {
  description = "When a pass runs (EventBridge Scheduler expression, UTC)."
  type        = string
  default     = "cron(30 5 ? * MON-FRI *)"
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
    secrets               = optional(map(string), {})
  }))
}

variable "fleet" {
  description = "One task and schedule for every pipeline (reading the fleet file from SSM) instead of one per pipeline."
  type        = bool
  default     = false
}

variable "name" {
  description = "Name of the job's role and prefix of the other resources."
  type        = string
  default     = "aurora-refresh"
}

variable "region" {
  description = "AWS region of the sources (null: the provider's default, AWS_REGION or the profile's)."
  type        = string
  default     = null
}

variable "environment" {
  description = "AURORA_REFRESH_* settings for every pipeline, e.g. { AURORA_REFRESH_DB_USER = \"aurora_refresh\" }."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Task variables from Secrets Manager or SSM, e.g. { AURORA_REFRESH_DB_PASSWORD = \"<secret ARN>:password::\", AURORA_REFRESH_PUSHGATEWAY_URL = \"<parameter ARN>\" }."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
