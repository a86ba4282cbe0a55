#!/usr/bin/env bash
# One refresh end to end against a local AWS emulator (moto): starts moto if none is running,
# seeds a source cluster and a hosted zone, runs the pass, prints status.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${MOTO_PORT:-5055}"
endpoint="http://127.0.0.1:${port}"

up() { python3 -c "import urllib.request,sys; urllib.request.urlopen('${endpoint}/moto-api/data.json', timeout=1)" 2>/dev/null; }
if ! up; then
  echo "starting moto on ${endpoint} (log: /tmp/aurora-refresh-moto.log)"
  nohup python3 -m moto.server -H 127.0.0.1 -p "${port}" >/tmp/aurora-refresh-moto.log 2>&1 &
  for _ in $(seq 1 50); do up && break; sleep 0.2; done
  up || { echo "moto did not start; see /tmp/aurora-refresh-moto.log" >&2; exit 1; }
fi

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests -Dnative-sources.skip=true
python3 scripts/seed-moto.py "${endpoint}" prod-db example.internal

export AWS_ENDPOINT_URL="${endpoint}" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AURORA_REFRESH_SOURCE_CLUSTER=prod-db AURORA_REFRESH_CLONE_PREFIX=dev \
       AURORA_REFRESH_HOSTED_ZONE=example.internal AURORA_REFRESH_RECORD=dev-db.example.internal
# moto's cluster endpoints are fake host names nothing listens on: no TCP readiness probe here
export AURORA_REFRESH_PROBE_TCP=false
java -jar target/quarkus-app/quarkus-run.jar run
java -jar target/quarkus-app/quarkus-run.jar status
