#!/usr/bin/env bash
# How long the readiness probes (and a small hook) add to a pass: runs the packaged jar against a
# fresh moto account each time, without probes and with TCP+SQL probes against the local
# PostgreSQL (127.0.0.1:5432, trust auth), and prints the figures. Not a test: a measurement.
#
# Usage: scripts/probe-timing.sh [RUNS]   (after `mvn -B package`; needs python3 with moto and boto3)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package first" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
MOTO=$!
WORK=$(mktemp -d)
trap 'kill $MOTO 2>/dev/null || true; rm -rf "$WORK"' EXIT
ENDPOINT=http://127.0.0.1:$PORT
until curl -sf -X POST "$ENDPOINT/moto-api/reset" >/dev/null 2>&1; do sleep 0.2; done
DB=ar_timing_$$
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" >/dev/null
trap 'kill $MOTO 2>/dev/null || true; rm -rf "$WORK"; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null' EXIT
psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "CREATE TABLE customers (id int, email text); \
  INSERT INTO customers SELECT g, 'person' || g || '@personal.example.com' FROM generate_series(1, 1000) g" >/dev/null
echo "UPDATE customers SET email = 'user' || id || '@example.invalid';" > "$WORK/mask.sql"

export AWS_ENDPOINT_URL=$ENDPOINT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
BASE=(run --source-cluster prod-db --hosted-zone example.internal --record dev-db.example.internal --clone-prefix dev)

# one pass in a fresh account; prints "wall_ms probe_ms hooks_ms"
pass() {
  curl -sf -X POST "$ENDPOINT/moto-api/reset" >/dev/null
  python3 scripts/seed-moto.py "$ENDPOINT" >/dev/null
  local start end
  start=$(date +%s%N)
  java -jar "$JAR" "${BASE[@]}" "$@" >"$WORK/out" 2>"$WORK/err" \
    || { cat "$WORK/out" "$WORK/err" >&2; exit 1; }
  end=$(date +%s%N)
  local probe hooks
  probe=$(grep -oE '(probes|TCP probe) passed.*\(([0-9]+) ms\)' "$WORK/err" | grep -oE '[0-9]+ ms\)$' | tr -dc '0-9' || true)
  hooks=$(grep -oE 'post-clone SQL completed: .* in [0-9]+ ms' "$WORK/err" | grep -oE '[0-9]+ ms$' | tr -dc '0-9' || true)
  echo "$(( (end - start) / 1000000 )) ${probe:--} ${hooks:--}"
}

OVERRIDE=(--db-host-override 127.0.0.1:5432 --db-name "$DB" --db-tls prefer) # the local PostgreSQL has no TLS
LABELS=("no probes (--probe-tcp=false)" "TCP probe only" "TCP + SQL probe (SELECT 1)" "TCP + SQL probe + hook (UPDATE 1000 rows)")
run_mode() {
  case $1 in
    0) AURORA_REFRESH_DB_PASSWORD= pass --probe-tcp=false ;;
    1) AURORA_REFRESH_DB_PASSWORD= pass "${OVERRIDE[@]}" ;;
    2) AURORA_REFRESH_DB_PASSWORD=unused-with-trust-auth pass "${OVERRIDE[@]}" --db-user postgres ;;
    3) AURORA_REFRESH_DB_PASSWORD=unused-with-trust-auth pass "${OVERRIDE[@]}" --db-user postgres --post-clone-sql "$WORK/mask.sql" ;;
  esac
}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

# the modes take turns, so that load from elsewhere on the machine falls on all of them alike
declare -A WALL PROBE HOOKS
for run in $(seq "$RUNS"); do
  for mode in 0 1 2 3; do
    read -r wall probe hooks < <(run_mode $mode)
    WALL[$mode]+="$wall "; PROBE[$mode]+="$probe "; HOOKS[$mode]+="$hooks "
  done
done
echo "aurora-refresh pass against moto + local PostgreSQL: median of $RUNS run(s) each, modes interleaved"
printf '%-44s %12s %12s %12s\n' "" "wall (ms)" "probes (ms)" "hooks (ms)"
for mode in 0 1 2 3; do
  printf '%-44s %12s %12s %12s\n' "${LABELS[$mode]}" "$(tr ' ' '\n' <<<"${WALL[$mode]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${PROBE[$mode]}" | grep . | grep -v -- - | median || true)" \
    "$(tr ' ' '\n' <<<"${HOOKS[$mode]}" | grep . | grep -v -- - | median || true)"
done
echo "(wall includes JVM start; probes and hooks are the times the pass logs for them; '-' or empty: not run)"
