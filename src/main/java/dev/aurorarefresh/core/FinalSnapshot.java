package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A manual cluster snapshot that looks like a final snapshot ({@code <cluster>-final-<14 digits>},
 * {@link CloneNaming#finalSnapshotName}), as DescribeDBClusterSnapshots shows it: whose it is, the
 * pipeline decides ({@link Pipeline#ownsFinalSnapshot}).
 */
public record FinalSnapshot(String id, String clusterId, Instant createdAt, String status, Map<String, String> tags) {
    private static final Pattern NAME = Pattern.compile("(.+)-final-[0-9]{14}");

    public FinalSnapshot {
        tags = Map.copyOf(tags);
    }

    /** Whether the name is {@code <its cluster>-final-<yyyyMMddHHmmss>}: a name the pipeline gives. */
    public boolean namedAfterItsCluster() {
        var m = NAME.matcher(id);
        return m.matches() && m.group(1).equalsIgnoreCase(clusterId);
    }

    /** Whether a name could be a final snapshot's: what a listing keeps. */
    public static boolean looksFinal(String snapshotId) {
        return NAME.matcher(snapshotId).matches();
    }
}
