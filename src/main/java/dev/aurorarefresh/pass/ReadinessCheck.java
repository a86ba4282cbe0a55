package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.ClusterView;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** What must hold, beyond "AWS says available", before a clone is tagged ready. */
@FunctionalInterface
public interface ReadinessCheck {

    Readiness check(ClusterView clone);

    /** What {@link #check} does, in order, as the forecast names it (probes, each post-clone SQL file). */
    default List<String> checks() {
        return List.of();
    }

    /**
     * Client sessions open on a clone, asked with the checks' login (a replaced clone clean deletes
     * or keeps); empty without database credentials or when the database does not answer.
     */
    default OptionalInt openSessions(ClusterView clone) {
        return OptionalInt.empty();
    }

    /** No probes configured: available is ready. */
    ReadinessCheck AVAILABLE_IS_READY = clone -> new Readiness.Ready(Map.of());
}
