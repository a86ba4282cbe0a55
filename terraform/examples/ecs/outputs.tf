output "role_arn" {
  description = "The task role."
  value       = module.aurora_refresh.role_arn
}

output "task_definition_arns" {
  description = "The task definitions, by clone prefix."
  value       = module.aurora_refresh.task_definition_arns
}

output "schedule_arns" {
  description = "The schedules, by clone prefix."
  value       = module.aurora_refresh.schedule_arns
}

output "log_group_name" {
  description = "Where the passes log."
  value       = module.aurora_refresh.log_group_name
}

output "dead_letter_queue_url" {
  description = "Starts the scheduler could not make; alert on its depth."
  value       = module.aurora_refresh.dead_letter_queue_url
}

output "fleet_yaml" {
  description = "The pipelines as a fleet file."
  value       = module.aurora_refresh.fleet_yaml
}
