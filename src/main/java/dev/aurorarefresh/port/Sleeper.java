package dev.aurorarefresh.port;

import java.time.Duration;

/** Waiting, behind an interface so tests run a 45-minute wait in microseconds with a fake clock. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
