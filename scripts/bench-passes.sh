#!/usr/bin/env bash
# AWS calls (total, mutating, by operation and in order) and wall time of a first, a next-day and a
# no-op pass, on bare moto (beside issue 12's budget: next-day <= 26, no-op <= 4) and through the
# strict twin (src/test/java/dev/aurorarefresh/testing/StrictTwin.java: moto held to AWS's API
# models, slower state transitions and iam/policy.json). Waits run on a fake clock: the wall time
# is the pass's own work and round trips. Not a test: a measurement (testing/PassBench.java).
#
# Usage: scripts/bench-passes.sh [RUNS] [--order]   (needs python3 with moto; builds the test classes offline)
#   RUNS     repeat the measurement (wall time varies; the calls do not)
#   --order  also print each pass's calls in the order it made them
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3
ORDER=no
for arg in "$@"; do
  case "$arg" in
    --order) ORDER=yes ;;
    *) RUNS="$arg" ;;
  esac
done
build="$(mvn -B -o -q test-compile 2>&1)" || { echo "$build"; exit 1; }
for run in $(seq 1 "$RUNS"); do
  out="$(mvn -B -o -q surefire:test -Dtest=PassBench -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g' || true)"
  echo "$out" | grep '^bench |' | { if [ "$run" = 1 ]; then cat; else grep -v '| pass |'; fi; } | sed "s/^bench |/run $run |/"
  if [ "$ORDER" = yes ] && [ "$run" = 1 ]; then echo "$out" | grep '^order |'; fi
done
