package dev.aurorarefresh.core;

import java.time.Duration;

/**
 * One refresh line: a source, a naming scheme, a record and the settings of its clones.
 * A value, so that several pipelines can later run in one pass.
 */
public record Pipeline(
        String name,
        String sourceClusterId,
        CloneNaming naming,
        RecordTarget record,
        CloneSettings settings,
        int retain,
        Duration waitTimeout,
        Duration giveUpAfter,
        Duration keepReplacedFor,
        int finalSnapshotRetain,
        CloneCycle cloneCycle) {

    /** How many of its final snapshots a pipeline keeps unless told (--final-snapshot-retain). */
    public static final int DEFAULT_FINAL_SNAPSHOT_RETAIN = 7;

    public Pipeline(String name, String sourceClusterId, CloneNaming naming, RecordTarget record, CloneSettings settings,
            int retain, Duration waitTimeout, Duration giveUpAfter, Duration keepReplacedFor) {
        this(name, sourceClusterId, naming, record, settings, retain, waitTimeout, giveUpAfter, keepReplacedFor,
                DEFAULT_FINAL_SNAPSHOT_RETAIN);
    }

    /** A pipeline with the overlap cycle (--clone-cycle overlap, the default for a source in this account). */
    public Pipeline(String name, String sourceClusterId, CloneNaming naming, RecordTarget record, CloneSettings settings,
            int retain, Duration waitTimeout, Duration giveUpAfter, Duration keepReplacedFor, int finalSnapshotRetain) {
        this(name, sourceClusterId, naming, record, settings, retain, waitTimeout, giveUpAfter, keepReplacedFor,
                finalSnapshotRetain, CloneCycle.OVERLAP);
    }

    /**
     * Ours only if both tags match and the identifier carries our prefix; never the source
     * (docs/design.md, invariant 1).
     */
    public boolean owns(ClusterView cluster) {
        return !cluster.id().equalsIgnoreCase(sourceClusterId)
                && name.equals(cluster.tags().get(Tags.PIPELINE))
                && sourceClusterId.equals(cluster.tags().get(Tags.SOURCE))
                && naming.hasPrefix(cluster.id());
    }

    /**
     * Ours only if it is named after one of our clones ({@code <clone>-final-<14 digits>}, the
     * clone's name with our prefix, never the source's) and carries both our tags, which RDS copies
     * from the clone only when it has CopyTagsToSnapshot: an untagged one is never ours.
     */
    public boolean ownsFinalSnapshot(FinalSnapshot snapshot) {
        return snapshot.namedAfterItsCluster()
                && !snapshot.clusterId().equalsIgnoreCase(sourceClusterId)
                && naming.hasPrefix(snapshot.clusterId())
                && name.equals(snapshot.tags().get(Tags.PIPELINE))
                && sourceClusterId.equals(snapshot.tags().get(Tags.SOURCE));
    }
}
