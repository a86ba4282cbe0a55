package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/**
 * What a developer expects a clone to share with its source, beyond where it lives: storage type
 * ({@code aurora} or {@code aurora-iopt1}), the logs exported to CloudWatch, whether snapshots
 * carry the cluster's tags, and the backtrack window (aurora-mysql only; empty or 0 is off).
 */
public record ClusterFeatures(
        Optional<String> storageType,
        List<String> logExports,
        boolean copyTagsToSnapshot,
        Optional<Long> backtrackWindowSeconds) {

    public static final ClusterFeatures NONE = new ClusterFeatures(Optional.empty(), List.of(), false, Optional.empty());
}
