# The development account: the clones' own key, and the job (role, task, schedule) from the module.

resource "aws_ram_resource_share_accepter" "source" {
  count     = var.accept_invitation ? 1 : 0
  provider  = aws.development
  share_arn = aws_ram_principal_association.development.resource_share_arn
}

# The key the clones are encrypted with (the restore's KmsKeyId): the development account's own.
resource "aws_kms_key" "clones" {
  provider            = aws.development
  description         = "${var.name}: clones of ${var.source_cluster} from account ${data.aws_caller_identity.production.account_id}"
  enable_key_rotation = true
  tags                = var.tags
}

module "aurora_refresh" {
  source = "../../modules/aurora-refresh"
  providers = {
    aws = aws.development
  }

  name    = var.name
  runtime = "ecs"
  pipelines = [{
    source_cluster = data.aws_rds_cluster.source.arn
    clone_prefix   = var.clone_prefix
    hosted_zone_id = var.hosted_zone_id
    record         = var.record
    # the clones' key (the policy lets RDS use it, and the source account's key, for the clone) and
    # the master password (managed by default for a shared source: the policy lets RDS make its secret)
    kms_key_id      = aws_kms_key.clones.arn
    master_password = var.master_password
    # what a clone cannot take from a cluster of another account: given here
    environment = merge({
      AURORA_REFRESH_INSTANCE_CLASS             = var.instance_class
      AURORA_REFRESH_DB_SUBNET_GROUP            = var.db_subnet_group
      AURORA_REFRESH_VPC_SECURITY_GROUP_IDS     = join(",", var.vpc_security_group_ids)
      AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP = var.db_cluster_parameter_group
      AURORA_REFRESH_DB_PARAMETER_GROUP         = var.db_parameter_group
    }, var.environment)
  }]
  image           = var.image
  ecs_cluster_arn = var.ecs_cluster_arn
  subnets         = var.subnets
  security_groups = var.security_groups
  schedule        = var.schedule
  tags            = var.tags
}
