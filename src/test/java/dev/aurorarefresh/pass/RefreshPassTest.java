package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.PostCloneSql;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.PostCloneSqlRunner;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.Readiness;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pass's waiting, backoff, timeouts and failure handling, on a scripted AWS and a fake clock. */
class RefreshPassTest {
    static final Instant START = Instant.parse("2026-11-25T03:00:00Z");
    static final String CLONE = "dev-20261125";

    private final FakeAws aws = FakeAws.at(START);
    private final FakeClock clock = aws.clock;

    private PassReport run(Pipeline p) {
        return run(p, ReadinessCheck.AVAILABLE_IS_READY);
    }

    private PassReport run(Pipeline p, ReadinessCheck readiness) {
        return aws.pass(aws, readiness).run(p, Step.ALL, false);
    }

    static Pipeline pipeline(Duration waitTimeout) {
        return Pipelines.dev().withInstances(Optional.empty(), 2).withWaitTimeout(waitTimeout).build();
    }

    @Test
    void waitsThroughCreatingPollsWithGrowingCappedJitteredDelays() {
        aws.cloneStatuses = Collections.nCopies(12, "creating").stream().collect(ArrayList<String>::new, List::add, List::addAll);
        aws.cloneStatuses.add("available");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.records).containsEntry("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(clock.sleeps).hasSizeGreaterThanOrEqualTo(11);
        // 5s doubling to a 60s cap, each within +/-20% jitter
        assertThat(clock.sleeps.get(0)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
        assertThat(clock.sleeps.get(1)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(clock.sleeps.subList(5, 11)) // the cluster's 12 creating polls (its instances then wait anew)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72)));
        assertThat(clock.sleeps).doesNotHaveDuplicates(); // jitter: no two polls in lock step
        // RDS refuses instances until the cluster is available: the clone step waits for it, and asks once per instance
        assertThat(report.stepDurations().get(Step.CLONE)).isGreaterThan(Duration.ofMinutes(5));
        assertThat(aws.count("CreateDBInstance")).isEqualTo(2);
    }

    /** The cluster looked available but RDS refuses the instance (it went modifying): not yet, within the same run. */
    @Test
    void anInstanceRefusedBecauseTheClusterIsNotAvailableIsCreatedAfterTheNextObservation() {
        aws.cloneStatuses = List.of("creating", "available", "modifying", "modifying", "available");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.instances).containsKeys(CLONE + "-1", CLONE + "-2");
        assertThat(aws.count("CreateDBInstance")).isGreaterThan(2);
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void clusterAvailableBeforeItsInstancesIsNotReady() {
        aws.cloneStatuses = List.of("available");
        aws.instanceStatuses = List.of("creating", "creating", "creating", "available");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(clock.sleeps).hasSizeGreaterThanOrEqualTo(2);
        assertThat(aws.instances).containsKeys(CLONE + "-1", CLONE + "-2");
    }

    @Test
    void cloningFailedIsTaggedFailedAndCleanedAndTheRecordIsNotTouched() {
        aws.records.put("dev-db.example.internal", "old.example");
        aws.cloneStatuses = List.of("creating", "cloning-failed");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(report.events()).anySatisfy(e -> assertThat(e.text()).contains("failed").contains("cloning-failed"));
        assertThat(aws.records).containsEntry("dev-db.example.internal", "old.example");
        assertThat(aws.count("ChangeResourceRecordSets")).isZero();
        assertThat(aws.count("DeleteDBCluster")).isEqualTo(1);
    }

    @Test
    void timeoutFailsWithExitOneNamingWhatItWaitedFor() {
        aws.cloneStatuses = List.of("creating");
        PassReport report = run(pipeline(Duration.ofMinutes(10)));

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).contains("timed out after 10m00s").contains(CLONE).contains("cluster creating")
                .contains("next run");
        assertThat(Duration.between(START, clock.instant())).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "created");
        assertThat(aws.count("ChangeResourceRecordSets")).isZero();

        // The next run, once AWS has finished, picks the same clone up: no second clone.
        aws.clusters.get(CLONE).status = "available";
        PassReport next = run(pipeline(Duration.ofMinutes(10)));
        assertThat(next.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.count("RestoreDBClusterToPointInTime")).isEqualTo(1);
        assertThat(aws.records).containsEntry("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
    }

    @Test
    void aFailedFirstObservationFailsFastBeforeAnyChange() {
        aws.fail("DescribeDBClusters", 1, "Throttling");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).contains("DescribeDBClusters").contains("Throttling");
        assertThat(aws.mutatingCalls()).isZero();
    }

    @Test
    void throttlingDuringTheWaitLoopIsRetriedWithinTheDeadline() {
        aws.cloneStatuses = List.of("creating", "creating", "creating", "available");
        List<Integer> failAt = List.of(3, 4);
        // Throttle the 3rd and 4th listings (polls inside the wait step).
        FakeAws throttled = aws;
        RdsPort rds = new ForwardingPorts(throttled) {
            int listings;

            @Override
            public Clusters listClusters(String id, java.util.Optional<String> group) {
                if (failAt.contains(++listings)) {
                    throw new PortException("RDS DescribeDBClusters: Throttling: Rate exceeded (HTTP 400)", null);
                }
                return super.listClusters(id, group);
            }
        };
        PassReport report = new RefreshPass(rds, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(3))
                .run(pipeline(Duration.ofMinutes(45)), Step.ALL, false);
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.records).containsEntry("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
    }

    @Test
    void aMutationThatFailsAfterRetriesFailsTheStepWithExitOne() {
        aws.fail("CreateDBInstance", 1, "InternalFailure");
        PassReport report = run(pipeline(Duration.ofMinutes(45)));
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).startsWith("clone failed:").contains("create instance").contains("InternalFailure");
        assertThat(aws.count("ChangeResourceRecordSets")).isZero();
        // the next run converges with no manual step
        PassReport next = run(pipeline(Duration.ofMinutes(45)));
        assertThat(next.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.instances).containsKeys(CLONE + "-1", CLONE + "-2");
        assertThat(aws.count("RestoreDBClusterToPointInTime")).isEqualTo(1);
    }

    @Test
    void readinessNotYetKeepsPollingAndFailedTagsTheCloneFailed() {
        aws.cloneStatuses = List.of("available");
        aws.instanceStatuses = List.of("available");
        int[] checks = {0};
        PassReport report = run(pipeline(Duration.ofMinutes(45)), clone -> ++checks[0] < 3
                ? new Readiness.Unready("connection refused") : new Readiness.Ready(java.util.Map.of("k", "v")));
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(checks[0]).isEqualTo(3);
        assertThat(aws.clusters.get(CLONE).tags).containsEntry("k", "v");

        FakeClock clock2 = new FakeClock(START.plus(Duration.ofDays(1)));
        FakeAws aws2 = new FakeAws(clock2);
        aws2.source("prod-db");
        aws2.cloneStatuses = List.of("available");
        aws2.instanceStatuses = List.of("available");
        PassReport failed = new RefreshPass(aws2, aws2, clone -> new Readiness.Failed("hook 03-mask.sql statement 3: syntax error"),
                clock2, clock2, new Random(1)).run(pipeline(Duration.ofMinutes(45)), Step.ALL, false);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.message()).contains("03-mask.sql statement 3");
        assertThat(aws2.clusters.get("dev-20261126").tags).containsEntry(Tags.LIFECYCLE, "failed");
        assertThat(aws2.records).isEmpty();
    }

    @Test
    void postCloneSqlIsPlannedShownByADryRunAndRunBeforeTheReadinessChecks() {
        aws.cloneStatuses = List.of("available");
        aws.instanceStatuses = List.of("available");
        List<String> calls = new ArrayList<>();
        PostCloneSqlRunner hooks = new PostCloneSqlRunner() {
            public PostCloneSql hooks() { return new PostCloneSql("d1", List.of("01-functions.sql", "02-mask.sql")); }
            public Readiness run(ClusterView clone) {
                calls.add("hooks " + clone.id());
                return new Readiness.Ready(Map.of(Tags.HOOKS_DIGEST, "d1"));
            }
        };
        ReadinessCheck readiness = new ReadinessCheck() {
            public Readiness check(ClusterView clone) {
                calls.add("check " + clone.id());
                return new Readiness.Ready(Map.of());
            }
            public Optional<PostCloneSqlRunner> postCloneSql() { return Optional.of(hooks); }
        };
        RefreshPass pass = aws.pass(aws, readiness);
        assertThat(pass.run(pipeline(Duration.ofMinutes(45)), Set.of(Step.CLONE), false).outcome())
                .isEqualTo(PassReport.Outcome.DONE);

        int mutating = aws.mutatingCalls();
        PassReport dry = pass.run(pipeline(Duration.ofMinutes(45)), Step.ALL, true);
        assertThat(dry.dryRunActions()).extracting(Action::describe)
                .contains("run post-clone SQL on " + CLONE + ": 01-functions.sql, 02-mask.sql");
        assertThat(calls).isEmpty();
        assertThat(aws.mutatingCalls()).as("the dry run changed nothing").isEqualTo(mutating);

        PassReport report = pass.run(pipeline(Duration.ofMinutes(45)), Step.ALL, false);
        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(calls).containsExactly("hooks " + CLONE, "check " + CLONE);
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.HOOKS_DIGEST, "d1").containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(report.events()).extracting(PassReport.Event::text)
                .contains("post-clone SQL completed: 01-functions.sql, 02-mask.sql");
    }

    @Test
    void route53ChangeIsPolledUntilInSync() {
        aws.changePollsUntilInSync = 3;
        PassReport report = run(pipeline(Duration.ofMinutes(45)));
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.count("GetChange")).isEqualTo(4);
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void cleanRetriesTheClusterDeleteUntilItsInstancesAreDeleting() {
        aws.clone("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "aborted", START.minus(Duration.ofDays(1))), "available");
        aws.clone(CLONE, MotoAccount.cloneTags("dev", "prod-db", "connected", START), "available");
        aws.records.put("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
        // DeleteDBInstance "succeeds" but RDS keeps reporting it available for a moment.
        RdsPort lagging = new ForwardingPorts(aws) {
            int deletes;

            @Override
            public DeleteResult deleteCluster(String id, Optional<String> snapshot) {
                return ++deletes < 3 ? DeleteResult.INSTANCES_LEFT : super.deleteCluster(id, snapshot);
            }
        };
        PassReport report = new RefreshPass(lagging, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(pipeline(Duration.ofMinutes(45)), java.util.Set.of(Step.CLEAN), false);
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.count("DeleteDBCluster")).isEqualTo(1); // after two "not yet" answers
        assertThat(clock.sleeps).hasSizeGreaterThanOrEqualTo(2);
        assertThat(aws.clusters.get("dev-20261124").status).isIn("deleting", "gone");
        assertThat(aws.clusters.get(CLONE).status).isEqualTo("available");
    }

    @Test
    void aStoppedCloneIsLeftWithOneClearLineAndTheOthersAreCleaned() {
        aws.clone("dev-20261123", MotoAccount.cloneTags("dev", "prod-db", "aborted", START.minus(Duration.ofDays(2))), "stopped");
        aws.clone("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "aborted", START.minus(Duration.ofDays(1))), "available");
        aws.clone(CLONE, MotoAccount.cloneTags("dev", "prod-db", "connected", START), "available");
        aws.records.put("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");

        PassReport report = run(pipeline(Duration.ofMinutes(45)));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).isEqualTo("clean failed: dev-20261123 is stopped: RDS deletes neither a stopped cluster "
                + "nor its instances; start it (aws rds start-db-cluster --db-cluster-identifier dev-20261123) and the next "
                + "run deletes it");
        assertThat(aws.clusters.get("dev-20261124").status).isIn("deleting", "gone");
        assertThat(aws.clusters.get("dev-20261123").status).isEqualTo("stopped");
        assertThat(aws.count("DeleteDBInstance")).as("nothing sent to the stopped clone").isEqualTo(1);
    }

    /** The sessions a replaced clone still has are counted once, whether clean keeps it or deletes it. */
    @Test
    void theSummaryCountsTheSessionsStillOpenOnAReplacedClone() {
        aws.clone("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "connected", START.minus(Duration.ofDays(1))), "available");
        aws.records.put("dev-db.example.internal", "dev-20261124.cluster-fake.rds.local");
        List<String> asked = new ArrayList<>();
        ReadinessCheck withSessions = new ReadinessCheck() {
            public Readiness check(dev.aurorarefresh.core.ClusterView clone) {
                return new Readiness.Ready(java.util.Map.of());
            }

            public java.util.OptionalInt openSessions(dev.aurorarefresh.core.ClusterView clone) {
                asked.add(clone.id());
                return java.util.OptionalInt.of(4);
            }
        };

        Pipeline graced = Pipelines.dev().withInstances(Optional.empty(), 2).withKeepReplacedFor(Duration.ofHours(2)).build();
        PassReport kept = run(graced, withSessions);
        assertThat(kept.inGrace()).extracting(k -> k.cloneId()).containsExactly("dev-20261124");
        assertThat(kept.openSessions()).containsExactly(java.util.Map.entry("dev-20261124", 4));

        clock.advance(Duration.ofHours(3));
        PassReport deleted = run(graced, withSessions);
        assertThat(aws.count("DeleteDBCluster")).as("deleted after its grace period").isPositive();
        assertThat(deleted.openSessions()).containsExactly(java.util.Map.entry("dev-20261124", 4));
        assertThat(asked).containsExactly("dev-20261124", "dev-20261124");
    }
}
