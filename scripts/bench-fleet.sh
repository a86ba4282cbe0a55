#!/usr/bin/env bash
# A fleet (--config) on moto through the strict twin (the role policy of the fleet's pipelines in
# force, as `aurora-refresh iam-policy --config` generates it): AWS calls of a no-op pass of N pipelines on one source vs N separate runs (goal
# <= 2 + 2N), wall time of 6 pipelines whose Route53 change takes 2 s vs one (goal about 1.5x),
# and 20 pipelines through the packaged jar in -Xmx64m (exit, wall, peak RSS).
# Not a test: a measurement (src/test/java/dev/aurorarefresh/cli/FleetBench.java); it prints figures.
#
# Usage: scripts/bench-fleet.sh   (needs python3 with moto; builds the jar and test classes offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q package -DskipTests
mvn -B -o -q surefire:test -Dtest=FleetBench -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null | grep '^fleet-'
