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
        Duration keepReplacedFor) {

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
}
