#!/usr/bin/env bash
# AWS calls (total, mutating, by operation) of a first, a next-day and a no-op pass on moto, beside
# issue 12's budget (next-day <= 22, no-op <= 4). The AwsCallRecorder interceptor counts them.
# Not a test: a measurement (src/test/java/dev/aurorarefresh/testing/CallCountBench.java).
#
# Usage: scripts/bench-calls.sh   (needs python3 with moto; builds the test classes offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile
mvn -B -o -q surefire:test -Dtest=CallCountBench -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null | grep '^calls |'
