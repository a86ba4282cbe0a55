variable "production_role_arn" {
  description = "A role in the production account to assume for the production side (null: the default credentials are production's)."
  type        = string
  default     = null
}

variable "development_role_arn" {
  description = "A role in the development account to assume for the development side (null: the default credentials are development's)."
  type        = string
  default     = null
}

variable "source_cluster" {
  description = "The production cluster's identifier (in the production account)."
  type        = string
}

variable "accept_invitation" {
  description = "The accounts are not in one AWS Organization with RAM sharing enabled: share with external principals and accept the invitation in the development account."
  type        = bool
  default     = false
}

variable "manage_source_key_policy" {
  description = "Replace the source's KMS key policy with production's administration plus the development account's use (see production.tf). false: add the output source_key_policy_statements where the key policy is managed."
  type        = bool
  default     = true
}

variable "clone_prefix" {
  description = "The clones' name prefix in the development account."
  type        = string
}

variable "hosted_zone_id" {
  description = "The development account's Route53 zone of the record."
  type        = string
}

variable "record" {
  description = "The CNAME that follows the newest clone."
  type        = string
}

variable "instance_class" {
  description = "The clones' instance class (the source writer's cannot be read from another account)."
  type        = string
}

variable "db_subnet_group" {
  description = "A DB subnet group of the development account for the clones (its subnets in the source's Availability Zones)."
  type        = string
}

variable "vpc_security_group_ids" {
  description = "Security groups of the development account for the clones."
  type        = list(string)
}

variable "db_cluster_parameter_group" {
  description = "A DB cluster parameter group of the development account for the clones (default.<family> for the defaults)."
  type        = string
}

variable "db_parameter_group" {
  description = "A DB parameter group of the development account for the clones' instances (default.<family> for the defaults)."
  type        = string
}

variable "master_password" {
  description = "The clones' master password: \"managed\" (replaced by one RDS keeps in a secret it manages) or \"keep\" (production's); null: the application's default, managed for this shared source."
  type        = string
  default     = null
}

variable "environment" {
  description = "Other AURORA_REFRESH_* settings of the pipeline."
  type        = map(string)
  default     = {}
}

variable "image" {
  description = "The aurora-refresh image, e.g. 222233334444.dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0."
  type        = string
}

variable "ecs_cluster_arn" {
  description = "The development account's ECS cluster the task runs in."
  type        = string
}

variable "subnets" {
  description = "Private subnet ids of the task that reach the RDS and Route53 APIs."
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

variable "name" {
  description = "Name of the job's role and prefix of the other resources (the RAM share: <name>-<source_cluster>)."
  type        = string
  default     = "aurora-refresh"
}

variable "region" {
  description = "The region of both sides (a clone is made in the source's region)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
