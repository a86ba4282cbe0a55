#!/usr/bin/env bash
# Creates or updates aurora-refresh as an ECS (Fargate) task run by an EventBridge Scheduler
# schedule. Idempotent: run it again after editing task-definition.json or the policy.
#
# Needs the AWS CLI and, in the environment:
#   IMAGE            the image built from Dockerfile.native (or Dockerfile.jvm), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0
#   ECS_CLUSTER_ARN  the cluster the task runs in
#   SUBNETS          comma-separated private subnet ids that reach the RDS and Route53 APIs
#   SECURITY_GROUPS  comma-separated security group ids for the task
# Optional:
#   NAME (aurora-refresh-dev: family, roles, policy, log group, schedule), POLICY_FILE (iam/policy.json,
#   edited for your pipeline), SCHEDULE ("cron(30 5 ? * MON-FRI *)"), SCHEDULE_TIME_ZONE (UTC),
#   AWS_REGION, ACCOUNT_ID (asked of STS when unset), LOG_RETENTION_DAYS (30)
# The task's secrets (task-definition.json "secrets"; ECS reads them with the execution role, which may
# read exactly these). They must exist before the task can start, so this script checks them first and
# stops, changing nothing, with the command that creates a missing one:
#   DB_SECRET_NAME (NAME/db)  Secrets Manager secret {"password": "..."} for AURORA_REFRESH_DB_USER,
#                             given to the task as AURORA_REFRESH_DB_PASSWORD (readiness probe, SQL hooks)
#   PUSHGATEWAY_PARAMETER (/NAME/pushgateway-url)  SSM parameter, given as AURORA_REFRESH_PUSHGATEWAY_URL
#   WITH_DB_SECRET=false, WITH_PUSHGATEWAY=false  leave the database login, or the metrics push, out
set -euo pipefail
export AWS_PAGER=""
here="$(cd "$(dirname "$0")" && pwd)"

: "${IMAGE:?set IMAGE to the aurora-refresh image}"
: "${ECS_CLUSTER_ARN:?set ECS_CLUSTER_ARN}"
: "${SUBNETS:?set SUBNETS (comma-separated subnet ids)}"
: "${SECURITY_GROUPS:?set SECURITY_GROUPS (comma-separated security group ids)}"
NAME="${NAME:-aurora-refresh-dev}"
POLICY_FILE="${POLICY_FILE:-$here/../iam/policy.json}"
SCHEDULE="${SCHEDULE:-cron(30 5 ? * MON-FRI *)}"
SCHEDULE_TIME_ZONE="${SCHEDULE_TIME_ZONE:-UTC}"
LOG_RETENTION_DAYS="${LOG_RETENTION_DAYS:-30}"
AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region || true)}}"
: "${AWS_REGION:?set AWS_REGION}"
export AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION" # the CLI reads the latter
ACCOUNT_ID="${ACCOUNT_ID:-$(aws sts get-caller-identity --query Account --output text)}"
TASK_DEFINITION_ARN=""
WITH_DB_SECRET="${WITH_DB_SECRET:-true}"
WITH_PUSHGATEWAY="${WITH_PUSHGATEWAY:-true}"
DB_SECRET_NAME="${DB_SECRET_NAME:-$NAME/db}"
PUSHGATEWAY_PARAMETER="${PUSHGATEWAY_PARAMETER:-/$NAME/pushgateway-url}"

stop() { echo "ecs/deploy.sh: $*" >&2; exit 2; }
for var in WITH_DB_SECRET WITH_PUSHGATEWAY; do
  case "${!var}" in true | false) ;; *) stop "$var: '${!var}' is not valid; use true or false" ;; esac
done

# Template lines mentioning these words are left out of the task definition and the execution policy.
DROPPED=""
DB_SECRET_ARN=""
PUSHGATEWAY_PARAMETER_ARN=""
if [ "$WITH_DB_SECRET" = true ]; then
  if ! DB_SECRET_ARN="$(aws secretsmanager describe-secret --secret-id "$DB_SECRET_NAME" --query ARN --output text 2>&1)"; then
    case "$DB_SECRET_ARN" in
      *ResourceNotFoundException*)
        stop "secret $DB_SECRET_NAME does not exist in $AWS_REGION; create it with" \
          "aws secretsmanager create-secret --name $DB_SECRET_NAME --secret-string file://db.json" \
          "(db.json: {\"password\": \"the password of AURORA_REFRESH_DB_USER\"}), or set WITH_DB_SECRET=false" ;;
      *) stop "secret $DB_SECRET_NAME: cannot read it: $(tail -n 1 <<<"$DB_SECRET_ARN")" ;;
    esac
  fi
else
  DROPPED+=' ${DB_SECRET_ARN} "AURORA_REFRESH_DB_USER" "AURORA_REFRESH_DB_TLS"'
fi
if [ "$WITH_PUSHGATEWAY" = true ]; then
  if ! PUSHGATEWAY_PARAMETER_ARN="$(aws ssm get-parameter --name "$PUSHGATEWAY_PARAMETER" --query Parameter.ARN --output text 2>&1)"; then
    case "$PUSHGATEWAY_PARAMETER_ARN" in
      *ParameterNotFound*)
        stop "parameter $PUSHGATEWAY_PARAMETER does not exist in $AWS_REGION; create it with" \
          "aws ssm put-parameter --name $PUSHGATEWAY_PARAMETER --type String --value http://pushgateway.example.internal:9091" \
          "(your Pushgateway's URL), or set WITH_PUSHGATEWAY=false" ;;
      *) stop "parameter $PUSHGATEWAY_PARAMETER: cannot read it: $(tail -n 1 <<<"$PUSHGATEWAY_PARAMETER_ARN")" ;;
    esac
  fi
else
  DROPPED+=' ${PUSHGATEWAY_PARAMETER_ARN}'
fi

json_list() { # a,b -> ["a","b"]
  local out="" item
  IFS=',' read -ra items <<<"$1"
  for item in "${items[@]}"; do out+="${out:+,}\"${item// /}\""; done
  printf '[%s]' "$out"
}
SUBNETS_JSON="$(json_list "$SUBNETS")"
SECURITY_GROUPS_JSON="$(json_list "$SECURITY_GROUPS")"

# The JSON text without the lines that mention a DROPPED word; a comma left before a closing
# bracket by a dropped last item goes too (valid JSON never has one there, so nothing else changes).
without_dropped() {
  local line word last
  local -a out=()
  while IFS= read -r line || [ -n "$line" ]; do
    for word in $DROPPED; do
      [[ "$line" == *"$word"* ]] && continue 2
    done
    if [[ "$line" =~ ^[[:space:]]*[]}] ]] && [ "${#out[@]}" -gt 0 ]; then
      last=$((${#out[@]} - 1))
      out[last]="${out[last]%,}"
    fi
    out+=("$line")
  done
  printf '%s\n' "${out[@]}"
}

# Fills ${VAR} placeholders; the example account id in iam/ files becomes yours.
render() {
  local text
  text="$(without_dropped <"$1")"
  for var in NAME ACCOUNT_ID AWS_REGION IMAGE ECS_CLUSTER_ARN SCHEDULE SCHEDULE_TIME_ZONE TASK_DEFINITION_ARN \
             SUBNETS_JSON SECURITY_GROUPS_JSON DB_SECRET_ARN PUSHGATEWAY_PARAMETER_ARN; do
    text="${text//\$\{$var\}/${!var}}"
  done
  printf '%s' "${text//123456789012/$ACCOUNT_ID}"
}

ensure_role() { # name trust-file
  if aws iam get-role --role-name "$1" >/dev/null 2>&1; then
    aws iam update-assume-role-policy --role-name "$1" --policy-document "$(render "$2")"
  else
    aws iam create-role --role-name "$1" --assume-role-policy-document "$(render "$2")" \
      --description "aurora-refresh $NAME" >/dev/null
  fi
}

echo "log group /aurora-refresh/$NAME"
aws logs create-log-group --log-group-name "/aurora-refresh/$NAME" 2>/dev/null || true
aws logs put-retention-policy --log-group-name "/aurora-refresh/$NAME" --retention-in-days "$LOG_RETENTION_DAYS"

echo "task role $NAME with policy $NAME ($POLICY_FILE)"
policy_arn="arn:aws:iam::$ACCOUNT_ID:policy/$NAME"
if aws iam get-policy --policy-arn "$policy_arn" >/dev/null 2>&1; then
  # IAM keeps five versions: drop the oldest non-default one first
  old="$(aws iam list-policy-versions --policy-arn "$policy_arn" \
    --query 'Versions[?IsDefaultVersion==`false`].VersionId' --output text | awk '{print $NF}')"
  if [ "$(aws iam list-policy-versions --policy-arn "$policy_arn" --query 'length(Versions)' --output text)" -ge 5 ]; then
    aws iam delete-policy-version --policy-arn "$policy_arn" --version-id "$old"
  fi
  aws iam create-policy-version --policy-arn "$policy_arn" --policy-document "file://$POLICY_FILE" --set-as-default >/dev/null
else
  aws iam create-policy --policy-name "$NAME" --policy-document "file://$POLICY_FILE" \
    --description "aurora-refresh $NAME: least privilege" >/dev/null
fi
ensure_role "$NAME" "$here/../iam/trust/ecs-tasks.json"
aws iam attach-role-policy --role-name "$NAME" --policy-arn "$policy_arn"

echo "execution role $NAME-execution (image pull, logs, the task's secrets)"
ensure_role "$NAME-execution" "$here/../iam/trust/ecs-tasks.json"
aws iam put-role-policy --role-name "$NAME-execution" --policy-name pull-and-log \
  --policy-document "$(render "$here/execution-role-policy.json")"

echo "scheduler role $NAME-scheduler (run the task, pass its roles)"
ensure_role "$NAME-scheduler" "$here/../iam/trust/scheduler.json"
aws iam put-role-policy --role-name "$NAME-scheduler" --policy-name run-task \
  --policy-document "$(render "$here/scheduler-role-policy.json")"

TASK_DEFINITION_ARN="$(aws ecs register-task-definition --cli-input-json "$(render "$here/task-definition.json")" \
  --query taskDefinition.taskDefinitionArn --output text)"
echo "task definition $TASK_DEFINITION_ARN"
if [ -n "$DB_SECRET_ARN" ]; then
  echo "  AURORA_REFRESH_DB_PASSWORD from $DB_SECRET_ARN (key password)"
else
  echo "  no database login (WITH_DB_SECRET=false)"
fi
if [ -n "$PUSHGATEWAY_PARAMETER_ARN" ]; then
  echo "  AURORA_REFRESH_PUSHGATEWAY_URL from $PUSHGATEWAY_PARAMETER_ARN"
else
  echo "  no metrics push (WITH_PUSHGATEWAY=false)"
fi

if aws scheduler get-schedule --name "$NAME" >/dev/null 2>&1; then
  aws scheduler update-schedule --cli-input-json "$(render "$here/schedule.json")" >/dev/null
  echo "schedule $NAME updated: $SCHEDULE $SCHEDULE_TIME_ZONE"
else
  aws scheduler create-schedule --cli-input-json "$(render "$here/schedule.json")" >/dev/null
  echo "schedule $NAME created: $SCHEDULE $SCHEDULE_TIME_ZONE"
fi
