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
    "AURORA_REFRESH_FINAL_SNAPSHOT", "AURORA_REFRESH_FINAL_SNAPSHOT_RETAIN", "AURORA_REFRESH_KMS_KEY_ID",
  "AURORA_REFRESH_MASTER_PASSWORD"]

  # A source named by its ARN (core/SourceArn): a cluster another account shares with this one. The
  # captures: partition, region, account, cluster identifier.
  source_arn = "^arn:(aws[a-z-]*):rds:([a-z0-9-]+):([0-9]{12}):cluster:(.+)$"

  # What a clone cannot take from a cluster named by its ARN, whose settings RDS does not show this
  # account: `run` refuses such a source without them (PipelineOptions.requireWhatAnotherAccountHides).
  settings_another_account_hides = ["AURORA_REFRESH_INSTANCE_CLASS", "AURORA_REFRESH_DB_SUBNET_GROUP",
  "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP", "AURORA_REFRESH_DB_PARAMETER_GROUP"]

  # The pipelines with the application's defaults and normal forms (records lower case, no final dot).
  pipeline_list = [for p in var.pipelines : {
    source_cluster = p.source_cluster
    # the ARN the policy names the source by: a shared source's as given, else this account's (identifier in lower case)
    source_arn            = can(regex(local.source_arn, p.source_cluster)) ? p.source_cluster : "arn:${local.partition}:rds:${local.region}:${local.account_id}:cluster:${lower(p.source_cluster)}"
    source_account        = try(regex(local.source_arn, p.source_cluster)[2], local.account_id)
    clone_prefix          = coalesce(p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone")
    pipeline              = coalesce(p.pipeline, p.clone_prefix, "${try(regex(local.source_arn, p.source_cluster)[3], p.source_cluster)}-clone")
    hosted_zone_id        = trimprefix(trimprefix(p.hosted_zone_id, "/"), "hostedzone/")
    record                = trimsuffix(lower(trimspace(p.record)), ".")
    reader_record         = p.reader_record == null ? null : trimsuffix(lower(trimspace(p.reader_record)), ".")
    final_snapshot        = p.final_snapshot
    final_snapshot_retain = p.final_snapshot_retain
    # --kms-key-id, and the key as the policy names it (PolicyDocuments.cloneKeyStatement): IAM names a key by its
    # key ARN only, so an ARN as given, a key id as this account's; an alias (alias/<name> or its ARN) as any key
    # of the alias's account that has the alias (kms_key_alias, the policy's kms:ResourceAliases)
    kms_key_id    = p.kms_key_id
    kms_key_alias = try(regex("^(arn:[^:]+:kms:[^:]+:[0-9]{12}:)?(alias/.+)$", p.kms_key_id)[1], null)
    kms_key_arn = p.kms_key_id == null ? null : can(regex("^arn:[^:]+:kms:[^:]+:[0-9]{12}:alias/", p.kms_key_id)) ? "${split(":alias/", p.kms_key_id)[0]}:key/*" : (
      startswith(p.kms_key_id, "arn:") ? p.kms_key_id : "arn:${local.partition}:kms:${local.region}:${local.account_id}:${startswith(p.kms_key_id, "alias/") ? "key/*" : "key/${p.kms_key_id}"}"
    )
    # --master-password as given (null: the application's default, not passed), and what the policy allows for:
    # the default is managed (PipelineOptions.toPipeline)
    master_password         = p.master_password
    managed_master_password = coalesce(p.master_password, "managed") == "managed"
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
    # --master-password secret:<ARN>: the pass reads the clones' master password from that secret
    master_password_secret = try(regex("^secret:(.+)$", coalesce(p.master_password, "-"))[0], null)
    # --db-master-secret: each clone's own managed master secret (a login of its own: run refuses it with another)
    db_master_secret = lower(trimspace(lookup(merge(var.environment, p.environment), "AURORA_REFRESH_DB_MASTER_SECRET", "false"))) == "true"
    # --master-user-secret-kms-key-id: the customer managed key of the clones' master password secrets, named
    # in the policy as kms_key_id is (an alias: any key of its account with that alias)
    master_secret_kms_key = lookup(merge(var.environment, p.environment), "AURORA_REFRESH_MASTER_USER_SECRET_KMS_KEY_ID", null)
  }]

  # By clone prefix as RDS stores it (lower case), with what `aurora-refresh run` must be given for
  # the pipeline (ECS: the task's environment; EKS: the ConfigMap).
  pipelines = { for p in local.pipeline_list : lower(p.clone_prefix) => merge(p, {
    master_secret_kms_key_alias = try(regex("^(arn:[^:]+:kms:[^:]+:[0-9]{12}:)?(alias/.+)$", p.master_secret_kms_key)[1], null)
    master_secret_kms_key_arn = p.master_secret_kms_key == null ? null : can(regex("^arn:[^:]+:kms:[^:]+:[0-9]{12}:alias/", p.master_secret_kms_key)) ? "${split(":alias/", p.master_secret_kms_key)[0]}:key/*" : (
      startswith(p.master_secret_kms_key, "arn:") ? p.master_secret_kms_key : "arn:${local.partition}:kms:${local.region}:${local.account_id}:${startswith(p.master_secret_kms_key, "alias/") ? "key/*" : "key/${p.master_secret_kms_key}"}"
    )
    environment = merge(p.settings, {
      AWS_REGION                           = local.region
      AURORA_REFRESH_SOURCE_CLUSTER        = p.source_cluster
      AURORA_REFRESH_CLONE_PREFIX          = p.clone_prefix
      AURORA_REFRESH_PIPELINE              = p.pipeline
      AURORA_REFRESH_HOSTED_ZONE_ID        = p.hosted_zone_id
      AURORA_REFRESH_RECORD                = p.record
      AURORA_REFRESH_FINAL_SNAPSHOT        = tostring(p.final_snapshot)
      AURORA_REFRESH_FINAL_SNAPSHOT_RETAIN = tostring(p.final_snapshot_retain)
      }, p.reader_record == null ? {} : { AURORA_REFRESH_READER_RECORD = p.reader_record },
      p.kms_key_id == null ? {} : { AURORA_REFRESH_KMS_KEY_ID = p.kms_key_id },
    p.master_password == null ? {} : { AURORA_REFRESH_MASTER_PASSWORD = p.master_password })
  }) }
}

locals {
  # The fleet file (docs/configuration.md): each pipeline's settings under the option names, what it
  # sets in environment too (AURORA_REFRESH_WAIT_TIMEOUT becomes wait-timeout); the module-wide
  # environment stays the task's, under every pipeline.
  fleet_yaml = yamlencode({ pipelines = [for p in local.pipeline_list : merge(
    { for k, v in p.own_settings : replace(lower(trimprefix(k, "AURORA_REFRESH_")), "_", "-") => v },
    {
      pipeline                = p.pipeline
      "source-cluster"        = p.source_cluster
      "clone-prefix"          = p.clone_prefix
      "hosted-zone-id"        = p.hosted_zone_id
      record                  = p.record
      "final-snapshot"        = p.final_snapshot
      "final-snapshot-retain" = p.final_snapshot_retain
    },
    p.reader_record == null ? {} : { "reader-record" = p.reader_record },
    p.kms_key_id == null ? {} : { "kms-key-id" = p.kms_key_id },
    p.master_password == null ? {} : { "master-password" = p.master_password }
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
