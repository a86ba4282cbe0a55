package dev.aurorarefresh.core;

import java.util.List;

/**
 * The post-clone SQL hooks a pass is configured with, as the planner sees them: the files by name,
 * in the order they run, and the digest the clone's tag records once they have completed.
 */
public record PostCloneSql(String digest, List<String> files) {
    public PostCloneSql {
        files = List.copyOf(files);
    }

    /** True unless the clone's tag records that these very hooks completed on it. */
    public boolean pendingOn(ClusterView clone) {
        return !digest.equals(clone.tags().get(Tags.HOOKS_DIGEST));
    }
}
