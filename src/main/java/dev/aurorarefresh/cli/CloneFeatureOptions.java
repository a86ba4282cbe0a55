package dev.aurorarefresh.cli;

import static dev.aurorarefresh.cli.PipelineOptions.bad;
import static dev.aurorarefresh.cli.PipelineOptions.bool;
import static dev.aurorarefresh.cli.PipelineOptions.check;

import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.FeatureOverrides;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * What the clone copies from its source unless told otherwise: storage type, CloudWatch log
 * exports, CopyTagsToSnapshot, backtrack window (cluster); Performance Insights and enhanced
 * monitoring of the source writer (instances). Unset means "as the source".
 */
public class CloneFeatureOptions {
    /** Every log type RDS exports for an Aurora engine (aurora-mysql and aurora-postgresql). */
    private static final Set<String> LOG_TYPES = Set.of("audit", "error", "general", "slowquery", "postgresql",
            "iam-db-auth-error", "instance");
    private static final Set<Integer> MONITORING_INTERVALS = Set.of(0, 1, 5, 10, 15, 30, 60);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final long MAX_BACKTRACK_SECONDS = 72 * 3600;

    @Option(names = "--storage-type", description = "aurora or aurora-iopt1 (I/O-Optimized). Default: the source's.")
    String storageType;

    @Option(names = "--log-exports", description = "Comma-separated CloudWatch log types, or none. Default: the source's.")
    String logExports;

    @Option(names = "--copy-tags-to-snapshot", description = "true or false. Default: the source's.")
    String copyTagsToSnapshot;

    @Option(names = "--backtrack-window", description = "aurora-mysql only, up to 72h; 0 turns it off. Default: the source's.")
    String backtrackWindow;

    @Option(names = "--performance-insights", description = "true or false, on the clone's instances. Default: the source writer's.")
    String performanceInsights;

    @Option(names = "--performance-insights-retention",
            description = "Days: 7, a multiple of 31 up to 713, or 731. Default: the source writer's.")
    String performanceInsightsRetention;

    @Option(names = "--monitoring-interval",
            description = "Enhanced monitoring, seconds: 0 (off), 1, 5, 10, 15, 30 or 60. Default: the source writer's.")
    String monitoringInterval;

    @Option(names = "--monitoring-role-arn", description = "IAM role RDS uses for enhanced monitoring. Default: the source writer's.")
    String monitoringRoleArn;

    /** @throws dev.aurorarefresh.pass.ConfigurationException naming the first bad option */
    FeatureOverrides toOverrides() {
        Optional<String> storage = Optional.ofNullable(storageType).map(String::trim);
        storage.ifPresent(s -> check(s.equals("aurora") || s.equals("aurora-iopt1"), "--storage-type", s,
                "aurora (standard) or aurora-iopt1 (I/O-Optimized)"));
        Optional<List<String>> logs = Optional.ofNullable(logExports).map(CloneFeatureOptions::logTypes);
        Optional<Integer> retention = Optional.ofNullable(performanceInsightsRetention).map(v -> {
            int days = wholeNumber(v);
            check(days == 7 || days == 731 || (days % 31 == 0 && days >= 31 && days <= 713),
                    "--performance-insights-retention", v, "7, a multiple of 31 from 31 to 713 (months), or 731 days");
            return days;
        });
        Optional<Integer> interval = Optional.ofNullable(monitoringInterval).map(v -> {
            int seconds = wholeNumber(v);
            check(MONITORING_INTERVALS.contains(seconds), "--monitoring-interval", v, "0 (off), 1, 5, 10, 15, 30 or 60 seconds");
            return seconds;
        });
        Optional<String> role = Optional.ofNullable(monitoringRoleArn).map(String::trim);
        role.ifPresent(r -> check(ROLE_ARN.matcher(r).matches(), "--monitoring-role-arn", r,
                "an IAM role ARN such as arn:aws:iam::123456789012:role/rds-monitoring-role"));
        return new FeatureOverrides(storage, logs,
                Optional.ofNullable(copyTagsToSnapshot).map(v -> bool("--copy-tags-to-snapshot", v)),
                Optional.ofNullable(backtrackWindow).map(CloneFeatureOptions::backtrackSeconds),
                Optional.ofNullable(performanceInsights).map(v -> bool("--performance-insights", v)),
                retention, interval, role);
    }

    private static List<String> logTypes(String value) {
        if (value.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> types = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        check(!types.isEmpty() && LOG_TYPES.containsAll(types), "--log-exports", value,
                "none, or comma-separated log types from " + LOG_TYPES.stream().sorted().toList()
                        + " (aurora-mysql: audit,error,general,slowquery; aurora-postgresql: postgresql)");
        return types;
    }

    private static long backtrackSeconds(String value) {
        if (value.trim().equals("0")) {
            return 0;
        }
        try {
            Duration d = Durations.parse(value);
            if (!d.isNegative() && d.getSeconds() <= MAX_BACKTRACK_SECONDS) {
                return d.getSeconds();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw bad("--backtrack-window", value, "0 (off) or a duration up to 72h such as 24h or 90m");
    }

    private static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
