package dev.aurorarefresh.core;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which engine versions can scale to 0 ACUs and pause. RDS says so per version
 * (DescribeDBEngineVersions: ServerlessV2FeaturesSupport.MinCapacity is 0); where that answer is
 * missing (older API endpoints, emulators), the versions AWS documented when the feature launched
 * (November 2024) decide: Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3 and later minors (17 and
 * later majors all can), Aurora MySQL 3.08.0 and later.
 */
public final class AutoPauseVersions {
    private static final Map<Integer, String> POSTGRES_MINIMUM = Map.of(13, "13.15", 14, "14.12", 15, "15.7", 16, "16.3");
    private static final String MYSQL_MINIMUM = "3.08.0";
    private static final Pattern MYSQL_VERSION = Pattern.compile("\\d+\\.\\d+\\.mysql_aurora\\.(\\d+(?:\\.\\d+)*)");

    private AutoPauseVersions() {
    }

    /**
     * Empty when the version can pause (or nothing can tell); else the problem, naming the version
     * and the minimum that can.
     *
     * @param reportedMinCapacity RDS's ServerlessV2FeaturesSupport.MinCapacity for the version, if it gave one
     */
    public static Optional<String> problem(String engine, String version, Optional<Double> reportedMinCapacity) {
        Optional<String> minimum = documentedMinimum(engine, version);
        boolean can = reportedMinCapacity.map(min -> min == 0).orElse(minimum.isEmpty());
        if (can) {
            return Optional.empty();
        }
        return Optional.of("source engine " + engine + " " + version + " cannot auto-pause (scale to 0 ACUs)"
                + (reportedMinCapacity.isPresent() ? " (RDS: its lowest capacity is " + ServerlessScaling.acu(reportedMinCapacity.get())
                        + " ACU)" : "")
                + "; the first that can is " + minimum.orElse("a newer version") + ": upgrade the source, or use a MIN of 0.5");
    }

    /** The first version of this major that can pause, when this one is older; empty when it can, or is unknown. */
    static Optional<String> documentedMinimum(String engine, String version) {
        if ("aurora-postgresql".equals(engine)) {
            int[] v = numbers(version);
            if (v.length == 0) {
                return Optional.empty();
            }
            if (v[0] >= 17) {
                return Optional.empty();
            }
            String min = POSTGRES_MINIMUM.getOrDefault(v[0], POSTGRES_MINIMUM.get(13));
            return compare(v, numbers(min)) >= 0 ? Optional.empty() : Optional.of(min);
        }
        if ("aurora-mysql".equals(engine)) {
            Matcher m = MYSQL_VERSION.matcher(version);
            if (!m.matches()) {
                return Optional.empty();
            }
            return compare(numbers(m.group(1)), numbers(MYSQL_MINIMUM)) >= 0 ? Optional.empty()
                    : Optional.of("8.0.mysql_aurora." + MYSQL_MINIMUM);
        }
        return Optional.empty();
    }

    private static int[] numbers(String version) {
        if (!version.matches("\\d+(\\.\\d+)*")) {
            return new int[0];
        }
        String[] parts = version.split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
