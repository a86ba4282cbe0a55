package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.Optional;

/**
 * An operator's hold on a pipeline: while it lasts, passes clone nothing and switch nothing (clean
 * still deletes what is safe). Kept in tags on the clone it was placed on, so it survives pods.
 */
public record Hold(String cloneId, Instant since, String reason) {

    /** The hold this clone carries, if any: a blank or unreadable held-since tag is no hold. */
    public static Optional<Hold> on(ClusterView clone) {
        String since = clone.tags().get(Tags.HELD_SINCE);
        if (since == null || since.isBlank()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(since.trim());
        } catch (RuntimeException unreadable) {
            at = Instant.EPOCH; // still a hold: an operator meant to freeze the pipeline
        }
        return Optional.of(new Hold(clone.id(), at, clone.tags().getOrDefault(Tags.HOLD_REASON, "")));
    }

    public String describe() {
        return "held since " + since + " : " + (reason.isBlank() ? "(no reason given)" : reason) + " (on " + cloneId + ")";
    }
}
