package dev.aurorarefresh.port;

import dev.aurorarefresh.core.ClusterView;
import java.util.Map;
import java.util.Optional;

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

    /** No probes configured: available is ready. */
    ReadinessCheck AVAILABLE_IS_READY = clone -> new Readiness.Ready(Map.of());
}
