package dev.aurorarefresh.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt came to: an action carried out, a step of a pass run (not to be confused with
 * {@code PassReport.Outcome}, what a whole pass came to). Control flow of the
 * pass goes through these values, never through exceptions.
 */
public sealed interface Attempt {

    /** It happened (or had already happened); the event says what, for the log and the report. */
    record Done(String event) implements Attempt {
    }

    /**
     * Not yet: observe again and re-plan. {@code lookAgainIn} is when it is worth looking again,
     * if the step knows; empty means the pass's own backoff.
     */
    record NotYet(String why, Optional<Duration> lookAgainIn) implements Attempt {
        public static NotYet because(String why) {
            return new NotYet(why, Optional.empty());
        }
    }

    /** It cannot happen in this run; the pass stops with exit code 1 and this reason. */
    record Failed(String why) implements Attempt {
    }
}
