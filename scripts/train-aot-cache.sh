#!/usr/bin/env bash
# Writes the JDK 25 AOT cache (JEP 483/514/515) of the packaged application (aot-jar packaging) by a
# training run against a moto server it starts: a first pass (restore, instance, tags, Route53), so the
# cache holds the classes a pass loads and links and the profiles of the methods it runs. Used by Dockerfile.jvm at image build
# time and by scripts/bench-startup.sh.
#   train-aot-cache.sh JAVA APP_DIR [PORT]   ->  APP_DIR/app.aot
# The cache is only valid for the same JDK build, the same jars at the same paths and compatible
# options: run the application with the JDK and from the APP_DIR it was trained with.
set -euo pipefail
java="$1"; app="$(cd "$2" && pwd)"; port="${3:-5077}"
here="$(cd "$(dirname "$0")" && pwd)"
endpoint="http://127.0.0.1:${port}"
log="$(mktemp)"
python3 -m moto.server -H 127.0.0.1 -p "${port}" >"${log}" 2>&1 &
moto=$!
trap 'kill "${moto}" 2>/dev/null || true; rm -f "${log}"' EXIT
up() { python3 -c "import urllib.request; urllib.request.urlopen('${endpoint}/moto-api/data.json', timeout=1)" 2>/dev/null; }
for _ in $(seq 1 100); do up && break; sleep 0.2; done
up || { echo "moto did not start on ${endpoint}:" >&2; cat "${log}" >&2; exit 1; }
python3 "${here}/seed-moto.py" "${endpoint}" prod-db example.internal >/dev/null

export AWS_ENDPOINT_URL="${endpoint}" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AURORA_REFRESH_SOURCE_CLUSTER=prod-db AURORA_REFRESH_CLONE_PREFIX=dev \
       AURORA_REFRESH_HOSTED_ZONE=example.internal AURORA_REFRESH_RECORD=dev-db.example.internal \
       AURORA_REFRESH_PROBE_TCP=false
# the first pass (restore, instance, tags, Route53, cleanup) records; a no-op pass loads a subset of it
"${java}" -XX:AOTCacheOutput="${app}/app.aot" -XX:MaxRAMPercentage=75 -jar "${app}/quarkus-run.jar" run >/dev/null 2>"${log}.train" \
  || { cat "${log}.train" >&2; rm -f "${log}.train"; exit 1; }
rm -f "${log}.train"
[ -s "${app}/app.aot" ] || { echo "no AOT cache written to ${app}/app.aot" >&2; exit 1; }
echo "AOT cache: ${app}/app.aot ($(du -h "${app}/app.aot" | cut -f1))"
