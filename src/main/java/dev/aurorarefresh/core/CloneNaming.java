package dev.aurorarefresh.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic names: {@code <prefix>-<period>} for a clone and {@code <clone>-<n>} for its
 * instances. The same period always gives the same name, which is what makes re-runs and
 * concurrent runs create nothing twice (invariant 4).
 */
public record CloneNaming(String prefix, String datePattern, ZoneId zone) {

    public String cloneName(Instant now) {
        return prefix + "-" + DateTimeFormatter.ofPattern(datePattern).withZone(zone).format(now);
    }

    public static String instanceName(String cloneId, int n) {
        return cloneId + "-" + n;
    }

    public boolean hasPrefix(String clusterId) {
        return clusterId.startsWith(prefix + "-");
    }
}
