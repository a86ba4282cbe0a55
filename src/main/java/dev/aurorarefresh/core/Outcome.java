package dev.aurorarefresh.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What one step of a pass came to: an action carried out, a step completed. Control flow of the
 * pass goes through these values, never through exceptions.
 */
public sealed interface Outcome {

    /** It happened (or had already happened); the event says what, for the log and the report. */
    record Done(String event) implements Outcome {
    }

    /**
     * Not yet: observe again and re-plan. {@code lookAgainIn} is when it is worth looking again,
     * if the step knows; empty means the pass's own backoff.
     */
    record NotYet(String why, Optional<Duration> lookAgainIn) implements Outcome {
        public static NotYet because(String why) {
            return new NotYet(why, Optional.empty());
        }
    }

    /** It cannot happen in this run; the pass stops with exit code 1 and this reason. */
    record Failed(String why) implements Outcome {
    }
}
