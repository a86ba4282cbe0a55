data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # The settings the pipeline's keys define; the environment may not set them (the policy follows the keys).
  pipeline_settings = ["AURORA_REFRESH_SOURCE_CLUSTER", "AURORA_REFRESH_CLONE_PREFIX", "AURORA_REFRESH_PIPELINE",
    "AURORA_REFRESH_HOSTED_ZONE", "AURORA_REFRESH_HOSTED_ZONE_ID", "AURORA_REFRESH_RECORD", "AURORA_REFRESH_READER_RECORD",
  "AURORA_REFRESH_FINAL_SNAPSHOT"]

  # The pipelines with the application's defaults and normal forms (records lower case, no final dot).
  pipeline_list = [for p in var.pipelines : {
    source_cluster = p.source_cluster
    clone_prefix   = coalesce(p.clone_prefix, "${p.source_cluster}-clone")
    pipeline       = coalesce(p.pipeline, p.clone_prefix, "${p.source_cluster}-clone")
    hosted_zone_id = trimprefix(trimprefix(p.hosted_zone_id, "/"), "hostedzone/")
    record         = trimsuffix(lower(trimspace(p.record)), ".")
    reader_record  = p.reader_record == null ? null : trimsuffix(lower(trimspace(p.reader_record)), ".")
    final_snapshot = p.final_snapshot
    # the clones' enhanced monitoring role: the source writer's, or AURORA_REFRESH_MONITORING_ROLE_ARN
    monitoring_role_arn = p.monitoring_role_arn
    secrets             = merge(var.secrets, p.secrets)
    settings            = merge(var.environment, p.environment)
    own_settings        = p.environment
    # the probes' login, from the same settings `run` reads: what the policy must allow for it
    db_iam_auth       = lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_IAM_AUTH", "false"))) == "true"
    db_user           = lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_USER", null)
    db_secret_arn     = lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_SECRET_ARN", null)
    db_secret_kms_key = lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_SECRET_KMS_KEY", null)
    # --master-password (default managed): RDS makes each clone's master password secret with the caller's permissions
    managed_master_password = lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_MASTER_PASSWORD", "managed"))) == "managed"
    # --master-user-secret-kms-key-id: the customer managed key of the clones' master password secrets
    master_secret_kms_key = lookup(merge(var.environment, p.environment), "AURORA_REFRESH_MASTER_USER_SECRET_KMS_KEY_ID", null)
  }]

  # By clone prefix as RDS stores it (lower case), with what `aurora-refresh run` must be given for
  # the pipeline (ECS: the task's environment; EKS: the ConfigMap).
  pipelines = { for p in local.pipeline_list : lower(p.clone_prefix) => merge(p, {
    environment = merge(p.settings, {
      AWS_REGION                    = local.region
      AURORA_REFRESH_SOURCE_CLUSTER = p.source_cluster
      AURORA_REFRESH_CLONE_PREFIX   = p.clone_prefix
      AURORA_REFRESH_PIPELINE       = p.pipeline
      AURORA_REFRESH_HOSTED_ZONE_ID = p.hosted_zone_id
      AURORA_REFRESH_RECORD         = p.record
      AURORA_REFRESH_FINAL_SNAPSHOT = tostring(p.final_snapshot)
    }, p.reader_record == null ? {} : { AURORA_REFRESH_READER_RECORD = p.reader_record })
  }) }
}

locals {
  # The fleet file (docs/configuration.md): each pipeline's settings under the option names, what it
  # sets in environment too (AURORA_REFRESH_WAIT_TIMEOUT becomes wait-timeout); the module-wide
  # environment stays the task's, under every pipeline.
  fleet_yaml = yamlencode({ pipelines = [for p in local.pipeline_list : merge(
    { for k, v in p.own_settings : replace(lower(trimprefix(k, "AURORA_REFRESH_")), "_", "-") => v },
    {
      pipeline         = p.pipeline
      "source-cluster" = p.source_cluster
      "clone-prefix"   = p.clone_prefix
      "hosted-zone-id" = p.hosted_zone_id
      record           = p.record
      "final-snapshot" = p.final_snapshot
    },
    p.reader_record == null ? {} : { "reader-record" = p.reader_record }
  )] })
}

locals {
  # Trust policies of roles an AWS service assumes for this account (iam/trust/*.json): the service and what it calls.
  trusted_service = { for service, actions in {
    "ecs-tasks.amazonaws.com" = ["sts:AssumeRole"]
    "scheduler.amazonaws.com" = ["sts:AssumeRole"]
    "pods.eks.amazonaws.com"  = ["sts:AssumeRole", "sts:TagSession"]
    } : service => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Service = service }
        Action    = actions
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      }]
  }) }
}

# The job's role: the ECS task role, or the role the EKS ServiceAccount assumes.
resource "aws_iam_role" "job" {
  name        = var.name
  description = "aurora-refresh: refreshes the clones of ${join(", ", [for p in local.pipelines : p.pipeline])}"
  assume_role_policy = (var.runtime == "ecs" ? local.trusted_service["ecs-tasks.amazonaws.com"]
  : var.eks_identity == "irsa" ? local.trust_irsa : local.trusted_service["pods.eks.amazonaws.com"])
  tags = var.tags
}

# One least-privilege policy per pipeline, each what iam/policy.json documents for that pipeline.
resource "aws_iam_policy" "pipeline" {
  for_each    = local.pipelines
  name        = "${var.name}-${each.key}"
  description = "aurora-refresh pipeline ${each.value.pipeline}: clones of ${each.value.source_cluster} named ${each.key}-*"
  policy      = local.pipeline_policies[each.key]
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "pipeline" {
  for_each   = local.pipelines
  role       = aws_iam_role.job.name
  policy_arn = aws_iam_policy.pipeline[each.key].arn
}
