package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.RefusalDays.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The refusals issue 21 names, each as AWS keeps answering it day after day, on the
 * {@link RefreshFixture} account (retain 0, deletion protection on): what {@link RefusalDays}
 * runs them through.
 */
public final class LastingRefusals {
    private static final UnaryOperator<Pipelines> AS_IS = p -> p;
    /** The class the fixture's source writer has, which the clones' instances take. */
    private static final String CLASS = "db.r6g.large";
    /** Another team's clones of the source: with the fixture's qa clone, the source's 15 copy-on-write clones. */
    private static final int OTHERS_CLONES = TwinLimits.COPY_ON_WRITE_CLONES - 1;

    private LastingRefusals() {
    }

    public static final Scenario NO_CAPACITY = Scenario.of("CreateDBInstance: InsufficientDBInstanceCapacity", AS_IS,
            f -> f.aws.twin.limits().noCapacity(CLASS), f -> f.aws.twin.limits().lift("CreateDBInstance"));

    public static final Scenario INSTANCE_QUOTA = Scenario.of("CreateDBInstance: InstanceQuotaExceeded", AS_IS,
            f -> f.aws.twin.limits().full("DBInstances"), f -> f.aws.twin.limits().quota("DBInstances", 40));

    public static final Scenario NOT_ORDERABLE = Scenario.of("CreateDBInstance: class not orderable", AS_IS,
            f -> f.aws.twin.limits().notOrderable(CLASS, "aurora-postgresql"), f -> f.aws.twin.limits().lift("CreateDBInstance"));

    /** The quota full, and the pipeline holding an aborted and a failed clone whose deletion would free it. */
    public static final Scenario CLUSTER_QUOTA = Scenario.of("Restore: DBClusterQuotaExceededFault", AS_IS, f -> {
        String aborted = RefreshFixture.cloneFor(RefusalDays.FIRST_DAY.minus(Duration.ofDays(3)));
        String failed = RefreshFixture.cloneFor(RefusalDays.FIRST_DAY.minus(Duration.ofDays(2)));
        f.aws.createCluster(aborted, MotoAccount.cloneTags(RefreshFixture.PIPELINE, RefreshFixture.SOURCE, "aborted",
                RefusalDays.FIRST_DAY.minus(Duration.ofDays(3))));
        f.aws.createCluster(failed, MotoAccount.cloneTags(RefreshFixture.PIPELINE, RefreshFixture.SOURCE, "failed",
                RefusalDays.FIRST_DAY.minus(Duration.ofDays(2))));
        f.aws.allClusters();
        f.aws.twin.limits().full("DBClusters");
    }, f -> f.aws.twin.limits().quota("DBClusters", 40));

    public static final Scenario SNAPSHOT_QUOTA = Scenario.of("DeleteDBCluster with --final-snapshot: SnapshotQuotaExceeded",
            p -> p.withFinalSnapshot(true), f -> f.aws.twin.limits().full("ManualClusterSnapshots"),
            f -> f.aws.twin.limits().quota("ManualClusterSnapshots", 100));

    /** Another team holds the source's 15 copy-on-write clones; lifted when two are deleted (the connected clone and the new one). */
    public static final Scenario CLONE_LIMIT = Scenario.of("Restore: 15 copy-on-write clones of the source (full copy)", AS_IS, f -> {
        for (int i = 1; i <= OTHERS_CLONES; i++) {
            // our prefix without our tags: lookalikes the pipeline must leave alone, in the source's clone group
            String id = RefreshFixture.PREFIX + "-analytics-" + i;
            f.aws.createCluster(id, Map.of("team", "analytics"));
            f.aws.twin.cloneOf(RefreshFixture.SOURCE, id);
        }
        f.aws.allClusters();
    }, f -> List.of(RefreshFixture.PREFIX + "-analytics-1", RefreshFixture.PREFIX + "-analytics-2").forEach(id -> {
        f.aws.seedRds.deleteDBInstance(r -> r.dbInstanceIdentifier(id + "-1").skipFinalSnapshot(true));
        f.aws.seedRds.deleteDBCluster(r -> r.dbClusterIdentifier(id).skipFinalSnapshot(true));
    }));

    /**
     * Every new clone reads {@code incompatible-network} (a status RDS never leaves by itself) from
     * its restore on: it fails, and with deletion protection on, ModifyDBCluster is refused
     * (InvalidDBClusterStateFault) when clean turns the protection off.
     */
    public static final Scenario MODIFY_REFUSED = Scenario.of("ModifyDBCluster: InvalidDBClusterStateFault (clone failed, protected)",
            AS_IS, f -> f.aws.twin.limits().restoresEndIn("incompatible-network"),
            f -> f.aws.twin.limits().restoresEndIn(null)); // the clones already failed stay so, as on AWS

    public static final Scenario UNCLONEABLE_SOURCE = Scenario.of("Restore: source upgrading (InvalidDBClusterStateFault)", AS_IS,
            f -> f.aws.twin.limits().status(RefreshFixture.SOURCE, "upgrading"),
            f -> f.aws.twin.limits().clearStatus(RefreshFixture.SOURCE));

    public static final Scenario ZONE_BUSY = Scenario.of("ChangeResourceRecordSets: PriorRequestNotComplete", AS_IS,
            f -> f.aws.twin.limits().zoneBusy(), f -> f.aws.twin.limits().lift("ChangeResourceRecordSets"));

    public static final List<Scenario> ALL = List.of(NO_CAPACITY, INSTANCE_QUOTA, NOT_ORDERABLE, CLUSTER_QUOTA, SNAPSHOT_QUOTA,
            CLONE_LIMIT, MODIFY_REFUSED, UNCLONEABLE_SOURCE, ZONE_BUSY);
}
