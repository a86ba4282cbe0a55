package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.ABORTED;
import static dev.aurorarefresh.core.Lifecycle.CONNECTED;
import static dev.aurorarefresh.core.Lifecycle.CREATED;
import static dev.aurorarefresh.core.Lifecycle.FAILED;
import static dev.aurorarefresh.core.Lifecycle.READY;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state machine of a clone, in one place: its states ({@link Lifecycle}), the events that move
 * it ({@link Transition}: from which states, to which, in which step or operator command), and the
 * action that records each one ({@link #record}: a {@link Action.SetLifecycle} with the tags that
 * go with it). The planner, {@link OperatorPlans} and the runner all go through here; docs/design.md's
 * transition table is checked against {@link Transition} by {@code CloneLifecycleTest}.
 *
 * <p>To add a transition: add a constant (its from states, to state, step and the extra tags it
 * writes in {@link #extraTags}), plan it with {@link #record} from the planner rule (or operator
 * plan) that decides it, and add its row to docs/design.md's table.
 */
public final class CloneLifecycle {

    /** Who decides a transition: a step of the pass, or an operator's command. */
    public enum By {
        CLONE, WAIT, CONNECT, CLEAN, HOLD, RELEASE, ROLLBACK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Every event of a clone's life. {@code to} is empty for a mark (the state is kept, other tags
     * change) and for the delete; {@code from} is empty for the clone's creation.
     */
    public enum Transition {
        /** No cluster has this period's name: the restore carries the lifecycle tag (no retag). */
        CLONED(By.CLONE, Set.of(), Optional.of(CREATED)),
        /**
         * A mark: the cluster is available and still has production's master password; it is replaced
         * by one RDS keeps in a managed secret before anything logs in ({@link Action.ReplaceMasterPassword},
         * which records it: the cluster's MasterUserSecret is the mark). With --master-password managed.
         */
        CREDENTIALS_REPLACED(By.WAIT, Set.of(CREATED), Optional.empty()),
        /**
         * A mark: the cluster is available and has not had the password of the operator's secret set
         * ({@link Action.SetMasterPasswordFromSecret}, which records it in the master-password tag after
         * RDS took the change). With --master-password secret:ARN.
         */
        CREDENTIALS_FROM_SECRET(By.WAIT, Set.of(CREATED), Optional.empty()),
        /** Cluster and instances available, hooks run, readiness checks passed ({@link Action.PromoteReady}). */
        PROMOTED(By.WAIT, Set.of(CREATED), Optional.of(READY)),
        /** The cluster or an instance is in a status it never leaves by itself. */
        NEVER_AVAILABLE(By.WAIT, Set.of(CREATED), Optional.of(FAILED)),
        /** Still created when a newer period's clone exists: it can never be the one connected. */
        SUPERSEDED(By.WAIT, Set.of(CREATED), Optional.of(FAILED)),
        /** Still created past --give-up-after. */
        GAVE_UP(By.WAIT, Set.of(CREATED), Optional.of(FAILED)),
        /** A readiness check or a post-clone SQL hook answered "failed": planned with the probe, written if it fails. */
        CHECK_FAILED(By.WAIT, Set.of(CREATED), Optional.of(FAILED)),
        /** The newest ready clone, newer than the record's: the record is switched to it. */
        SWITCHED_TO(By.CONNECT, Set.of(READY), Optional.of(CONNECTED)),
        /** The record already points at it (a stop between the DNS change and the tag). */
        FOUND_CONNECTED(By.CONNECT, Set.of(READY), Optional.of(CONNECTED)),
        /** The record was switched from it to a newer clone. */
        REPLACED(By.CONNECT, Set.of(READY, CONNECTED), Optional.of(ABORTED)),
        /** Tagged connected, but the record no longer points at it. */
        DISCONNECTED(By.CONNECT, Set.of(CONNECTED), Optional.of(ABORTED)),
        /** Ready, but older than the connected clone. */
        OUTDATED(By.CONNECT, Set.of(READY), Optional.of(ABORTED)),
        /** Ready, but older than the newest ready clone: never connected, whether or not the switch goes through now. */
        PASSED_OVER(By.CONNECT, Set.of(READY), Optional.of(ABORTED)),
        /**
         * --clone-cycle replace: a new period's clone is due and this one is in the way (AWS allows one
         * cross-account clone per account); the records are taken off it first, then it is deleted, and
         * the restore waits until it is gone.
         */
        CYCLED_OUT(By.CLONE, Set.of(CREATED, READY, CONNECTED), Optional.of(ABORTED)),
        /** Deleted by the clean step (not a tag: the delete actions record it). */
        DELETED(By.CLEAN, Set.of(ABORTED, FAILED), Optional.empty()),
        /** A mark: the pipeline is held on the record's clone (held-since, hold-reason); no clone, no switch. */
        HELD(By.HOLD, EnumSet.allOf(Lifecycle.class), Optional.empty()),
        /** A mark: the hold is lifted (the hold tags blanked). */
        RELEASED(By.RELEASE, EnumSet.allOf(Lifecycle.class), Optional.empty()),
        /** The record is pointed back at a retained clone (rolled-back-at; a hold follows the record). */
        ROLLED_BACK_TO(By.ROLLBACK, Set.of(ABORTED, READY), Optional.of(CONNECTED)),
        /** The clone the record pointed at before a rollback (aborted-at; its hold tags blanked). */
        ROLLED_BACK_FROM(By.ROLLBACK, EnumSet.allOf(Lifecycle.class), Optional.of(ABORTED));

        private final By by;
        private final Set<Lifecycle> from;
        private final Optional<Lifecycle> to;

        Transition(By by, Set<Lifecycle> from, Optional<Lifecycle> to) {
            this.by = by;
            this.from = from;
            this.to = to;
        }

        public By by() {
            return by;
        }

        public Set<Lifecycle> from() {
            return from;
        }

        public Optional<Lifecycle> to() {
            return to;
        }

        /** The pass step the action is reported under (an operator's command acts on the connected clone). */
        Step step() {
            return switch (by) {
                case CLONE -> Step.CLONE;
                case WAIT -> Step.WAIT;
                case CLEAN -> Step.CLEAN;
                case CONNECT, HOLD, RELEASE, ROLLBACK -> Step.CONNECT;
            };
        }
    }

    private CloneLifecycle() {
    }

    /**
     * The action that records {@code t} on clone {@code c} (instances first, cluster last), with
     * the tags that go with it: {@code extra} on top of the transition's own.
     *
     * @throws IllegalStateException if {@code t} does not leave the state {@code current}: a planner bug
     */
    public static Action.SetLifecycle record(Transition t, ClusterView c, Lifecycle current, Observation obs, Instant now,
            String reason, Map<String, String> extra) {
        if (t.to().isEmpty() && t.by() == By.CLEAN || t == Transition.CLONED || t == Transition.CREDENTIALS_REPLACED
                || t == Transition.CREDENTIALS_FROM_SECRET) {
            throw new IllegalArgumentException(t + " is recorded by its own action, not by a tag");
        }
        if (!t.from().contains(current)) {
            throw new IllegalStateException(t + " does not leave " + current.tagValue() + " (clone " + c.id() + ")");
        }
        Map<String, String> tags = new LinkedHashMap<>(extraTags(t, now));
        tags.putAll(extra);
        return new Action.SetLifecycle(t, c.id(), t.to().orElse(current), reason, arnsOf(c, obs),
                Collections.unmodifiableMap(tags));
    }

    /** The tags a transition writes besides the lifecycle: aborted-at and rolled-back-at are its time. */
    static Map<String, String> extraTags(Transition t, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return switch (t) {
            case REPLACED, DISCONNECTED, OUTDATED, PASSED_OVER, CYCLED_OUT, ROLLED_BACK_FROM -> Map.of(Tags.ABORTED_AT, stamp);
            case ROLLED_BACK_TO -> Map.of(Tags.ROLLED_BACK_AT, stamp);
            case RELEASED -> Map.of(Tags.HELD_SINCE, "", Tags.HOLD_REASON, "");
            default -> Map.of();
        };
    }

    /**
     * The clone's instances first, its cluster last: the cluster's tag is the lifecycle, so a pass
     * stopped half-way leaves the cluster in its old state and the next run tags everything again.
     */
    static List<String> arnsOf(ClusterView c, Observation obs) {
        List<String> arns = new java.util.ArrayList<>();
        obs.instancesOf(c.id()).forEach(i -> arns.add(i.arn()));
        arns.add(c.arn());
        return arns;
    }
}
