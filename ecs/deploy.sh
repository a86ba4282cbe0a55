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
#   NAME (aurora-refresh-dev: family, roles, policy, log group, schedule, queue, topic), POLICY_FILE
#   (iam/policy.json, edited for your pipeline; ${NAME}, ${AWS_REGION}, ${ACCOUNT_ID} are filled in, and its
#   example account 123456789012 becomes yours, as in every file this uploads),
#   SCHEDULE ("30 5 * * 1-5": a five-field cron line, as in k8s/base/cronjob.yaml; the task is told it
#   for its next-run-due metric, and the EventBridge schedule gets the same line as cron(30 5 ? * MON-FRI *)),
#   SCHEDULE_TIME_ZONE (UTC), CPU_ARCHITECTURE (X86_64 or ARM64: what the image was built for),
#   ALERT_TOPIC_ARN (an SNS topic of yours; default: this creates NAME-alerts; subscribe to it),
#   AWS_REGION, ACCOUNT_ID (asked of STS when unset), LOG_RETENTION_DAYS (30),
#   IAM_RETRY_SECONDS (120: how long create-schedule waits for a new role to propagate)
# Besides the roles, task definition and schedule it keeps: an SQS dead-letter queue NAME-schedule-dlq
# for runs the schedule could not start (RunTask refused), a CloudWatch alarm on it, and an EventBridge
# rule for tasks that stopped before running (image pull or secret errors: no metrics are pushed),
# both notifying the alert topic.
# The task's secrets (task-definition.json "secrets"; ECS reads them with the execution role, which may
# read exactly these). They must exist before the task can start, so this script checks them first and
# stops, changing nothing, with the command that creates a missing one:
#   DB_SECRET_NAME (NAME/db)  Secrets Manager secret {"password": "..."} for AURORA_REFRESH_DB_USER,
#                             given to the task as AURORA_REFRESH_DB_PASSWORD (readiness probe, SQL hooks)
#   PUSHGATEWAY_PARAMETER (/NAME/pushgateway-url)  SSM parameter, given as AURORA_REFRESH_PUSHGATEWAY_URL
#   WITH_DB_SECRET=false, WITH_PUSHGATEWAY=false  leave the database login, or the metrics push, out
# Fleet mode (opt-in): one task refreshes every pipeline of a fleet file (docs/configuration.md):
#   FLEET_FILE               the file; this puts its text into an SSM parameter, given to the task as
#                            AURORA_REFRESH_CONFIG_YAML, and drops task-definition.json's pipeline settings
#   FLEET_PARAMETER (/NAME/fleet), FLEET_PARAMETER_TYPE (String or SecureString),
#   FLEET_KMS_KEY_ARN        SecureString under your own KMS key: the execution role may decrypt with it
#   POLICY_FILE              comma-separated, one policy per pipeline (`aurora-refresh iam-policy`): the
#                            first is the managed policy NAME, the others NAME-2, NAME-3, ...
set -euo pipefail
export AWS_PAGER=""
here="$(cd "$(dirname "$0")" && pwd)"

: "${IMAGE:?set IMAGE to the aurora-refresh image}"
: "${ECS_CLUSTER_ARN:?set ECS_CLUSTER_ARN}"
: "${SUBNETS:?set SUBNETS (comma-separated subnet ids)}"
: "${SECURITY_GROUPS:?set SECURITY_GROUPS (comma-separated security group ids)}"
NAME="${NAME:-aurora-refresh-dev}"
POLICY_FILE="${POLICY_FILE:-$here/../iam/policy.json}"
SCHEDULE="${SCHEDULE:-30 5 * * 1-5}"
SCHEDULE_TIME_ZONE="${SCHEDULE_TIME_ZONE:-UTC}"
LOG_RETENTION_DAYS="${LOG_RETENTION_DAYS:-30}"
CPU_ARCHITECTURE="${CPU_ARCHITECTURE:-X86_64}"
IAM_RETRY_SECONDS="${IAM_RETRY_SECONDS:-120}"
ALERT_TOPIC_ARN="${ALERT_TOPIC_ARN:-}"
AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region || true)}}"
: "${AWS_REGION:?set AWS_REGION}"
export AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION" # the CLI reads the latter
ACCOUNT_ID="${ACCOUNT_ID:-$(aws sts get-caller-identity --query Account --output text)}"
TASK_DEFINITION_ARN=""
DLQ_ARN=""
WITH_DB_SECRET="${WITH_DB_SECRET:-true}"
WITH_PUSHGATEWAY="${WITH_PUSHGATEWAY:-true}"
DB_SECRET_NAME="${DB_SECRET_NAME:-$NAME/db}"
PUSHGATEWAY_PARAMETER="${PUSHGATEWAY_PARAMETER:-/$NAME/pushgateway-url}"
FLEET_FILE="${FLEET_FILE:-}"
FLEET_PARAMETER="${FLEET_PARAMETER:-/$NAME/fleet}"
FLEET_PARAMETER_TYPE="${FLEET_PARAMETER_TYPE:-String}"
FLEET_KMS_KEY_ARN="${FLEET_KMS_KEY_ARN:-}"

stop() { echo "ecs/deploy.sh: $*" >&2; exit 2; }
for var in WITH_DB_SECRET WITH_PUSHGATEWAY; do
  case "${!var}" in true | false) ;; *) stop "$var: '${!var}' is not valid; use true or false" ;; esac
done
case "$CPU_ARCHITECTURE" in X86_64 | ARM64) ;; *) stop "CPU_ARCHITECTURE: '$CPU_ARCHITECTURE' is not valid; use X86_64 or ARM64" ;; esac
[[ "$IAM_RETRY_SECONDS" =~ ^[0-9]+$ ]] || stop "IAM_RETRY_SECONDS: '$IAM_RETRY_SECONDS' is not valid; use a whole number of seconds"
case "$FLEET_PARAMETER_TYPE" in String | SecureString) ;; *) stop "FLEET_PARAMETER_TYPE: '$FLEET_PARAMETER_TYPE' is not valid; use String or SecureString" ;; esac
if [ -n "$FLEET_FILE" ]; then
  [ -r "$FLEET_FILE" ] || stop "FLEET_FILE: '$FLEET_FILE' cannot be read; use the path of a fleet file (docs/configuration.md)"
  # an SSM parameter holds 4 KB (standard tier) or 8 KB (advanced)
  [ "$(wc -c <"$FLEET_FILE")" -le 8192 ] || stop "FLEET_FILE: '$FLEET_FILE' is over 8 KB, the most an SSM parameter holds; shorten it (defaults: for what pipelines share)"
fi
if [ -n "$FLEET_KMS_KEY_ARN" ]; then
  [ "$FLEET_PARAMETER_TYPE" = SecureString ] || stop "FLEET_KMS_KEY_ARN: set only with FLEET_PARAMETER_TYPE=SecureString"
  [[ "$FLEET_KMS_KEY_ARN" =~ ^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$ ]] ||
    stop "FLEET_KMS_KEY_ARN: '$FLEET_KMS_KEY_ARN' is not valid; use a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
fi

# The five-field cron line as EventBridge Scheduler writes it: six fields, a year, '?' for the unused
# day field, weekdays by name (cron counts Sunday 0, EventBridge 1: names mean the same in both).
eventbridge_cron() {
  local line="$1" m h dom mon dow extra
  case "$line" in
    @daily | @midnight) line="0 0 * * *" ;; @weekly) line="0 0 * * 0" ;; @monthly) line="0 0 1 * *" ;;
    @yearly | @annually) line="0 0 1 1 *" ;; @hourly) line="0 * * * *" ;;
  esac
  read -r m h dom mon dow extra <<<"$line"
  local hint="a five-field cron line such as \"30 5 * * 1-5\" (as in k8s/base/cronjob.yaml)"
  [ -n "$dow" ] && [ -z "$extra" ] || stop "SCHEDULE: '$1' is not valid; use $hint"
  [[ "$line" =~ ^[0-9A-Za-z*/,\ -]+$ ]] || stop "SCHEDULE: '$1' is not valid; use $hint"
  if [ "$dow" != "*" ] && [ "$dom" != "*" ]; then
    stop "SCHEDULE: '$1' is not valid; EventBridge cannot combine a day of month and a day of week: set one to *"
  fi
  if [ "$dow" = "*" ]; then
    dow="?"
  else
    dom="?"
    local names=(SUN MON TUE WED THU FRI SAT SUN) item base n
    local -a items converted=()
    IFS=',' read -ra items <<<"$dow"
    for item in "${items[@]}"; do # a number after / is a step, not a day
      base="${item%%/*}"
      for n in 0 1 2 3 4 5 6 7; do base="${base//$n/${names[$n]}}"; done
      converted+=("$base${item#"${item%%/*}"}")
    done
    dow="$(IFS=,; echo "${converted[*]}")"
  fi
  # EventBridge starts a step from a value, not from *
  printf 'cron(%s %s %s %s %s *)' "${m/#\*\//0/}" "${h/#\*\//0/}" "${dom/#\*\//1/}" "${mon/#\*\//1/}" "${dow^^}"
}
SCHEDULE_EXPRESSION="$(eventbridge_cron "$SCHEDULE")"

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

FLEET_PARAMETER_ARN=""
if [ -n "$FLEET_FILE" ]; then
  # the fleet file names the pipelines: the task's one-pipeline settings go
  DROPPED+=' "AURORA_REFRESH_SOURCE_CLUSTER" "AURORA_REFRESH_CLONE_PREFIX" "AURORA_REFRESH_PIPELINE" "AURORA_REFRESH_HOSTED_ZONE" "AURORA_REFRESH_RECORD"'
else
  DROPPED+=' ${FLEET_PARAMETER_ARN}'
fi
[ -n "$FLEET_KMS_KEY_ARN" ] || DROPPED+=' ${FLEET_KMS_KEY_ARN}'

json_list() { # a,b -> ["a","b"]
  local out="" item
  IFS=',' read -ra items <<<"$1"
  for item in "${items[@]}"; do out+="${out:+,}\"${item// /}\""; done
  printf '[%s]' "$out"
}
# The execution role pulls from the image's own ECR repository only; an image elsewhere needs no ECR grant.
ECR_REPOSITORY_ARN=""
if [[ "$IMAGE" =~ ^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/([^:@]+) ]]; then
  ECR_REPOSITORY_ARN="arn:aws:ecr:${BASH_REMATCH[2]}:${BASH_REMATCH[1]}:repository/${BASH_REMATCH[4]}"
else
  DROPPED+=' ${ECR_REPOSITORY_ARN} "LogInToEcr"'
fi
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

# Fills ${VAR} placeholders; the example account id in iam/ files becomes yours. Every document this
# script uploads goes through here, and one with a placeholder left over stops it before upload.
render() {
  local text
  text="$(without_dropped <"$1")"
  for var in NAME ACCOUNT_ID AWS_REGION IMAGE ECS_CLUSTER_ARN SCHEDULE SCHEDULE_EXPRESSION SCHEDULE_TIME_ZONE \
             TASK_DEFINITION_ARN SUBNETS_JSON SECURITY_GROUPS_JSON DB_SECRET_ARN PUSHGATEWAY_PARAMETER_ARN \
             ECR_REPOSITORY_ARN CPU_ARCHITECTURE DLQ_ARN ALERT_TOPIC_ARN FLEET_PARAMETER_ARN FLEET_KMS_KEY_ARN; do
    text="${text//\$\{$var\}/${!var}}"
  done
  if [[ "$text" =~ \$\{([A-Z_]+)\} ]]; then # IAM's own ${aws:...} variables are lower case
    stop "$1: \${${BASH_REMATCH[1]}} is not a placeholder this script fills"
  fi
  printf '%s' "${text//123456789012/$ACCOUNT_ID}"
}
IFS=',' read -ra POLICY_FILES <<<"$POLICY_FILE"
for file in "${POLICY_FILES[@]}"; do
  render "$file" >/dev/null # a bad placeholder stops here, before anything changes
done

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

put_policy() { # policy-name file
  local policy_arn="arn:aws:iam::$ACCOUNT_ID:policy/$1" old
  echo "task role $NAME with policy $1 ($2)"
  if aws iam get-policy --policy-arn "$policy_arn" >/dev/null 2>&1; then
    # IAM keeps five versions: drop the oldest non-default one first
    old="$(aws iam list-policy-versions --policy-arn "$policy_arn" \
      --query 'Versions[?IsDefaultVersion==`false`].VersionId' --output text | awk '{print $NF}')"
    if [ "$(aws iam list-policy-versions --policy-arn "$policy_arn" --query 'length(Versions)' --output text)" -ge 5 ]; then
      aws iam delete-policy-version --policy-arn "$policy_arn" --version-id "$old"
    fi
    aws iam create-policy-version --policy-arn "$policy_arn" --policy-document "$(render "$2")" --set-as-default >/dev/null
  else
    aws iam create-policy --policy-name "$1" --policy-document "$(render "$2")" \
      --description "aurora-refresh $NAME: least privilege" >/dev/null
  fi
}
n=0
for file in "${POLICY_FILES[@]}"; do
  n=$((n + 1))
  if [ "$n" -eq 1 ]; then policy_names=("$NAME"); else policy_names+=("$NAME-$n"); fi
  put_policy "${policy_names[-1]}" "$file"
done
ensure_role "$NAME" "$here/../iam/trust/ecs-tasks.json"
for policy in "${policy_names[@]}"; do
  aws iam attach-role-policy --role-name "$NAME" --policy-arn "arn:aws:iam::$ACCOUNT_ID:policy/$policy"
done

if [ -n "$FLEET_FILE" ]; then
  # The task reads the file from the parameter (secrets: valueFrom); rewritten only when its text changed.
  current_fleet="$(aws ssm get-parameter --name "$FLEET_PARAMETER" --with-decryption --query Parameter.Value \
    --output text 2>/dev/null || true)"
  if [ "$current_fleet" = "$(cat "$FLEET_FILE")" ]; then
    echo "fleet parameter $FLEET_PARAMETER (unchanged)"
  else
    tier=Standard
    [ "$(wc -c <"$FLEET_FILE")" -le 4096 ] || tier=Advanced
    aws ssm put-parameter --name "$FLEET_PARAMETER" --type "$FLEET_PARAMETER_TYPE" --tier "$tier" --overwrite \
      ${FLEET_KMS_KEY_ARN:+--key-id "$FLEET_KMS_KEY_ARN"} --value "file://$FLEET_FILE" \
      --description "aurora-refresh $NAME: the fleet file" >/dev/null
    echo "fleet parameter $FLEET_PARAMETER ($FLEET_PARAMETER_TYPE) written from $FLEET_FILE"
  fi
  FLEET_PARAMETER_ARN="$(aws ssm get-parameter --name "$FLEET_PARAMETER" --query Parameter.ARN --output text)"
fi

echo "execution role $NAME-execution (image pull, logs, the task's secrets)"
ensure_role "$NAME-execution" "$here/../iam/trust/ecs-tasks.json"
aws iam put-role-policy --role-name "$NAME-execution" --policy-name pull-and-log \
  --policy-document "$(render "$here/execution-role-policy.json")"

echo "dead-letter queue $NAME-schedule-dlq (runs the schedule could not start)"
# (AWS CLI v1 sends SQS calls to its legacy endpoint whatever AWS_ENDPOINT_URL says: pass it on)
aws sqs create-queue ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} --queue-name "$NAME-schedule-dlq" \
  --attributes MessageRetentionPeriod=1209600 >/dev/null
DLQ_ARN="arn:aws:sqs:$AWS_REGION:$ACCOUNT_ID:$NAME-schedule-dlq"

echo "scheduler role $NAME-scheduler (run the task, pass its roles, dead-letter)"
ensure_role "$NAME-scheduler" "$here/../iam/trust/scheduler.json"
aws iam put-role-policy --role-name "$NAME-scheduler" --policy-name run-task \
  --policy-document "$(render "$here/scheduler-role-policy.json")"

# A new revision only when the rendered definition changed: its hash is a tag on the revision.
task_definition="$(render "$here/task-definition.json")"
definition_hash="$(printf '%s' "$task_definition" | sha256sum | cut -c1-64)"
current="$(aws ecs describe-task-definition --task-definition "$NAME" --include TAGS \
  --query "[taskDefinition.taskDefinitionArn, tags[?key=='aurora-refresh:definition-sha256'].value | [0]]" \
  --output text 2>/dev/null || true)"
if [ -n "$current" ] && [ "${current##*[[:space:]]}" = "$definition_hash" ]; then
  TASK_DEFINITION_ARN="${current%%[[:space:]]*}"
  echo "task definition $TASK_DEFINITION_ARN (unchanged)"
else
  TASK_DEFINITION_ARN="$(aws ecs register-task-definition --cli-input-json "$task_definition" \
    --tags "key=aurora-refresh:definition-sha256,value=$definition_hash" \
    --query taskDefinition.taskDefinitionArn --output text)"
  echo "task definition $TASK_DEFINITION_ARN (registered)"
fi
if [ -n "$DB_SECRET_ARN" ]; then
  echo "  AURORA_REFRESH_DB_PASSWORD from $DB_SECRET_ARN (key password)"
else
  echo "  no database login (WITH_DB_SECRET=false)"
fi
if [ -n "$FLEET_PARAMETER_ARN" ]; then
  echo "  AURORA_REFRESH_CONFIG_YAML from $FLEET_PARAMETER_ARN: the pipelines of $FLEET_FILE"
fi
if [ -n "$PUSHGATEWAY_PARAMETER_ARN" ]; then
  echo "  AURORA_REFRESH_PUSHGATEWAY_URL from $PUSHGATEWAY_PARAMETER_ARN"
else
  echo "  no metrics push (WITH_PUSHGATEWAY=false)"
fi

# A role created or changed moments ago may not be usable yet: Scheduler then answers that it cannot
# assume it. Retried, with growing pauses, for up to IAM_RETRY_SECONDS.
put_schedule() { # create-schedule | update-schedule
  local waited=0 pause=1 out
  until out="$(aws scheduler "$1" --cli-input-json "$(render "$here/schedule.json")" 2>&1 >/dev/null)"; do
    case "$out" in
      *"must allow AWS EventBridge Scheduler to assume the role"*)
        if [ "$waited" -ge "$IAM_RETRY_SECONDS" ]; then
          echo "$out" >&2
          stop "$1: role $NAME-scheduler still not usable after ${IAM_RETRY_SECONDS}s; run this script again"
        fi
        echo "  role $NAME-scheduler not usable yet (IAM propagation); retrying in ${pause}s"
        sleep "$pause"
        waited=$((waited + pause))
        pause=$((pause < 8 ? pause * 2 : 8)) ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  done
}
if aws scheduler get-schedule --name "$NAME" >/dev/null 2>&1; then
  put_schedule update-schedule
  echo "schedule $NAME updated: $SCHEDULE_EXPRESSION $SCHEDULE_TIME_ZONE"
else
  put_schedule create-schedule
  echo "schedule $NAME created: $SCHEDULE_EXPRESSION $SCHEDULE_TIME_ZONE"
fi

# Tasks that stop before running (image pull, secret, ENI errors) push no metrics: an EventBridge rule
# on ECS's task events tells the alert topic, and an alarm on the dead-letter queue does for runs the
# schedule could not start at all.
if [ -z "$ALERT_TOPIC_ARN" ]; then
  ALERT_TOPIC_ARN="$(aws sns create-topic --name "$NAME-alerts" --query TopicArn --output text)"
  aws sns set-topic-attributes --topic-arn "$ALERT_TOPIC_ARN" --attribute-name Policy \
    --attribute-value "$(render "$here/alert-topic-policy.json")"
fi
echo "alert topic $ALERT_TOPIC_ARN (subscribe to it, e.g. aws sns subscribe --protocol email)"
aws events put-rule --name "$NAME-task-not-started" --event-pattern "$(render "$here/task-not-started-rule.json")" \
  --description "aurora-refresh $NAME: a task stopped before its container ran" >/dev/null
aws events put-targets --rule "$NAME-task-not-started" --targets "Id=alert-topic,Arn=$ALERT_TOPIC_ARN" >/dev/null
echo "rule $NAME-task-not-started -> alert topic"
aws cloudwatch put-metric-alarm --alarm-name "$NAME-schedule-dlq" \
  --alarm-description "aurora-refresh $NAME: the schedule could not start a run (see the queue's messages)" \
  --namespace AWS/SQS --metric-name ApproximateNumberOfMessagesVisible \
  --dimensions "Name=QueueName,Value=$NAME-schedule-dlq" --statistic Maximum --period 300 --evaluation-periods 1 \
  --threshold 0 --comparison-operator GreaterThanThreshold --treat-missing-data notBreaching \
  --alarm-actions "$ALERT_TOPIC_ARN"
echo "alarm $NAME-schedule-dlq -> alert topic"
