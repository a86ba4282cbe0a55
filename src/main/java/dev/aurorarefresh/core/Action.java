package dev.aurorarefresh.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One mutating step the planner asks for. Every action is safe to repeat ("already done" is success). */
public sealed interface Action {

    Step step();

    /** The clone this action is about. */
    String cloneId();

    String describe();

    /** Hands this action to the handler's method for its type. */
    <R> R accept(Handler<R> handler) throws InterruptedException;

    /**
     * One method per action: a new action does not compile until every handler handles it. (On
     * Java 21 an exhaustive pattern {@code switch} over this sealed interface would replace it.)
     */
    interface Handler<R> {
        R createClone(CreateClone a) throws InterruptedException;

        R createInstance(CreateInstance a) throws InterruptedException;

        R runPostCloneSql(RunPostCloneSql a) throws InterruptedException;

        R promoteReady(PromoteReady a) throws InterruptedException;

        R replaceMasterPassword(ReplaceMasterPassword a) throws InterruptedException;

        R setMasterPasswordFromSecret(SetMasterPasswordFromSecret a) throws InterruptedException;

        R setLifecycle(SetLifecycle a) throws InterruptedException;

        R switchRecord(SwitchRecord a) throws InterruptedException;

        R removeRecords(RemoveRecords a) throws InterruptedException;

        R protectFromDeletion(ProtectFromDeletion a) throws InterruptedException;

        R disableDeletionProtection(DisableDeletionProtection a) throws InterruptedException;

        R deleteInstance(DeleteInstance a) throws InterruptedException;

        R deleteCluster(DeleteCluster a) throws InterruptedException;

        R deleteFinalSnapshot(DeleteFinalSnapshot a) throws InterruptedException;
    }

    /** Restore the clone (copy-on-write, latest restorable time) with its ownership tags. */
    record CreateClone(CloneSpec spec) implements Action {
        public Step step() { return Step.CLONE; }
        public String cloneId() { return spec.cloneId(); }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.createClone(this); }
        public String describe() { return "clone " + spec.sourceClusterId() + " -> " + spec.cloneId(); }
    }

    record CreateInstance(String instanceId, String cloneId, String engine, String instanceClass,
            Optional<String> dbParameterGroup, Map<String, String> tags, InstanceMonitoring monitoring) implements Action {
        public Step step() { return Step.CLONE; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.createInstance(this); }
        public String describe() { return "create instance " + instanceId + " (" + instanceClass + ") in " + cloneId; }
    }

    /**
     * Run the post-clone SQL hooks on the clone, then record their digest on it (so they are never
     * run twice on one clone). Planned before {@link PromoteReady}; it writes to the database. A
     * hook that fails writes the planned {@code onFailure} ({@link CloneLifecycle.Transition#CHECK_FAILED}).
     */
    record RunPostCloneSql(String cloneId, String clusterArn, PostCloneSql sql, SetLifecycle onFailure) implements Action {
        public Step step() { return Step.WAIT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.runPostCloneSql(this); }
        public String describe() { return "run post-clone SQL on " + cloneId + ": " + String.join(", ", sql.files()); }
    }

    /**
     * Probe the clone (readiness checks, which only read), then write {@code promoted} (tag it
     * ready); a check that fails for good writes the planned {@code onFailure} instead
     * ({@link CloneLifecycle.Transition#PROMOTED}, {@link CloneLifecycle.Transition#CHECK_FAILED}).
     */
    record PromoteReady(String cloneId, String endpoint, SetLifecycle promoted, SetLifecycle onFailure) implements Action {
        public Step step() { return Step.WAIT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.promoteReady(this); }
        public String describe() { return "mark " + cloneId + " ready"; }
    }

    /**
     * Replace the clone's master password (production's) by one RDS generates and keeps in a secret
     * it manages ({@code ModifyDBCluster ManageMasterUserPassword}); the cluster reads
     * {@code resetting-master-credentials} until it is done ({@link CloneLifecycle.Transition#CREDENTIALS_REPLACED}).
     * Planned while the available cluster has no such secret, so a change a stopped run left half-done is
     * waited for, and one that never reached RDS is asked again.
     */
    record ReplaceMasterPassword(String cloneId, Optional<String> secretKmsKeyId) implements Action {
        /** The secret encrypted with the account's aws/secretsmanager key. */
        public ReplaceMasterPassword(String cloneId) {
            this(cloneId, Optional.empty());
        }

        public Step step() { return Step.WAIT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.replaceMasterPassword(this); }
        public String describe() {
            return "replace the master password of " + cloneId + " by one RDS keeps in a managed secret"
                    + secretKmsKeyId.map(k -> " encrypted with KMS key " + k).orElse("");
        }
    }

    /**
     * Set the clone's master password (production's) to the "password" of the operator's secret
     * {@code secretArn} ({@code ModifyDBCluster MasterUserPassword}), then tag the cluster with the
     * secret's ARN, the mark ({@link CloneLifecycle.Transition#CREDENTIALS_FROM_SECRET}). Planned while the
     * available cluster lacks that tag: a run stopped between the change and the tag sets the same password again.
     */
    record SetMasterPasswordFromSecret(String cloneId, String clusterArn, String secretArn) implements Action {
        public Step step() { return Step.WAIT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.setMasterPasswordFromSecret(this); }
        public String describe() { return "set the master password of " + cloneId + " to the one in secret " + secretArn; }
    }

    /**
     * Record a {@link CloneLifecycle.Transition}: the lifecycle tag (and the tags that go with it,
     * such as aborted-at) on the cluster's instances, then the cluster. Made by {@link CloneLifecycle#record}.
     */
    record SetLifecycle(CloneLifecycle.Transition transition, String cloneId, Lifecycle to, String reason,
            List<String> resourceArns, Map<String, String> extraTags) implements Action {
        public Step step() { return transition.step(); }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.setLifecycle(this); }
        public String describe() { return "tag " + cloneId + " " + to.tagValue() + " (" + reason + ")"; }
    }

    /** UPSERT the record (and reader record) to the clone's endpoints and wait for INSYNC. */
    record SwitchRecord(String cloneId, String writerEndpoint, Optional<String> readerEndpoint) implements Action {
        public Step step() { return Step.CONNECT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.switchRecord(this); }
        public String describe() { return "point record at " + cloneId + " (" + writerEndpoint + ")"; }
    }

    /**
     * DELETE the records that point at the clone (--clone-cycle replace), each only while it still
     * holds the value observed (a record pointing elsewhere is never touched), and wait for INSYNC:
     * the clone is deleted only once no record points at it (docs/design.md, invariant 3). The
     * name has no database from then until the new clone is connected.
     *
     * @param records the writer (and reader) record as observed, each pointing at the clone
     */
    record RemoveRecords(String cloneId, List<DnsRecord> records) implements Action {
        public Step step() { return Step.CLONE; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.removeRecords(this); }
        public String describe() {
            return "remove record " + String.join(", ", records.stream().map(DnsRecord::name).toList()) + " from " + cloneId
                    + ": the name has no database until the new clone is connected";
        }
    }

    /**
     * Turn deletion protection on (--deletion-protection) once the clone is available, before it is
     * tagged ready: a clone is restored without it, so one AWS fails before it is ready (a status
     * in which RDS refuses ModifyDBCluster) can still be deleted.
     */
    record ProtectFromDeletion(String cloneId) implements Action {
        public Step step() { return Step.WAIT; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.protectFromDeletion(this); }
        public String describe() { return "turn on deletion protection on " + cloneId; }
    }

    record DisableDeletionProtection(String cloneId) implements Action {
        public Step step() { return Step.CLEAN; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.disableDeletionProtection(this); }
        public String describe() { return "turn off deletion protection on " + cloneId; }
    }

    record DeleteInstance(String instanceId, String cloneId) implements Action {
        public Step step() { return Step.CLEAN; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.deleteInstance(this); }
        public String describe() { return "delete instance " + instanceId; }
    }

    /**
     * Delete the cluster, taking the final snapshot of that name if one is given; where the
     * pipeline wants one but none can be taken, {@code noSnapshotBecause} says why.
     */
    record DeleteCluster(String cloneId, Optional<String> finalSnapshotId, Optional<String> noSnapshotBecause) implements Action {
        public DeleteCluster(String cloneId, Optional<String> finalSnapshotId) {
            this(cloneId, finalSnapshotId, Optional.empty());
        }

        public Step step() { return Step.CLEAN; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.deleteCluster(this); }
        public String describe() {
            return "delete cluster " + cloneId + finalSnapshotId.map(s -> " (final snapshot " + s + ")")
                    .orElse(noSnapshotBecause.map(why -> " (no final snapshot: " + why + ")").orElse(""));
        }
    }

    /**
     * Delete one of the pipeline's final snapshots that its retention (--final-snapshot-retain) no
     * longer keeps; {@code cloneId} is the clone it was taken of.
     */
    record DeleteFinalSnapshot(String snapshotId, String cloneId) implements Action {
        public Step step() { return Step.CLEAN; }
        public <R> R accept(Handler<R> h) throws InterruptedException { return h.deleteFinalSnapshot(this); }
        public String describe() { return "delete final snapshot " + snapshotId; }
    }
}
