#!/usr/bin/env bash
# What a pipeline holds when AWS keeps refusing one thing (issue 21): for each lasting refusal
# (no capacity, instance/cluster/snapshot quota, class not orderable, 15 copy-on-write clones,
# ModifyDBCluster refused, an uncloneable source, Route53 PriorRequestNotComplete), 10 daily passes
# with it on and 2 with it lifted, on a fake clock through the strict twin. Prints, per day, the
# exit code, the pipeline's clusters, those without instances, final snapshots, full copies, and
# where the bound of docs/design.md breaks. Not a test: a measurement
# (src/test/java/dev/aurorarefresh/fault/RefusalDaysBench.java).
#
# Usage: scripts/bench-refusals.sh [TEXT]   (only the refusals whose name contains TEXT; needs python3
# with moto; builds the test classes offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile -Dnative-sources.skip=true
mvn -B -o -q surefire:test -Dtest=RefusalDaysBench -Drefusals.only="${1:-}" -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null | grep '^refusals|' | cut -c10-
