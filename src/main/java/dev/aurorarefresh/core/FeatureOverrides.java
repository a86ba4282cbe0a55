package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/** What the options say instead of the source's {@link ClusterFeatures} and writer's {@link InstanceMonitoring}. */
public record FeatureOverrides(
        Optional<String> storageType,
        Optional<List<String>> logExports,
        Optional<Boolean> copyTagsToSnapshot,
        Optional<Long> backtrackWindowSeconds,
        Optional<Boolean> performanceInsights,
        Optional<Integer> performanceInsightsRetentionDays,
        Optional<Integer> monitoringInterval,
        Optional<String> monitoringRoleArn) {

    public static final FeatureOverrides NONE = new FeatureOverrides(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The source's features with the overrides applied; backtracking only where the engine has it. */
    public ClusterFeatures apply(ClusterFeatures source, String engine) {
        Optional<Long> backtrack = backtrackWindowSeconds.or(source::backtrackWindowSeconds)
                .filter(w -> w > 0 && "aurora-mysql".equals(engine));
        return new ClusterFeatures(storageType.or(source::storageType), logExports.orElse(source.logExports()),
                copyTagsToSnapshot.orElse(source.copyTagsToSnapshot()), backtrack);
    }

    /** The writer's monitoring with the overrides applied; turning a feature off drops its settings. */
    public InstanceMonitoring apply(InstanceMonitoring writer) {
        boolean insights = performanceInsights.orElse(writer.performanceInsights());
        int interval = monitoringInterval.orElse(writer.monitoringInterval());
        return new InstanceMonitoring(insights,
                insights && writer.performanceInsights() ? writer.performanceInsightsKmsKeyId() : Optional.empty(),
                insights ? performanceInsightsRetentionDays.or(writer::performanceInsightsRetentionDays) : Optional.empty(),
                interval,
                interval > 0 ? monitoringRoleArn.or(writer::monitoringRoleArn) : Optional.empty());
    }
}
