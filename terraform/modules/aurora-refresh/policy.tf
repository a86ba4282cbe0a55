# The job's policy, generated: for each pipeline the statements iam/policy.json documents (see
# iam/README.md for why each one is there). A test keeps iam/policy.json equal to this for one pipeline.
locals {
  rds = "arn:${local.partition}:rds:${local.region}:${local.account_id}"

  pipeline_policies = { for key, p in local.pipelines : key => jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "ReadClustersAndInstances"
        Effect   = "Allow"
        Action   = ["rds:DescribeDBClusters", "rds:DescribeDBInstances"]
        Resource = "*"
      },
      {
        Sid    = "CloneTheSource"
        Effect = "Allow"
        Action = "rds:RestoreDBClusterToPointInTime"
        Resource = ["${local.rds}:cluster:${lower(p.source_cluster)}", "${local.rds}:cluster:${key}-*",
        "${local.rds}:subgrp:*", "${local.rds}:cluster-pg:*"]
        Condition = { StringEquals = local.request_tags[key] }
      },
      {
        Sid       = "CreateCloneInstances"
        Effect    = "Allow"
        Action    = "rds:CreateDBInstance"
        Resource  = ["${local.rds}:db:${key}-*", "${local.rds}:cluster:${key}-*", "${local.rds}:pg:*"]
        Condition = { StringEquals = local.request_tags[key] }
      },
      {
        Sid      = "TagClonesAtCreation"
        Effect   = "Allow"
        Action   = "rds:AddTagsToResource"
        Resource = local.clones[key]
        Condition = {
          StringEquals              = local.request_tags[key]
          "ForAllValues:StringLike" = { "aws:TagKeys" = ["aurora-refresh:*"] }
        }
      },
      {
        Sid      = "RetagOwnClones"
        Effect   = "Allow"
        Action   = "rds:AddTagsToResource"
        Resource = local.clones[key]
        Condition = {
          StringEquals              = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline }
          "ForAllValues:StringLike" = { "aws:TagKeys" = ["aurora-refresh:*"] }
        }
      },
      {
        Sid       = "UnprotectAndDeleteOwnClones"
        Effect    = "Allow"
        Action    = ["rds:ModifyDBCluster", "rds:DeleteDBInstance", "rds:DeleteDBCluster"]
        Resource  = local.clones[key]
        Condition = { StringEquals = { "aws:ResourceTag/aurora-refresh:pipeline" = p.pipeline } }
      },
      ], [for s in [{
        Sid      = "FinalSnapshotOfDeletedClones"
        Effect   = "Allow"
        Action   = "rds:DeleteDBCluster"
        Resource = "${local.rds}:cluster-snapshot:${key}-*-final"
      }] : s if p.final_snapshot], [
      {
        Sid      = "NeverChangeTheSource"
        Effect   = "Deny"
        Action   = ["rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:AddTagsToResource"]
        Resource = "${local.rds}:cluster:${lower(p.source_cluster)}"
      },
      {
        Sid      = "FindTheHostedZoneByName"
        Effect   = "Allow"
        Action   = "route53:ListHostedZonesByName"
        Resource = "*"
      },
      {
        Sid      = "ReadTheHostedZone"
        Effect   = "Allow"
        Action   = ["route53:GetHostedZone", "route53:ListResourceRecordSets"]
        Resource = "arn:${local.partition}:route53:::hostedzone/${p.hosted_zone_id}"
      },
      {
        Sid      = "SwitchTheRecord"
        Effect   = "Allow"
        Action   = "route53:ChangeResourceRecordSets"
        Resource = "arn:${local.partition}:route53:::hostedzone/${p.hosted_zone_id}"
        Condition = {
          "ForAllValues:StringEquals" = {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames" = compact([p.record, p.reader_record])
            "route53:ChangeResourceRecordSetsRecordTypes"           = ["CNAME"]
            "route53:ChangeResourceRecordSetsActions"               = ["UPSERT"]
          }
        }
      },
      {
        Sid      = "WaitForTheRecordChange"
        Effect   = "Allow"
        Action   = "route53:GetChange"
        Resource = "arn:${local.partition}:route53:::change/*"
      },
    ])
  }) }

  clones = { for key, p in local.pipelines : key => ["${local.rds}:cluster:${key}-*", "${local.rds}:db:${key}-*"] }
  request_tags = { for key, p in local.pipelines : key => {
    "aws:RequestTag/aurora-refresh:pipeline" = p.pipeline
    "aws:RequestTag/aurora-refresh:source"   = p.source_cluster
  } }
}
