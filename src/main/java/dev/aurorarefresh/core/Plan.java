package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The planner's answer: actions to take now, what is still in progress (to be polled again),
 * what blocks the pass for good, and what the step has to leave as it is ({@code leftStopped}: a
 * stopped clone clean cannot delete): those never stop the others, and the step reports them once
 * it is done. Not to be confused with {@code hold} (an operator's hold on the pipeline) or
 * {@code inGrace} (replaced clones clean keeps until their grace period is over).
 */
public record Plan(List<Action> actions, List<Pending> pending, List<String> blockers, List<String> leftStopped,
        List<InGrace> inGrace, Optional<Hold> hold) {

    /** A replaced clone clean keeps until its grace period (--keep-replaced-for) is over. */
    public record InGrace(String cloneId, Instant until) {
    }

    /** A clone that is not done yet, and why. */
    public record Pending(String cloneId, String reason) {
    }

    public boolean isSettled() {
        return actions.isEmpty() && pending.isEmpty();
    }
}
