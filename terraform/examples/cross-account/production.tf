# The production account: what lets the development account clone the source. Nothing here
# changes the cluster itself.

data "aws_rds_cluster" "source" {
  provider           = aws.production
  cluster_identifier = var.source_cluster
}

# AWS RAM: the cluster shared with the development account. Outside your AWS Organization (or
# without RAM sharing enabled in it) the development account gets an invitation: set
# accept_invitation (the development side accepts it below).
resource "aws_ram_resource_share" "source" {
  provider                  = aws.production
  name                      = "${var.name}-${var.source_cluster}"
  allow_external_principals = var.accept_invitation
  tags                      = var.tags
}

resource "aws_ram_resource_association" "source" {
  provider           = aws.production
  resource_arn       = data.aws_rds_cluster.source.arn
  resource_share_arn = aws_ram_resource_share.source.arn
}

resource "aws_ram_principal_association" "development" {
  provider           = aws.production
  principal          = data.aws_caller_identity.development.account_id
  resource_share_arn = aws_ram_resource_share.source.arn
}

locals {
  development_root = "arn:${data.aws_partition.production.partition}:iam::${data.aws_caller_identity.development.account_id}:root"

  # The two statements the Aurora guide's cross-account cloning section gives a key policy, for the
  # development account: use of the key, and grants for AWS resources (the clone).
  source_key_statements = [
    {
      Sid       = "AllowDevelopmentAccountUseOfTheKey"
      Effect    = "Allow"
      Principal = { AWS = local.development_root }
      Action    = ["kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      Resource  = "*"
    },
    {
      Sid       = "AllowDevelopmentAccountAttachmentOfPersistentResources"
      Effect    = "Allow"
      Principal = { AWS = local.development_root }
      Action    = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
      Resource  = "*"
      Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
    },
  ]
}

# The source's key policy: this REPLACES the key's whole policy with the production account's
# administration of it plus the two statements above. If the key's policy is managed elsewhere
# (or has statements of its own), set manage_source_key_policy = false and add the statements of
# the output source_key_policy_statements there instead.
resource "aws_kms_key_policy" "source" {
  count    = var.manage_source_key_policy ? 1 : 0
  provider = aws.production
  key_id   = data.aws_rds_cluster.source.kms_key_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid       = "EnableIAMUserPermissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.production.partition}:iam::${data.aws_caller_identity.production.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }], local.source_key_statements)
  })

  lifecycle {
    precondition {
      condition     = data.aws_rds_cluster.source.storage_encrypted
      error_message = "source_cluster: ${var.source_cluster} is not encrypted; set manage_source_key_policy = false."
    }
  }
}
