package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Headroom;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a pass does when AWS keeps refusing (issue 21), on the in-memory world: a failed step
 * never stops clean, a superseded clone is failed, a clone that cannot fit is refused in one line
 * before the restore, a final snapshot only of an available clone (docs/design.md, invariant 11;
 * RefusalDaysTest runs each refusal for 10 days through the strict twin).
 */
class LastingRefusalsPassTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private final FakeAws aws = FakeAws.at(NOW);

    private PassReport run(Pipeline pipeline) {
        return aws.pass(aws, ReadinessCheck.AVAILABLE_IS_READY).run(pipeline, Step.ALL, false);
    }

    @Test
    void aFailedCloneStepStillCleansAndTheRunExitsOne() {
        aws.clone("dev-20261123", Lifecycle.ABORTED, "available", 2).clone("dev-20261124", Lifecycle.CONNECTED, "available", 1)
                .recordAt("dev-20261124");
        aws.fail("CreateDBInstance", 100, "InsufficientDBInstanceCapacity");

        PassReport report = run(Pipelines.dev().build());

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).startsWith("clone failed: create instance dev-20261125-1").doesNotContain("\n");
        assertThat(report.events()).anyMatch(e -> e.step() == Step.CLEAN && e.cloneId().equals("dev-20261123")
                && e.text().startsWith("deleting cluster"));
        assertThat(aws.records).containsValue(FakeAws.endpoint("dev-20261124"));
    }

    @Test
    void aCreatedCloneThatANewerPeriodsCloneSupersededIsFailedAndCleaned() {
        aws.clone("dev-20261124", Lifecycle.CREATED, "available", 1).withoutInstances("dev-20261124")
                .clone("dev-20261123", Lifecycle.CONNECTED, "available", 2).recordAt("dev-20261123");
        aws.fail("CreateDBInstance", 100, "InsufficientDBInstanceCapacity");

        PassReport report = run(Pipelines.dev().build());

        assertThat(report.events()).anyMatch(e -> e.step() == Step.WAIT && e.cloneId().equals("dev-20261124")
                && e.text().contains("tagged failed: superseded by dev-20261125 before it became ready"));
        assertThat(report.events()).anyMatch(e -> e.step() == Step.CLEAN && e.cloneId().equals("dev-20261124")
                && e.text().startsWith("deleting cluster"));
    }

    @Test
    void aCloneTheClusterQuotaHasNoRoomForIsRefusedInOneLineBeforeTheRestoreAndCleanStillRuns() {
        aws.clone("dev-20261123", Lifecycle.ABORTED, "available", 2).clone("dev-20261124", Lifecycle.CONNECTED, "available", 1)
                .recordAt("dev-20261124");
        aws.quotas = new AccountQuotas(Map.of(AccountQuotas.CLUSTERS, new AccountQuotas.Quota(AccountQuotas.CLUSTERS, 40, 40),
                AccountQuotas.INSTANCES, new AccountQuotas.Quota(AccountQuotas.INSTANCES, 12, 40)));

        PassReport report = run(Pipelines.dev().build());

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).isEqualTo("clone failed: cannot clone dev-20261125: the account's DBClusters quota is full"
                + " (40/40 used, the clone needs 1); nothing was created; this run's clean frees 1 (dev-20261123)");
        assertThat(aws.count("RestoreDBClusterToPointInTime")).isZero();
        assertThat(aws.count("DescribeAccountAttributes")).as("read once").isEqualTo(1);
        assertThat(report.quotas().get(AccountQuotas.CLUSTERS)).map(AccountQuotas.Quota::headroom).contains(0L);
        assertThat(report.events()).anyMatch(e -> e.step() == Step.CLEAN && e.cloneId().equals("dev-20261123"));
    }

    @Test
    void aRunThatCreatesNothingReadsNoQuotas() {
        aws.clone("dev-20261125", Lifecycle.CONNECTED, "available", 0).recordAt("dev-20261125");

        PassReport report = run(Pipelines.dev().build());

        assertThat(report.exitCode()).as(report.message()).isZero();
        assertThat(aws.count("DescribeAccountAttributes")).isZero();
    }

    @Test
    void aRestoreThatWouldBeAFullCopyIsRefusedUnlessAllowed() {
        Observation obs = inCloneGroup(aws.observation(), 15);
        Pipeline pipeline = Pipelines.dev().build();

        assertThat(Headroom.copyOnWriteClones(obs)).isEqualTo(15);
        assertThat(Headroom.forClone(pipeline, obs, AccountQuotas.unknown(), NOW, false)).contains("cannot clone dev-20261125:"
                + " source " + FakeAws.SOURCE + " already has 15 copy-on-write clones (AWS makes 15; a restore now would be a full copy, slow and"
                + " fully billed; --allow-full-copy makes it anyway); nothing was created; pipeline dev has nothing to free:"
                + " delete clusters or raise the quota (Service Quotas, Amazon RDS)");
        assertThat(Headroom.forClone(pipeline, obs, AccountQuotas.unknown(), NOW, true)).isEmpty();
        assertThat(Headroom.forClone(pipeline, inCloneGroup(aws.observation(), 14), AccountQuotas.unknown(), NOW, false)).isEmpty();
    }

    @Test
    void aFinalSnapshotIsTakenOnlyOfAnAvailableClone() {
        aws.clone("dev-20261123", Lifecycle.FAILED, "incompatible-network", 2).clone("dev-20261122", Lifecycle.ABORTED, "available", 3)
                .clone("dev-20261124", Lifecycle.CONNECTED, "available", 1).recordAt("dev-20261124");
        Pipeline pipeline = Pipelines.dev().withFinalSnapshot(true).build();

        var deletes = Planner.plan(pipeline, aws.observation(), NOW, Set.of(Step.CLEAN)).actions().stream()
                .filter(a -> a instanceof Action.DeleteCluster).map(a -> (Action.DeleteCluster) a).toList();

        assertThat(deletes).filteredOn(d -> d.cloneId().equals("dev-20261123")).singleElement().satisfies(d -> {
            assertThat(d.finalSnapshotId()).isEmpty();
            assertThat(d.describe()).isEqualTo("delete cluster dev-20261123 (no final snapshot: it is incompatible-network,"
                    + " and RDS takes a final snapshot only of an available cluster)");
        });
        assertThat(deletes).filteredOn(d -> d.cloneId().equals("dev-20261122")).singleElement()
                .satisfies(d -> assertThat(d.finalSnapshotId()).hasValueSatisfying(s -> assertThat(s).startsWith("dev-20261122-final-")));
    }

    @Test
    void aCloneIsRestoredUnprotectedAndProtectedOnceAvailableBeforeItIsTaggedReady() {
        PassReport report = run(Pipelines.dev().withDeletionProtection(true).build());

        assertThat(report.exitCode()).as(report.message()).isZero();
        assertThat(aws.lastRestore.deletionProtection()).isFalse();
        assertThat(report.events()).extracting(PassReport.Event::text).containsSubsequence("deletion protection turned on",
                "tagged ready: cluster and every instance available, readiness checks passed");
        assertThat(aws.clusters.get("dev-20261125").deletionProtection).isTrue();
    }

    @Test
    void aSourceRdsWillNotCloneInItsStatusBlocksWithOneLine() {
        aws.sourceStatus("upgrading");

        PassReport report = run(Pipelines.dev().build());

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).isEqualTo("clone failed: source " + FakeAws.SOURCE + " is upgrading: RDS cannot clone it in that state;"
                + " nothing was created (the record stays on the current clone)");
        assertThat(aws.mutatingCalls()).isZero();
    }

    /** The observation with its source and {@code n} other clusters in one clone group. */
    private static Observation inCloneGroup(Observation obs, int n) {
        SourceCluster s = obs.source();
        SourceCluster source = new SourceCluster(s.id(), s.engine(), s.status(), Optional.of("group-1"), s.dbSubnetGroup(),
                s.vpcSecurityGroupIds(), s.dbClusterParameterGroup(), s.port(), s.serverlessV2(), s.writerInstanceId(),
                s.iamDatabaseAuthentication(), s.features(), s.engineVersion());
        var clusters = new java.util.ArrayList<>(obs.clusters());
        for (int i = 1; i <= n; i++) {
            clusters.add(new ClusterView("analytics-" + i, "arn:aws:rds:us-east-1:123456789012:cluster:analytics-" + i, "available",
                    "aurora-postgresql", "e", "r", false, Optional.empty(), Map.of(), null, Optional.empty(), Optional.empty(), Optional.of("group-1")));
        }
        return new Observation(source, clusters, obs.instances(), obs.writerRecord(), obs.readerRecord());
    }
}
