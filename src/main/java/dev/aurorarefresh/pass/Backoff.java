package dev.aurorarefresh.pass;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: initial, initial*2, ... up to max, each delay drawn
 * within +/- jitter of its nominal value so that concurrent runs do not poll in lock step.
 */
public final class Backoff {
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;
    private Duration nominal;

    public Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        this.nominal = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    public static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 0.2, random);
    }

    public Duration next() {
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        Duration delay = Duration.ofMillis(Math.round(nominal.toMillis() * factor));
        Duration doubled = nominal.multipliedBy(2);
        nominal = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }
}
