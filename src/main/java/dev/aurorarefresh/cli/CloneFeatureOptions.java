package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.FeatureOverrides;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What the clone copies from its source unless told otherwise: storage type, CloudWatch log
 * exports, CopyTagsToSnapshot, backtrack window (cluster); Performance Insights and enhanced
 * monitoring of the source writer (instances). Unset means "as the source".
 */
public class CloneFeatureOptions {
    @Option(names = "--storage-type", converter = OptionTypes.StorageType.class,
            description = "aurora or aurora-iopt1 (I/O-Optimized). Default: the source's.")
    String storageType;

    @Option(names = "--log-exports", converter = OptionTypes.LogExports.class,
            description = "Comma-separated CloudWatch log types, or none. Default: the source's.")
    OptionTypes.Names logExports;

    @Option(names = "--copy-tags-to-snapshot", arity = "1", converter = OptionTypes.Bool.class,
            description = "true or false. Default: the source's.")
    Boolean copyTagsToSnapshot;

    @Option(names = "--backtrack-window", converter = OptionTypes.BacktrackWindow.class,
            description = "aurora-mysql only, up to 72h; 0 turns it off. Default: the source's.")
    Long backtrackWindow;

    @Option(names = "--performance-insights", arity = "1", converter = OptionTypes.Bool.class,
            description = "true or false, on the clone's instances. Default: the source writer's.")
    Boolean performanceInsights;

    @Option(names = "--performance-insights-retention", converter = OptionTypes.InsightsRetention.class,
            description = "Days: 7, a multiple of 31 up to 713, or 731. Default: the source writer's.")
    Integer performanceInsightsRetention;

    @Option(names = "--monitoring-interval", converter = OptionTypes.MonitoringInterval.class,
            description = "Enhanced monitoring, seconds: 0 (off), 1, 5, 10, 15, 30 or 60. Default: the source writer's.")
    Integer monitoringInterval;

    @Option(names = "--monitoring-role-arn", converter = OptionTypes.RoleArn.class,
            description = "IAM role RDS uses for enhanced monitoring. Default: the source writer's.")
    String monitoringRoleArn;

    FeatureOverrides toOverrides() {
        return new FeatureOverrides(Optional.ofNullable(storageType), Optional.ofNullable(logExports).map(OptionTypes.Names::values),
                Optional.ofNullable(copyTagsToSnapshot), Optional.ofNullable(backtrackWindow),
                Optional.ofNullable(performanceInsights), Optional.ofNullable(performanceInsightsRetention),
                Optional.ofNullable(monitoringInterval), Optional.ofNullable(monitoringRoleArn));
    }
}
