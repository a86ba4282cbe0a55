package dev.aurorarefresh.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Deterministic names: {@code <prefix>-<period>} for a clone and {@code <clone>-<n>} for its
 * instances. The same period always gives the same name, which is what makes re-runs and
 * concurrent runs create nothing twice (docs/design.md, invariant 4). Names are lower case, as
 * RDS stores identifiers: a prefix or date pattern with capitals must still find its own clones.
 */
public record CloneNaming(String prefix, String datePattern, ZoneId zone) {
    private static final DateTimeFormatter FINAL_SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    public CloneNaming {
        prefix = prefix.toLowerCase(Locale.ROOT);
    }

    public String cloneName(Instant now) {
        return (prefix + "-" + DateTimeFormatter.ofPattern(datePattern, Locale.ROOT).withZone(zone).format(now))
                .toLowerCase(Locale.ROOT);
    }

    public static String instanceName(String cloneId, int n) {
        return cloneId + "-" + n;
    }

    /**
     * {@code <clone>-final-<yyyyMMddHHmmss>} (UTC, the pass's clock): a clone name used twice (an
     * hourly pattern, a re-created clone) never meets the snapshot its earlier self left behind.
     */
    public static String finalSnapshotName(String cloneId, Instant now) {
        return cloneId + "-final-" + FINAL_SNAPSHOT_TIME.format(now);
    }

    public boolean hasPrefix(String clusterId) {
        return clusterId.toLowerCase(Locale.ROOT).startsWith(prefix + "-");
    }
}
