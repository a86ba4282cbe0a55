# runtime "ecs": a Fargate task per pipeline, started by an EventBridge Scheduler schedule
# (what ecs/deploy.sh creates with the AWS CLI, for any number of pipelines).
locals {
  # a task per pipeline, or (fleet) one for them all
  ecs       = var.runtime == "ecs" && !var.fleet ? local.pipelines : {}
  ecs_fleet = var.runtime == "ecs" && var.fleet

  # <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]: pull from that repository only
  ecr_image      = var.image == null ? null : regex("^(?:(?P<account>[0-9]{12})\\.dkr\\.ecr\\.(?P<region>[a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/(?P<repository>[^:@]+))?", var.image)
  ecr_repository = try("arn:${local.partition}:ecr:${local.ecr_image.region}:${local.ecr_image.account}:repository/${local.ecr_image.repository}", null)

  # what a task's secret may come from: a Secrets Manager secret (ARN, optionally :json-key:stage:version) or an SSM parameter (ARN)
  secret_reference = "^arn:[^:]+:(secretsmanager:[^:]+:[0-9]{12}:secret:.+|ssm:[^:]+:[0-9]{12}:parameter/.+)$"

  # valueFrom of a secret's JSON key is <secret ARN>:<key>:<stage>:<version>; the execution role reads the secret
  task_secrets       = distinct(concat(flatten([for p in local.ecs : values(p.secrets)]), local.ecs_fleet ? values(var.secrets) : []))
  secret_arns        = distinct([for v in local.task_secrets : join(":", slice(split(":", v), 0, 7)) if split(":", v)[2] == "secretsmanager"])
  ssm_parameter_arns = concat([for v in local.task_secrets : v if split(":", v)[2] == "ssm"], aws_ssm_parameter.fleet[*].arn)

  # What a task runs with: its name (family, schedule, log stream prefix), settings and secrets.
  tasks = local.ecs_fleet ? {
    fleet = {
      description = "every pipeline of /${var.name}/fleet (${join(", ", [for p in local.pipeline_list : p.pipeline])})"
      environment = merge(var.environment, { AWS_REGION = local.region })
      secrets     = merge(var.secrets, { AURORA_REFRESH_CONFIG_YAML = one(aws_ssm_parameter.fleet[*].arn) })
    }
    } : { for key, p in local.ecs : key => {
      description = "pipeline ${p.pipeline}"
      environment = p.environment
      secrets     = p.secrets
  } }
}

# fleet: the fleet file, which the task gets as AURORA_REFRESH_CONFIG_YAML (read by the execution role)
resource "aws_ssm_parameter" "fleet" {
  count       = local.ecs_fleet ? 1 : 0
  name        = "/${var.name}/fleet"
  description = "aurora-refresh: the fleet file (the pipelines one task refreshes)"
  type        = "String"
  tier        = length(local.fleet_yaml) > 4096 ? "Advanced" : "Standard"
  value       = local.fleet_yaml
  tags        = var.tags
}

resource "aws_cloudwatch_log_group" "task" {
  count             = var.runtime == "ecs" ? 1 : 0
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# ECS itself uses it to start the task: pull the image, write the log, read the task's secrets.
resource "aws_iam_role" "execution" {
  count              = var.runtime == "ecs" ? 1 : 0
  name               = "${var.name}-execution"
  description        = "aurora-refresh: ECS starts the task with it (image pull, log, the task's secrets)"
  assume_role_policy = local.trusted_service["ecs-tasks.amazonaws.com"]
  tags               = var.tags
}

resource "aws_iam_role_policy" "execution" {
  count = var.runtime == "ecs" ? 1 : 0
  name  = "pull-log-and-read-secrets"
  role  = aws_iam_role.execution[0].id
  # statements whose "when" is false stay out: no ECR image, no secret, no parameter
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for s in [
      {
        when = local.ecr_repository != null
        statement = {
          Sid      = "PullTheImageFromEcr"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
          Resource = local.ecr_repository
        }
      },
      {
        when = local.ecr_repository != null
        statement = {
          Sid      = "LogInToEcr"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        }
      },
      {
        when = true
        statement = {
          Sid      = "WriteTheTaskLog"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.task[0].arn}:*"
        }
      },
      {
        when = length(local.secret_arns) > 0
        statement = {
          Sid      = "ReadTheTaskSecrets"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = local.secret_arns
        }
      },
      {
        when = length(local.ssm_parameter_arns) > 0
        statement = {
          Sid      = "ReadTheTaskParameters"
          Effect   = "Allow"
          Action   = "ssm:GetParameters"
          Resource = local.ssm_parameter_arns
        }
      },
    ] : s.statement if s.when]
  })
}

resource "aws_ecs_task_definition" "pipeline" {
  for_each                 = local.tasks
  family                   = "${var.name}-${each.key}"
  task_role_arn            = aws_iam_role.job.arn
  execution_role_arn       = aws_iam_role.execution[0].arn
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu
  memory                   = var.memory
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = "aurora-refresh"
    image                  = var.image
    essential              = true
    command                = ["run"]
    user                   = "1001"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    environment            = [for k in sort(keys(each.value.environment)) : { name = k, value = each.value.environment[k] }]
    secrets                = [for k in sort(keys(each.value.secrets)) : { name = k, valueFrom = each.value.secrets[k] }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.task[0].name
        awslogs-region        = local.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

# Where the scheduler puts a start it could not make, after its retries.
resource "aws_sqs_queue" "dead_letters" {
  count                     = var.runtime == "ecs" ? 1 : 0
  name                      = "${var.name}-schedule-dead-letters"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_iam_role" "scheduler" {
  count              = var.runtime == "ecs" ? 1 : 0
  name               = "${var.name}-scheduler"
  description        = "aurora-refresh: EventBridge Scheduler starts the pipelines' tasks with it"
  assume_role_policy = local.trusted_service["scheduler.amazonaws.com"]
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  count = var.runtime == "ecs" ? 1 : 0
  name  = "run-task"
  role  = aws_iam_role.scheduler[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RunTheRefreshTasks"
        Effect    = "Allow"
        Action    = "ecs:RunTask"
        Resource  = [for t in aws_ecs_task_definition.pipeline : "${t.arn_without_revision}:*"]
        Condition = { ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn } }
      },
      {
        Sid       = "TagTheTaskItStarts"
        Effect    = "Allow"
        Action    = "ecs:TagResource"
        Resource  = "*"
        Condition = { StringEquals = { "ecs:CreateAction" = "RunTask" } }
      },
      {
        Sid       = "HandTheTaskItsRoles"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = [aws_iam_role.job.arn, aws_iam_role.execution[0].arn]
        Condition = { StringLike = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        Sid      = "ReportFailedStarts"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.dead_letters[0].arn
      },
    ]
  })
}

resource "aws_scheduler_schedule" "pipeline" {
  for_each                     = local.tasks
  name                         = "${var.name}-${each.key}"
  description                  = "aurora-refresh: one refresh pass of ${each.value.description}"
  schedule_expression          = var.schedule
  schedule_expression_timezone = var.schedule_time_zone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = var.ecs_cluster_arn
    role_arn = aws_iam_role.scheduler[0].arn

    retry_policy {
      maximum_retry_attempts       = 2
      maximum_event_age_in_seconds = 900
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letters[0].arn
    }

    ecs_parameters {
      task_definition_arn     = aws_ecs_task_definition.pipeline[each.key].arn
      launch_type             = "FARGATE"
      task_count              = 1
      enable_ecs_managed_tags = true
      propagate_tags          = "TASK_DEFINITION"

      network_configuration {
        subnets          = var.subnets
        security_groups  = var.security_groups
        assign_public_ip = false
      }
    }
  }
}
