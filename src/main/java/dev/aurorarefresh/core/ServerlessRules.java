package dev.aurorarefresh.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What AWS accepts for Aurora Serverless v2 clones, checked before anything changes
 * (ServerlessV2ScalingConfiguration in the RDS API: ACUs in half steps, MinCapacity 0 to 256,
 * MaxCapacity 1 to 256, SecondsUntilAutoPause 300 to 86400). Pure: the options and the preflight
 * turn the answers into their one-line errors.
 */
public final class ServerlessRules {
    public static final String SERVERLESS_CLASS = "db.serverless";
    public static final double MAX_ACU = 256;
    public static final Duration AUTO_PAUSE_MIN = Duration.ofMinutes(5);
    public static final Duration AUTO_PAUSE_MAX = Duration.ofDays(1);
    public static final String CAPACITY_RULE =
            "MIN-MAX in ACUs in steps of 0.5, MIN from 0 to 256, MAX from 1 to 256, MIN <= MAX, e.g. 0-4 or 0.5-16";
    public static final String AUTO_PAUSE_RULE = "a duration from 5m to 1d (24h), e.g. 10m or 2h";

    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*-\\s*(\\d+(?:\\.\\d+)?)\\s*");

    private ServerlessRules() {
    }

    /** {@code MIN-MAX} as a range AWS accepts; empty for anything else. */
    public static Optional<ServerlessScaling> parseCapacity(String text) {
        Matcher m = RANGE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double min = Double.parseDouble(m.group(1));
        double max = Double.parseDouble(m.group(2));
        boolean ok = isHalfStep(min) && isHalfStep(max) && min <= MAX_ACU && max >= 1 && max <= MAX_ACU && min <= max;
        return ok ? Optional.of(new ServerlessScaling(min, max)) : Optional.empty();
    }

    public static boolean isAutoPauseInRange(Duration idle) {
        return idle.compareTo(AUTO_PAUSE_MIN) >= 0 && idle.compareTo(AUTO_PAUSE_MAX) <= 0;
    }

    /**
     * The scaling the options ask for, or a problem: auto-pause needs a minimum of 0 ACUs (an
     * instance that cannot reach 0 never pauses).
     */
    public static Result<Optional<ServerlessScaling>> fromOptions(Optional<ServerlessScaling> capacity, Optional<Duration> autoPause) {
        if (autoPause.isEmpty()) {
            return Result.ok(capacity);
        }
        if (capacity.isEmpty() || !capacity.get().canPause()) {
            return Result.problem("only pauses an instance whose minimum is 0 ACUs; "
                    + capacity.map(c -> "--serverless-capacity is " + c.describe())
                            .orElse("--serverless-capacity is not set") + ", so use e.g. --serverless-capacity 0-4");
        }
        ServerlessScaling c = capacity.get();
        return Result.ok(Optional.of(new ServerlessScaling(c.minCapacity(), c.maxCapacity(),
                Optional.of((int) autoPause.get().getSeconds()))));
    }

    /** The clone's instance class: the option, else db.serverless when the options give a range, else the source writer's. */
    public static Optional<String> instanceClass(CloneSettings settings, Optional<String> sourceWriterClass) {
        return settings.instanceClass()
                .or(() -> settings.serverlessV2().map(s -> SERVERLESS_CLASS))
                .or(() -> sourceWriterClass);
    }

    /** The clone's scaling: the options', else the source's. */
    public static Optional<ServerlessScaling> scaling(CloneSettings settings, SourceCluster source) {
        return settings.serverlessV2().or(source::serverlessV2);
    }

    /** db.serverless instances need the cluster to have a capacity range (RDS refuses them otherwise). */
    public static Optional<String> classProblem(String instanceClass, Optional<ServerlessScaling> scaling, String sourceId) {
        if (SERVERLESS_CLASS.equals(instanceClass) && scaling.isEmpty()) {
            return Optional.of(SERVERLESS_CLASS + " needs a capacity range and source '" + sourceId
                    + "' has none; set --serverless-capacity MIN-MAX (e.g. 0.5-8), or a provisioned class such as db.r6g.large");
        }
        return Optional.empty();
    }

    /** A value, or the one-line problem that stops it. */
    public record Result<T>(T value, Optional<String> problem) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, Optional.empty());
        }

        static <T> Result<T> problem(String text) {
            return new Result<>(null, Optional.of(text));
        }
    }

    private static boolean isHalfStep(double acu) {
        return acu * 2 == Math.rint(acu * 2);
    }
}
