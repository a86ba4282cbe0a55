# The job's policy, generated: for each pipeline the statements iam/policy.json documents (see
# iam/README.md for why each one is there). A test keeps iam/policy.json equal to this for one pipeline.
locals {
  rds = "arn:${local.partition}:rds:${local.region}:${local.account_id}"

  # The role's pipelines, as IAM condition values: one is written as a string, several as a list
  # (what iam/policy.json writes for one). A resource or request naming any other pipeline is denied.
  role_pipelines = jsondecode(length(local.pipelines) == 1 ? jsonencode(one(values(local.pipelines)).pipeline) : jsonencode(sort([for p in local.pipelines : p.pipeline])))

  pipeline_policies = { for key, p in local.pipelines : key => jsonencode({
    Version = "2012-10-17"
    # statements whose "when" is false stay out
    Statement = [for s in [
      {
        when = true
        statement = {
          Sid      = "ReadClustersAndInstances"
          Effect   = "Allow"
          Action   = ["rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBEngineVersions"]
          Resource = "*"
        }
      },
      {
        when = true
        statement = {
          Sid      = "ReadAccountQuotas"
          Effect   = "Allow"
          Action   = "rds:DescribeAccountAttributes"
          Resource = "*"
        }
      },
      {
        when = true
        statement = {
          Sid    = "CloneTheSource"
          Effect = "Allow"
          Action = "rds:RestoreDBClusterToPointInTime"
          Resource = [p.source_arn, "${local.rds}:cluster:${key}-*",
          "${local.rds}:subgrp:*", "${local.rds}:cluster-pg:*", "${local.rds}:og:default:*"]
          Condition = { StringEquals = local.request_tags[key] }
        }
      },
      {
        when = true
        statement = {
          Sid    = "CreateCloneInstances"
          Effect = "Allow"
          Action = "rds:CreateDBInstance"
          Resource = ["${local.rds}:db:${key}-*", "${local.rds}:cluster:${key}-*", "${local.rds}:pg:*",
          "${local.rds}:og:default:*", "${local.rds}:subgrp:*"]
          Condition = { StringEquals = local.request_tags[key] }
        }
      },
      {
        when = p.monitoring_role_arn != null
        statement = {
          Sid       = "PassTheMonitoringRole"
          Effect    = "Allow"
          Action    = "iam:PassRole"
          Resource  = p.monitoring_role_arn
          Condition = { StringEquals = { "iam:PassedToService" = "rds.amazonaws.com" } }
        }
      },
      {
        when = true
        statement = {
          Sid      = "TagClonesAtCreation"
          Effect   = "Allow"
          Action   = "rds:AddTagsToResource"
          Resource = local.clones[key]
          Condition = {
            Null                      = { "aws:ResourceTag/aurora-refresh:pipeline" = "true" }
            StringEquals              = local.request_tags[key]
            "ForAllValues:StringLike" = { "aws:TagKeys" = ["aurora-refresh:*"] }
          }
        }
      },
      {
        when = true
        statement = {
          Sid      = "RetagOwnClones"
          Effect   = "Allow"
          Action   = "rds:AddTagsToResource"
          Resource = local.clones[key]
          Condition = {
            StringEquals              = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline }
            "ForAllValues:StringLike" = { "aws:TagKeys" = ["aurora-refresh:*"] }
          }
        }
      },
      {
        when = true
        statement = {
          Sid       = "UnprotectAndDeleteOwnClones"
          Effect    = "Allow"
          Action    = ["rds:ModifyDBCluster", "rds:DeleteDBInstance", "rds:DeleteDBCluster"]
          Resource  = local.clones[key]
          Condition = { StringEquals = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline } }
        }
      },
      {
        when = p.final_snapshot
        statement = {
          Sid       = "SnapshotOwnClonesOnDelete"
          Effect    = "Allow"
          Action    = "rds:CreateDBClusterSnapshot"
          Resource  = "${local.rds}:cluster:${key}-*"
          Condition = { StringEquals = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline } }
        }
      },
      {
        when = p.final_snapshot
        statement = {
          Sid      = "FinalSnapshotOfDeletedClones"
          Effect   = "Allow"
          Action   = ["rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource"]
          Resource = "${local.rds}:cluster-snapshot:${key}-*-final-??????????????"
        }
      },
      {
        when = p.final_snapshot
        statement = {
          Sid      = "ListFinalSnapshots"
          Effect   = "Allow"
          Action   = "rds:DescribeDBClusterSnapshots"
          Resource = "*"
        }
      },
      {
        when = p.final_snapshot
        statement = {
          Sid       = "DeleteOwnFinalSnapshots"
          Effect    = "Allow"
          Action    = "rds:DeleteDBClusterSnapshot"
          Resource  = "${local.rds}:cluster-snapshot:${key}-*-final-??????????????"
          Condition = { StringEquals = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline } }
        }
      },
      {
        when = true
        statement = {
          Sid      = "NeverChangeTheSource"
          Effect   = "Deny"
          Action   = ["rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:AddTagsToResource", "rds:CreateDBInstance", "rds:CreateDBClusterSnapshot"]
          Resource = p.source_arn
        }
      },
      {
        when = true
        statement = {
          Sid      = "NeverTouchAnotherPipelinesResources"
          Effect   = "Deny"
          Action   = ["rds:AddTagsToResource", "rds:RestoreDBClusterToPointInTime", "rds:CreateDBInstance", "rds:ModifyDBCluster", "rds:CreateDBClusterSnapshot", "rds:DeleteDBInstance", "rds:DeleteDBCluster"]
          Resource = "*"
          Condition = {
            Null            = { "aws:ResourceTag/aurora-refresh:pipeline" = "false" }
            StringNotEquals = { "aws:ResourceTag/aurora-refresh:pipeline" = local.role_pipelines }
          }
        }
      },
      {
        when = true
        statement = {
          Sid      = "NeverTagForAnotherPipeline"
          Effect   = "Deny"
          Action   = "rds:AddTagsToResource"
          Resource = "*"
          Condition = {
            Null            = { "aws:RequestTag/aurora-refresh:pipeline" = "false" }
            StringNotEquals = { "aws:RequestTag/aurora-refresh:pipeline" = local.role_pipelines }
          }
        }
      },
      {
        # several pipelines in one role: none may hand this pipeline's clones to another of them
        when = length(local.pipelines) > 1
        statement = {
          Sid      = "NeverHandThisPipelinesClonesToAnother"
          Effect   = "Deny"
          Action   = ["rds:AddTagsToResource", "rds:RestoreDBClusterToPointInTime", "rds:CreateDBInstance"]
          Resource = "*"
          Condition = {
            StringEquals    = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline }
            Null            = { "aws:RequestTag/aurora-refresh:pipeline" = "false" }
            StringNotEquals = { "aws:RequestTag/aurora-refresh:pipeline" = p.pipeline }
          }
        }
      },
      {
        when = true
        statement = {
          Sid      = "FindTheHostedZoneByName"
          Effect   = "Allow"
          Action   = "route53:ListHostedZonesByName"
          Resource = "*"
        }
      },
      {
        when = true
        statement = {
          Sid      = "ReadTheHostedZone"
          Effect   = "Allow"
          Action   = ["route53:GetHostedZone", "route53:ListResourceRecordSets"]
          Resource = "arn:${local.partition}:route53:::hostedzone/${p.hosted_zone_id}"
        }
      },
      {
        when = true
        statement = {
          Sid      = "SwitchTheRecord"
          Effect   = "Allow"
          Action   = "route53:ChangeResourceRecordSets"
          Resource = "arn:${local.partition}:route53:::hostedzone/${p.hosted_zone_id}"
          Condition = {
            "ForAllValues:StringEquals" = {
              "route53:ChangeResourceRecordSetsNormalizedRecordNames" = compact([p.record, p.reader_record])
              "route53:ChangeResourceRecordSetsRecordTypes"           = ["CNAME"]
              "route53:ChangeResourceRecordSetsActions"               = ["UPSERT", "DELETE"]
            }
          }
        }
      },
      {
        when = true
        statement = {
          Sid      = "WaitForTheRecordChange"
          Effect   = "Allow"
          Action   = "route53:GetChange"
          Resource = "arn:${local.partition}:route53:::change/*"
        }
      },
      {
        # the probes' and hooks' login: the clone's resource id is new every day, so any cluster's user of that name
        when = p.db_iam_auth
        statement = {
          Sid      = "ConnectAsTheDatabaseUser"
          Effect   = "Allow"
          Action   = "rds-db:connect"
          Resource = "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:cluster-*/${join("", compact([p.db_user]))}"
        }
      },
      {
        when = !p.db_iam_auth && p.db_secret_arn != null
        statement = {
          Sid      = "ReadTheDatabaseSecret"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = flatten([for arn in compact([p.db_secret_arn]) : [arn, "${arn}-??????"]])
        }
      },
      {
        when = !p.db_iam_auth && p.db_secret_kms_key != null
        statement = {
          Sid       = "DecryptTheDatabaseSecret"
          Effect    = "Allow"
          Action    = "kms:Decrypt"
          Resource  = p.db_secret_kms_key
          Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
        }
      },
      {
        # --master-password secret:<ARN>: the clones' master password, read by the pass itself
        when = p.master_password_secret != null
        statement = {
          Sid      = "ReadTheMasterPasswordSecret"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = flatten([for arn in compact([p.master_password_secret]) : [arn, "${arn}-??????"]])
        }
      },
      {
        # each clone's own master secret: RDS names it rds!cluster-<uuid> and tags it with the clone's ARN
        when = p.db_master_secret
        statement = {
          Sid       = "ReadTheClonesMasterSecret"
          Effect    = "Allow"
          Action    = "secretsmanager:GetSecretValue"
          Resource  = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:rds!cluster-*"
          Condition = { StringLike = { "secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn" = "${local.rds}:cluster:${key}-*" } }
        }
      },
      # What RDS does with the caller's permissions for a clone (PolicyDocuments.keysAndSecrets): encrypt
      # it with kms_key_id; for a source of another account, use that account's key (which one, this
      # account cannot read); with a managed master password, make the clone's secret. A statement the
      # generator adds there goes here, in the same place, its "when" from the pipeline's keys (main.tf).
      {
        when = p.kms_key_arn != null
        statement = {
          Sid       = "EncryptClonesWithTheirKey"
          Effect    = "Allow"
          Action    = local.kms_for_rds
          Resource  = p.kms_key_arn
          Condition = merge(local.via_rds, { for a in compact([p.kms_key_alias]) : "ForAnyValue:StringEquals" => { "kms:ResourceAliases" = a } })
        }
      },
      {
        when = p.source_account != local.account_id
        statement = {
          Sid       = "UseTheSharedSourcesKey"
          Effect    = "Allow"
          Action    = local.kms_for_rds
          Resource  = "arn:${local.partition}:kms:${local.region}:${p.source_account}:key/*"
          Condition = local.via_rds
        }
      },
      {
        # RDS makes the secret of each clone's new master password with the caller's permissions (the Aurora
        # guide's "Permissions required for Secrets Manager integration")
        when = p.managed_master_password
        statement = {
          Sid      = "LetRdsKeepTheClonesMasterPassword"
          Effect   = "Allow"
          Action   = ["secretsmanager:CreateSecret", "secretsmanager:TagResource"]
          Resource = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:rds!cluster-*"
        }
      },
      {
        when = p.managed_master_password
        statement = {
          Sid      = "DescribeTheMasterSecretsKey"
          Effect   = "Allow"
          Action   = "kms:DescribeKey"
          Resource = "arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"
        }
      },
      {
        # --master-user-secret-kms-key-id: RDS and Secrets Manager use that key with the caller's permissions
        # (no kms:ViaService: the guide does not say through which service); an alias as for kms_key_id
        when = p.managed_master_password && p.master_secret_kms_key_arn != null
        statement = merge({
          Sid      = "EncryptTheMasterSecretWithItsKey"
          Effect   = "Allow"
          Action   = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]
          Resource = p.master_secret_kms_key_arn
        }, p.master_secret_kms_key_alias == null ? {} : { Condition = { "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = p.master_secret_kms_key_alias } } })
      },
    ] : s.statement if s.when]
  }) }

  # RDS uses a key for the caller only through itself
  kms_for_rds = ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
  via_rds     = { StringEquals = { "kms:ViaService" = "rds.${local.region}.amazonaws.com" } }

  clones = { for key, p in local.pipelines : key => ["${local.rds}:cluster:${key}-*", "${local.rds}:db:${key}-*"] }
  request_tags = { for key, p in local.pipelines : key => {
    "aws:RequestTag/aurora-refresh:pipeline" = p.pipeline
    "aws:RequestTag/aurora-refresh:source"   = p.source_cluster
  } }
}
