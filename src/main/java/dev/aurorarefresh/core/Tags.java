package dev.aurorarefresh.core;

/** Tag keys that carry ownership and lifecycle; their values are the whole state of a pipeline. */
public final class Tags {
    public static final String PIPELINE = "aurora-refresh:pipeline";
    public static final String SOURCE = "aurora-refresh:source";
    public static final String LIFECYCLE = "aurora-refresh:lifecycle";
    public static final String CREATED_AT = "aurora-refresh:created-at";
    /** sha256 of the post-clone SQL hooks that completed on this clone: they are not run again. */
    public static final String HOOKS_DIGEST = "aurora-refresh:hooks-digest";

    private Tags() {
    }
}
