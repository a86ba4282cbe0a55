package dev.aurorarefresh.core;

import java.util.List;

/**
 * The planner's answer: actions to take now, what is still in progress (to be polled again),
 * and what blocks the pass for good.
 */
public record Plan(List<Action> actions, List<Pending> pending, List<String> blockers) {

    /** A clone that is not done yet, and why. */
    public record Pending(String cloneId, String reason) {
    }

    public boolean isSettled() {
        return actions.isEmpty() && pending.isEmpty();
    }
}
