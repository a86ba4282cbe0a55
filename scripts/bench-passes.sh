#!/usr/bin/env bash
# AWS calls (total, mutating, by operation) and wall time of a first, a next-day and a no-op pass
# through the strict twin (src/test/java/dev/aurorarefresh/testing/StrictTwin.java: moto held to
# AWS's API models, state rules and iam/policy.json). Waits run on a fake clock: the wall time is
# the pass's own work and round trips. Not a test: a measurement.
#
# Usage: scripts/bench-passes.sh [RUNS]   (needs python3 with moto; builds the test classes offline)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
mvn -B -o -q test-compile
for run in $(seq 1 "$RUNS"); do
  mvn -B -o -q surefire:test -Dtest=PassBench -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null \
    | grep '^bench |' | { if [ "$run" = 1 ]; then cat; else grep -v '| pass |'; fi; } | sed "s/^bench |/run $run |/"
done
