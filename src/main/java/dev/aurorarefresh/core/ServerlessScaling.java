package dev.aurorarefresh.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Aurora Serverless v2 capacity range, in ACUs, and how long an instance stays idle before it
 * pauses (only meaningful with a minimum of 0 ACUs, which is what lets it pause).
 */
public record ServerlessScaling(double minCapacity, double maxCapacity, Optional<Integer> secondsUntilAutoPause) {

    public ServerlessScaling(double minCapacity, double maxCapacity) {
        this(minCapacity, maxCapacity, Optional.empty());
    }

    /** An instance at 0 ACUs is paused: only a minimum of 0 lets it get there. */
    public boolean canPause() {
        return minCapacity == 0;
    }

    /** {@code 0-4 ACU, pauses after 10m idle} or {@code 0.5-16 ACU}. */
    public String describe() {
        String range = acu(minCapacity) + "-" + acu(maxCapacity) + " ACU";
        if (!canPause()) {
            return range;
        }
        return range + ", pauses after " + secondsUntilAutoPause.map(s -> Durations.format(Duration.ofSeconds(s)))
                .orElse("5m00s") + " idle";
    }

    public static String acu(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
