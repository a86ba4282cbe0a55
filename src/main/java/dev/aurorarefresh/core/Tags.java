package dev.aurorarefresh.core;

/** Tag keys that carry ownership and lifecycle; their values are the whole state of a pipeline. */
public final class Tags {
    public static final String PIPELINE = "aurora-refresh:pipeline";
    public static final String SOURCE = "aurora-refresh:source";
    public static final String LIFECYCLE = "aurora-refresh:lifecycle";
    public static final String CREATED_AT = "aurora-refresh:created-at";
    /** sha256 of the post-clone SQL hooks that completed on this clone: they are not run again. */
    public static final String HOOKS_DIGEST = "aurora-refresh:hooks-digest";
    /** What those hooks did: files, statements, time (for status). */
    public static final String HOOKS_RESULT = "aurora-refresh:hooks-result";

    /**
     * With --master-password secret:ARN: the secret whose password RDS accepted as the clone's master
     * password (written after the change): the next run does not change it again.
     */
    public static final String MASTER_PASSWORD = "aurora-refresh:master-password";

    /** When the record moved off this clone (ISO-8601 UTC): its grace period (--keep-replaced-for) runs from here. */
    public static final String ABORTED_AT = "aurora-refresh:aborted-at";
    /** On a clone a rollback moved the record off: today's pass must not switch back to it. */
    public static final String ROLLED_BACK_AT = "aurora-refresh:rolled-back-at";
    /** A hold on the pipeline (set by {@code hold}, blank after {@code release}), on the connected clone. */
    public static final String HELD_SINCE = "aurora-refresh:held-since";
    public static final String HOLD_REASON = "aurora-refresh:hold-reason";

    private Tags() {
    }
}
