variable "name" {
  description = "Name of the job's role, and the start of every other name: <name>-<clone prefix> policies, task families and schedules, <name>-execution, <name>-scheduler, <name>-schedule-dead-letters."
  type        = string
  default     = "aurora-refresh"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name: '${var.name}' is not valid; use 1-40 letters, digits, _ or - (valid in role, task family, schedule and queue names, with room for the suffixes)."
  }
  validation {
    condition     = var.runtime != "ecs" || alltrue([for key in keys(local.pipelines) : length("${var.name}-${key}") <= 64])
    error_message = "name: '${var.name}' with the clone prefixes gives schedule names ${jsonencode([for key in keys(local.pipelines) : "${var.name}-${key}"])}; EventBridge Scheduler takes at most 64 characters: shorten the name."
  }
}

variable "pipelines" {
  description = <<-EOT
    The pipelines this job refreshes, with the keys of the pipeline options: source_cluster (a
    cluster identifier, or the ARN of a cluster another account shares with this one, which then
    needs AURORA_REFRESH_INSTANCE_CLASS, _DB_SUBNET_GROUP, _VPC_SECURITY_GROUP_IDS,
    _DB_CLUSTER_PARAMETER_GROUP and _DB_PARAMETER_GROUP in environment), clone_prefix (default
    <source identifier>-clone), pipeline (default the clone prefix), hosted_zone_id, record,
    reader_record (optional), final_snapshot (default false), final_snapshot_retain (default 7),
    kms_key_id (the clones' KMS key; default the source's), master_password ("managed", "keep" or "secret:<secret ARN>";
    default the application's: managed for a source ARN, else keep), monitoring_role_arn (the
    enhanced monitoring role the clones' instances get, the source writer's or the one set with
    AURORA_REFRESH_MONITORING_ROLE_ARN; null without enhanced monitoring). The role's policy is
    generated from them: one managed policy per pipeline, with the probes' login its settings give
    (AURORA_REFRESH_DB_IAM_AUTH and AURORA_REFRESH_DB_USER, or AURORA_REFRESH_DB_SECRET_ARN and
    AURORA_REFRESH_DB_SECRET_KMS_KEY, in environment) and the clones' managed master secret (unless
    AURORA_REFRESH_MASTER_PASSWORD=keep; its key AURORA_REFRESH_MASTER_USER_SECRET_KMS_KEY_ID). environment (AURORA_REFRESH_* settings)
    and secrets (ECS only) add to the module-wide ones for this pipeline's task.
  EOT
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

  validation {
    condition     = length(var.pipelines) >= 1 && length(var.pipelines) <= 10
    error_message = "pipelines: ${length(var.pipelines)} given; give 1 to 10 (one managed policy each, and a role holds 10 by default)."
  }
  validation {
    condition = alltrue([for p in var.pipelines : can(regex("^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)))
    && !strcontains(try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster), "--")])
    error_message = "pipelines: source_cluster ${jsonencode([for p in var.pipelines : p.source_cluster])}: each must be a DB cluster identifier (1-63 letters, digits or single hyphens, starting with a letter) or the ARN of a cluster shared with this account, arn:aws:rds:<region>:<account>:cluster:<identifier>."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : !can(regex(local.source_arn, p.source_cluster)) || length(setsubtract(local.settings_another_account_hides, keys(merge(var.environment, p.environment)))) == 0])
    error_message = "pipelines: ${join("; ", [for p in var.pipelines : "source_cluster ${p.source_cluster} needs ${join(", ", sort(setsubtract(local.settings_another_account_hides, keys(merge(var.environment, p.environment)))))} in environment" if can(regex(local.source_arn, p.source_cluster)) && length(setsubtract(local.settings_another_account_hides, keys(merge(var.environment, p.environment)))) > 0])}: a cluster named by its ARN is another account's, whose settings this account cannot read (set them in the pipeline's environment or the module's)."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : p.final_snapshot_retain != null && try(p.final_snapshot_retain == floor(p.final_snapshot_retain) && p.final_snapshot_retain >= 0 && p.final_snapshot_retain <= 1000, false)])
    error_message = "pipelines: final_snapshot_retain ${jsonencode([for p in var.pipelines : p.final_snapshot_retain])}: each must be a whole number from 0 to 1000."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : p.kms_key_id == null ? true : can(regex("^(arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})|(mrk-)?[0-9a-fA-F-]{32,36}|alias/[A-Za-z0-9/_-]{1,250})$", p.kms_key_id))])
    error_message = "pipelines: kms_key_id ${jsonencode([for p in var.pipelines : p.kms_key_id])}: each must be a KMS key ARN (arn:aws:kms:us-east-1:123456789012:key/<id>), alias ARN, key id or alias/<name>; a key of another account by its ARN."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : p.master_password == null ? true : contains(["managed", "keep"], p.master_password) || can(regex("^secret:arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", p.master_password))])
    error_message = "pipelines: master_password (its values are not repeated here: one may be a password typed by mistake): each must be managed (a password RDS keeps in a secret it manages), keep (production's) or secret:<Secrets Manager secret ARN> (the password in that secret)."
  }
  validation {
    condition = alltrue([for p in var.pipelines : p.clone_prefix == null ? true :
    can(regex("^[A-Za-z]([A-Za-z0-9-]{0,48}[A-Za-z0-9])?$", p.clone_prefix)) && !strcontains(p.clone_prefix, "--")])
    error_message = "pipelines: clone_prefix ${jsonencode([for p in var.pipelines : p.clone_prefix])}: each must be 1-50 letters, digits or single hyphens, starting with a letter, not ending with a hyphen."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : can(regex("^(/?hostedzone/)?[A-Z0-9]{1,32}$", p.hosted_zone_id))])
    error_message = "pipelines: hosted_zone_id ${jsonencode([for p in var.pipelines : p.hosted_zone_id])}: each must be a Route53 zone id such as Z0123456789ABCDEFGHIJ."
  }
  validation {
    condition = alltrue([for p in var.pipelines : alltrue([for r in compact([p.record, p.reader_record]) :
    can(regex("^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)+$", trimsuffix(lower(trimspace(r)), ".")))])])
    error_message = "pipelines: record/reader_record ${jsonencode([for p in var.pipelines : compact([p.record, p.reader_record])])}: each must be a DNS name such as dev-db.example.internal."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : p.pipeline == null ? true : can(regex("^[\\pL\\pZ\\pN_.:/=+@-]{1,256}$", p.pipeline))])
    error_message = "pipelines: pipeline ${jsonencode([for p in var.pipelines : p.pipeline])}: each must be 1-256 letters, digits, spaces or _ . : / = + - @ (an RDS tag value)."
  }
  validation {
    condition     = length(distinct([for p in var.pipelines : lower(coalesce(p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone"))])) == length(var.pipelines) && length(distinct([for p in var.pipelines : coalesce(p.pipeline, p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone")])) == length(var.pipelines)
    error_message = "pipelines: clone prefixes ${jsonencode([for p in var.pipelines : lower(coalesce(p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone"))])} and pipeline names ${jsonencode([for p in var.pipelines : coalesce(p.pipeline, p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone")])} must each be unique."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : length(setintersection(keys(p.environment), local.pipeline_settings)) == 0 && alltrue([for k in keys(p.environment) : startswith(k, "AURORA_REFRESH_")])])
    error_message = "pipelines: environment ${jsonencode([for p in var.pipelines : keys(p.environment)])}: only AURORA_REFRESH_* settings other than ${join(", ", local.pipeline_settings)}, which the pipeline's keys set."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : p.monitoring_role_arn == null ? true : can(regex("^arn:[^:]+:iam::[0-9]{12}:role/.+$", p.monitoring_role_arn))])
    error_message = "pipelines: monitoring_role_arn ${jsonencode([for p in var.pipelines : p.monitoring_role_arn])}: each must be an IAM role ARN such as arn:aws:iam::123456789012:role/rds-monitoring-role."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : lookup(merge(var.environment, p.environment), "AURORA_REFRESH_MONITORING_ROLE_ARN", p.monitoring_role_arn) == p.monitoring_role_arn])
    error_message = "pipelines: AURORA_REFRESH_MONITORING_ROLE_ARN ${jsonencode([for p in var.pipelines : lookup(merge(var.environment, p.environment), "AURORA_REFRESH_MONITORING_ROLE_ARN", null)])} must be the pipeline's monitoring_role_arn ${jsonencode([for p in var.pipelines : p.monitoring_role_arn])}: the policy may pass only that role."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_IAM_AUTH", "false"))) != "true" || lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_USER", "") != ""])
    error_message = "pipelines: AURORA_REFRESH_DB_IAM_AUTH is true for ${jsonencode([for p in var.pipelines : coalesce(p.pipeline, p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone") if lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_IAM_AUTH", "false"))) == "true" && lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_USER", "") == ""])} without AURORA_REFRESH_DB_USER: the policy allows rds-db:connect as that user only."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_SECRET_KMS_KEY", "") == "" || lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_SECRET_ARN", "") != ""])
    error_message = "pipelines: AURORA_REFRESH_DB_SECRET_KMS_KEY is the key of AURORA_REFRESH_DB_SECRET_ARN's secret; set that too, or leave the key out."
  }
  validation {
    condition = alltrue([for p in var.pipelines : lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_MASTER_SECRET", "false"))) != "true" ||
    (lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_IAM_AUTH", "false"))) != "true" && join("", [for k in ["AURORA_REFRESH_DB_SECRET_ARN", "AURORA_REFRESH_DB_SECRET_KMS_KEY", "AURORA_REFRESH_DB_USER"] : lookup(merge(var.environment, p.environment), k, "")]) == "")])
    error_message = "pipelines: AURORA_REFRESH_DB_MASTER_SECRET is a login of its own (the clone's master user with its managed secret); leave out AURORA_REFRESH_DB_IAM_AUTH, AURORA_REFRESH_DB_SECRET_ARN, AURORA_REFRESH_DB_SECRET_KMS_KEY and AURORA_REFRESH_DB_USER for that pipeline."
  }
  validation {
    condition     = alltrue([for p in var.pipelines : alltrue([for v in values(p.secrets) : can(regex(local.secret_reference, v))])])
    error_message = "pipelines: secrets ${jsonencode([for p in var.pipelines : p.secrets])}: each value must be the ARN of a Secrets Manager secret (optionally with :json-key::) or of an SSM parameter."
  }
}

variable "runtime" {
  description = "Where the job runs: \"ecs\" (Fargate task on an EventBridge Scheduler schedule) or \"eks\" (a CronJob whose ServiceAccount assumes the role)."
  type        = string

  validation {
    condition     = contains(["ecs", "eks"], var.runtime)
    error_message = "runtime: '${var.runtime}' is not valid; use \"ecs\" or \"eks\"."
  }
}

variable "fleet" {
  description = "ECS: one task and schedule run every pipeline (`aurora-refresh run` with the fleet file the module writes to the SSM parameter /<name>/fleet, given to the task as AURORA_REFRESH_CONFIG_YAML) instead of a task and schedule per pipeline. Output fleet_yaml is that file (EKS: put it in k8s/components/fleet)."
  type        = bool
  default     = false

  validation {
    condition     = !var.fleet || alltrue([for p in var.pipelines : length(p.secrets) == 0])
    error_message = "fleet: pipelines ${jsonencode([for p in var.pipelines : p.pipeline if length(p.secrets) > 0])} have secrets of their own; one task runs every pipeline of a fleet: give secrets module-wide (variable secrets)."
  }
}

variable "environment" {
  description = "AURORA_REFRESH_* settings for every pipeline (e.g. AURORA_REFRESH_DB_USER, AURORA_REFRESH_WAIT_TIMEOUT); the pipeline-defining ones come from pipelines."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.environment), local.pipeline_settings)) == 0 && alltrue([for k in keys(var.environment) : startswith(k, "AURORA_REFRESH_")])
    error_message = "environment: ${jsonencode(keys(var.environment))}: only AURORA_REFRESH_* settings other than ${join(", ", local.pipeline_settings)}, which pipelines set."
  }
}

# --- runtime "ecs" ---

variable "image" {
  description = "ECS: the aurora-refresh image; from ECR, the execution role may pull from that repository only."
  type        = string
  default     = null

  validation {
    condition     = var.runtime != "ecs" || try(length(var.image) > 0, false)
    error_message = "image: missing; runtime \"ecs\" needs the image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0."
  }
}

variable "ecs_cluster_arn" {
  description = "ECS: the cluster the task runs in."
  type        = string
  default     = null

  validation {
    condition     = var.runtime != "ecs" || can(regex("^arn:[^:]+:ecs:[^:]+:[0-9]{12}:cluster/.+$", var.ecs_cluster_arn))
    error_message = "ecs_cluster_arn: '${coalesce(var.ecs_cluster_arn, "-")}' is not valid; runtime \"ecs\" needs the cluster's ARN, arn:aws:ecs:us-east-1:123456789012:cluster/apps."
  }
}

variable "subnets" {
  description = "ECS: private subnet ids that reach the RDS and Route53 APIs (and the clones' port, for the TCP probe)."
  type        = list(string)
  default     = []

  validation {
    condition     = var.runtime != "ecs" || length(var.subnets) > 0
    error_message = "subnets: none given; runtime \"ecs\" needs at least one subnet id."
  }
}

variable "security_groups" {
  description = "ECS: security group ids of the task."
  type        = list(string)
  default     = []
}

variable "schedule" {
  description = "ECS: EventBridge Scheduler expression of the passes."
  type        = string
  default     = "cron(30 5 ? * MON-FRI *)"
}

variable "schedule_time_zone" {
  description = "ECS: time zone of the schedule expression."
  type        = string
  default     = "UTC"
}

variable "secrets" {
  description = "ECS: task variables read when the task starts, name => Secrets Manager secret ARN (with :json-key:: to pick a key) or SSM parameter ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for v in values(var.secrets) : can(regex(local.secret_reference, v))])
    error_message = "secrets: ${jsonencode(var.secrets)}: each value must be the ARN of a Secrets Manager secret (optionally with :json-key::) or of an SSM parameter."
  }
}

variable "log_retention_days" {
  description = "ECS: days the task's log group keeps its events."
  type        = number
  default     = 30
}

variable "cpu" {
  description = "ECS: task CPU units."
  type        = string
  default     = "256"
}

variable "memory" {
  description = "ECS: task memory, MiB."
  type        = string
  default     = "512"
}

variable "cpu_architecture" {
  description = "ECS: X86_64 or ARM64, as the image was built."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture: '${var.cpu_architecture}' is not valid; use X86_64 or ARM64."
  }
}

# --- runtime "eks" ---

variable "eks_identity" {
  description = "EKS: how the pod gets the role: \"irsa\" (IAM Roles for Service Accounts, needs oidc_provider_arn) or \"pod-identity\" (EKS Pod Identity; associate the role with the ServiceAccount)."
  type        = string
  default     = "irsa"

  validation {
    condition     = contains(["irsa", "pod-identity"], var.eks_identity)
    error_message = "eks_identity: '${var.eks_identity}' is not valid; use \"irsa\" or \"pod-identity\"."
  }
}

variable "oidc_provider_arn" {
  description = "EKS with IRSA: the cluster's IAM OIDC provider, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>."
  type        = string
  default     = null

  validation {
    condition     = var.runtime != "eks" || var.eks_identity != "irsa" || var.oidc_provider_arn != null
    error_message = "oidc_provider_arn: missing; runtime \"eks\" with eks_identity \"irsa\" needs the cluster's OIDC provider ARN (or use eks_identity \"pod-identity\")."
  }
  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:[^:]+:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn: '${coalesce(var.oidc_provider_arn, "-")}' is not valid; use the ARN of an IAM OIDC provider, arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE."
  }
}

variable "namespace" {
  description = "EKS: namespace of the ServiceAccount."
  type        = string
  default     = "aurora-refresh"
}

variable "service_account" {
  description = "EKS: name of the ServiceAccount the CronJob runs as."
  type        = string
  default     = "aurora-refresh"
}

variable "tags" {
  description = "Tags on every resource the module creates."
  type        = map(string)
  default     = {}
}
