package dev.aurorarefresh.port;

import dev.aurorarefresh.core.ClusterView;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What must hold, beyond "AWS says available", before a clone is tagged ready. A check only
 * reads: what it wants recorded comes back in its answer and the pass writes it.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Readiness check(ClusterView clone);

    /** The post-clone SQL hooks that go with these checks (same database, same login), if any. */
    default Optional<PostCloneSqlRunner> postCloneSql() {
        return Optional.empty();
    }

    /** What {@link #check} does, in order, as the forecast names it (the probes). */
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
