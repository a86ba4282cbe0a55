package dev.aurorarefresh.port;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.PostCloneSql;

/** Runs the post-clone SQL hooks on a clone's database: the only database writer, and only as a planned action. */
public interface PostCloneSqlRunner {

    /** The hooks, by file name and digest, for the plan. */
    PostCloneSql hooks();

    /**
     * Runs every statement of every file, in order. Ready when all completed; Unready when the
     * database cannot be reached yet (they run again from the start); Failed when a statement failed.
     */
    Readiness run(ClusterView clone);
}
