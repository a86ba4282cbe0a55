output "role_arn" {
  description = "The job's role: the ECS task role, or (EKS) the eks.amazonaws.com/role-arn annotation of k8s/serviceaccount.yaml, or the role of the Pod Identity association."
  value       = aws_iam_role.job.arn
}

output "role_name" {
  description = "The job's role name."
  value       = aws_iam_role.job.name
}

output "policy_arns" {
  description = "The pipelines' policies, by clone prefix."
  value       = { for k, p in aws_iam_policy.pipeline : k => p.arn }
}

output "environment" {
  description = "By clone prefix, the settings `aurora-refresh run` is given for the pipeline (ECS: the task's environment; EKS: put them in the pipeline's ConfigMap)."
  value       = { for k, p in local.pipelines : k => p.environment }
}

output "task_definition_arns" {
  description = "ECS: the task definitions, by clone prefix (fleet = true: one, \"fleet\")."
  value       = { for k, t in aws_ecs_task_definition.pipeline : k => t.arn }
}

output "schedule_arns" {
  description = "ECS: the schedules, by clone prefix (fleet = true: one, \"fleet\")."
  value       = { for k, s in aws_scheduler_schedule.pipeline : k => s.arn }
}

output "log_group_name" {
  description = "ECS: the tasks' log group (streams <clone prefix>/aurora-refresh/<task id>)."
  value       = one(aws_cloudwatch_log_group.task[*].name)
}

output "dead_letter_queue_url" {
  description = "ECS: the queue where the scheduler puts starts it could not make; alert on its depth."
  value       = one(aws_sqs_queue.dead_letters[*].url)
}

output "execution_role_arn" {
  description = "ECS: the task execution role."
  value       = one(aws_iam_role.execution[*].arn)
}

output "scheduler_role_arn" {
  description = "ECS: the role the schedules start the tasks with."
  value       = one(aws_iam_role.scheduler[*].arn)
}

output "fleet_yaml" {
  description = "The pipelines as a fleet file (docs/configuration.md): with fleet = true the ECS task's; on EKS, the file for k8s/components/fleet."
  value       = local.fleet_yaml
}

output "fleet_parameter_arn" {
  description = "ECS with fleet = true: the SSM parameter holding fleet_yaml, which the task reads as AURORA_REFRESH_CONFIG_YAML."
  value       = one(aws_ssm_parameter.fleet[*].arn)
}
