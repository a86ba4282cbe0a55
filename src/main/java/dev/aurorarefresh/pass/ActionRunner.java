package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Attempt;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.NotFoundException;
import dev.aurorarefresh.port.NotReadyException;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.RdsWrites;
import dev.aurorarefresh.port.Readiness;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.SecretSource;
import dev.aurorarefresh.port.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The act step, and the only writer: carries out one planned action through the ports and says
 * what came of it. "Already done" answers are success: they are what a concurrent run or a run
 * after a crash sees. What a clone looks like comes from the observation the action was planned
 * on, not from another call.
 */
final class ActionRunner implements Action.Handler<Attempt> {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");

    private final RdsPort rds;
    private final DnsPort dns;
    private final ReadinessCheck readiness;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RunContext run;
    /** Where --master-password secret:ARN's password is read. */
    private final SecretSource secrets;

    /** The runners of one pass's runs: the writers go to them and nowhere else. */
    static Function<RunContext, ActionRunner> writingTo(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock,
            Sleeper sleeper, SecretSource secrets) {
        return run -> new ActionRunner(rds, dns, readiness, clock, sleeper, run, secrets);
    }

    private ActionRunner(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper, RunContext run,
            SecretSource secrets) {
        this.secrets = secrets;
        this.rds = rds;
        this.dns = dns;
        this.readiness = readiness;
        this.clock = clock;
        this.sleeper = sleeper;
        this.run = run;
    }

    /** Carries out the action; a failed AWS call is its outcome, and "not found" right after a change is "not yet". */
    Attempt run(Action action) throws InterruptedException {
        try {
            return action.accept(this);
        } catch (NotFoundException e) {
            return Attempt.NotYet.because(e.getMessage() + " (eventual consistency: observing again)");
        } catch (PortException e) {
            return new Attempt.Failed(action.describe() + ": " + e.getMessage());
        }
    }

    /**
     * A restore that fails is looked at again before it is reported: the loser of two overlapping
     * runs is refused with DBClusterAlreadyExistsFault, or with another fault such as
     * DBClusterSnapshotAlreadyExistsFault, and the clone it wanted is there, made by the winner.
     */
    @Override
    public Attempt createClone(Action.CreateClone a) {
        String id = a.spec().cloneId();
        PortException failure = null;
        try {
            if (rds.restoreClone(a.spec())) {
                return new Attempt.Done("cloned " + a.spec().sourceClusterId() + " (copy-on-write, latest restorable time)");
            }
        } catch (PortException e) {
            failure = e;
        }
        ClusterView existing = rds.describeCluster(id).orElse(null);
        if (existing == null) {
            if (failure != null) {
                throw failure;
            }
            return Attempt.NotYet.because("RDS says " + id + " already exists but does not list it yet");
        }
        Pipeline pipeline = run.pipeline();
        if (!pipeline.owns(existing)) {
            return new Attempt.Failed("cluster " + id + " already exists and is not owned by pipeline "
                    + pipeline.name() + "; refusing to touch it");
        }
        return new Attempt.Done("found already cloned by another run");
    }

    /** Likewise for an instance; a refusal because the clone is not available yet is "not yet". */
    @Override
    public Attempt createInstance(Action.CreateInstance a) {
        try {
            return new Attempt.Done(rds.createInstance(a)
                    ? "created instance " + a.instanceId() + " (" + a.instanceClass() + ")"
                    : "instance " + a.instanceId() + " already exists");
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("RDS does not take instances in " + a.cloneId() + " yet: " + e.getMessage());
        } catch (NotFoundException e) {
            throw e;
        } catch (PortException e) {
            boolean there = rds.describeInstances(List.of(a.cloneId())).stream()
                    .anyMatch(i -> i.id().equals(a.instanceId()));
            if (!there) {
                throw e;
            }
            return new Attempt.Done("instance " + a.instanceId() + " found, created by another run");
        }
    }

    /** The hooks write to the database; their digest is tagged at once, so a run that dies before the ready tag does not run them again. */
    @Override
    public Attempt runPostCloneSql(Action.RunPostCloneSql a) {
        Optional<ClusterView> clone = run.observer().cluster(a.cloneId());
        if (clone.isEmpty()) {
            return Attempt.NotYet.because("RDS does not show " + a.cloneId() + " at the moment");
        }
        Readiness answer = readiness.postCloneSql().orElseThrow().run(clone.get());
        if (answer instanceof Readiness.Ready r) {
            rds.addTags(a.clusterArn(), r.extraTags());
            return new Attempt.Done("post-clone SQL completed: " + String.join(", ", a.sql().files())
                    + (r.done().isBlank() ? "" : " (" + r.done() + ")"));
        }
        return notReadyOrFailed(answer, a.onFailure(), "post-clone SQL");
    }

    @Override
    public Attempt promoteReady(Action.PromoteReady a) {
        Optional<ClusterView> clone = run.observer().cluster(a.cloneId());
        if (clone.isEmpty()) {
            return Attempt.NotYet.because("RDS does not show " + a.cloneId() + " at the moment");
        }
        Readiness answer = readiness.check(clone.get());
        if (answer instanceof Readiness.Ready r) {
            write(a.promoted(), r.extraTags());
            return new Attempt.Done("tagged ready: cluster and every instance available, readiness checks passed"
                    + (r.done().isBlank() ? "" : "; " + r.done()));
        }
        return notReadyOrFailed(answer, a.onFailure(), "readiness checks");
    }

    /** Not yet is polled again; failed can never become ready: the planned failed transition is written. */
    private Attempt notReadyOrFailed(Readiness answer, Action.SetLifecycle onFailure, String what) {
        if (answer instanceof Readiness.Unready n) {
            return Attempt.NotYet.because(n.reason());
        }
        write(onFailure, Map.of());
        return new Attempt.Failed("clone " + onFailure.cloneId() + " failed its " + what + " and was tagged "
                + onFailure.to().tagValue() + ": " + ((Readiness.Failed) answer).reason());
    }

    @Override
    public Attempt setLifecycle(Action.SetLifecycle a) {
        write(a, Map.of());
        return new Attempt.Done("tagged " + a.to().tagValue() + ": " + a.reason());
    }

    /** Writes a planned transition (and {@code found}, what the probe learnt) on the instances, then the cluster. */
    private void write(Action.SetLifecycle a, Map<String, String> found) {
        Map<String, String> tags = new LinkedHashMap<>(found);
        tags.putAll(a.extraTags());
        tags.put(Tags.LIFECYCLE, a.to().tagValue());
        for (String arn : a.resourceArns()) {
            rds.addTags(arn, tags);
        }
    }

    @Override
    public Attempt switchRecord(Action.SwitchRecord a) throws InterruptedException {
        Pipeline pipeline = run.pipeline();
        String writerRecord = pipeline.record().writerRecord();
        List<DnsPort.Cname> changes = new ArrayList<>();
        changes.add(new DnsPort.Cname(writerRecord, a.writerEndpoint()));
        pipeline.record().readerRecord()
                .ifPresent(r -> a.readerEndpoint().ifPresent(e -> changes.add(new DnsPort.Cname(r, e))));
        DnsPort.Submitted change;
        try {
            change = dns.upsertCnames(run.observer().zoneId(), changes, pipeline.record().ttl(), "aurora-refresh: " + a.cloneId());
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("Route53 is still processing a prior change of the zone: " + e.getMessage());
        }
        Optional<Attempt> pending = untilInSync(change, writerRecord);
        return pending.orElseGet(() -> new Attempt.Done("record " + writerRecord + " -> " + a.writerEndpoint()
                + (changes.size() > 1 ? ", " + changes.get(1).name() + " -> " + changes.get(1).target() : "")
                + " (INSYNC)"));
    }

    /** Waits for the change to be INSYNC: empty once it is, a failure at the deadline. */
    private Optional<Attempt> untilInSync(DnsPort.Submitted change, String record) throws InterruptedException {
        String changeId = change.id();
        Backoff backoff = run.backoffs().get();
        while (!change.inSync() && !dns.isInSync(changeId)) {
            if (!clock.instant().isBefore(run.deadline())) {
                return Optional.of(new Attempt.Failed("Route53 change " + changeId + " for " + record
                        + " is still PENDING at the wait timeout; the next run checks the record again"));
            }
            LOG.infof("waiting for Route53 change %s to be INSYNC", changeId);
            sleeper.sleep(backoff.next());
        }
        return Optional.empty();
    }

    /**
     * --clone-cycle replace: the records come off the clone before it is deleted (a record changed
     * meanwhile is left alone, and Route53 refuses a DELETE of values it no longer holds).
     */
    @Override
    public Attempt removeRecords(Action.RemoveRecords a) throws InterruptedException {
        List<DnsPort.Cname> records = a.records().stream()
                .map(r -> new DnsPort.Cname(r.name(), r.value().orElseThrow())).toList();
        String names = String.join(", ", records.stream().map(DnsPort.Cname::name).toList());
        Optional<DnsPort.Submitted> change;
        try {
            change = dns.deleteCnames(run.observer().zoneId(), records, "aurora-refresh: off " + a.cloneId());
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("Route53 is still processing a prior change of the zone: " + e.getMessage());
        }
        if (change.isEmpty()) {
            return new Attempt.Done("record " + names + " already gone or pointing elsewhere: left as it is");
        }
        Optional<Attempt> pending = untilInSync(change.get(), names);
        return pending.orElseGet(() -> new Attempt.Done("record " + names + " removed (INSYNC): the name has no database"
                + " until the new clone is connected (--clone-cycle replace)"));
    }

    @Override
    public Attempt protectFromDeletion(Action.ProtectFromDeletion a) {
        return deletionProtection(a.cloneId(), true);
    }

    @Override
    public Attempt disableDeletionProtection(Action.DisableDeletionProtection a) {
        return deletionProtection(a.cloneId(), false);
    }

    /** A change RDS refuses for the cluster's state (e.g. backing-up, or another run deleting it) is not yet. */
    private Attempt deletionProtection(String cloneId, boolean on) {
        try {
            if (on) {
                rds.enableDeletionProtection(cloneId);
            } else {
                rds.disableDeletionProtection(cloneId);
            }
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("RDS does not take changes to " + cloneId + " now: " + e.getMessage());
        }
        return new Attempt.Done("deletion protection turned " + (on ? "on" : "off"));
    }

    @Override
    public Attempt replaceMasterPassword(Action.ReplaceMasterPassword a) {
        try {
            return new Attempt.Done("master password replaced: RDS keeps it in secret " + rds.manageMasterPassword(a.cloneId(), a.secretKmsKeyId()));
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("RDS does not take changes to " + a.cloneId() + " now: " + e.getMessage());
        }
    }

    /**
     * The secret is read at the moment of the change (the operator may have rotated it since the
     * plan); one that cannot be read, or holds no password, fails the step for this clone, which
     * stays created with production's password and is tried again by the next run (docs/design.md,
     * "Credentials"). The tag follows RDS's acceptance: a stop in between sets the same password again.
     */
    @Override
    public Attempt setMasterPasswordFromSecret(Action.SetMasterPasswordFromSecret a) {
        Secret password;
        try {
            password = secrets.read(a.secretArn()).password();
        } catch (CredentialsException e) {
            return new Attempt.Failed("cannot set the master password of " + a.cloneId() + " from --master-password secret:"
                    + a.secretArn() + ": " + e.getMessage() + "; the clone stays created and the next run tries again");
        }
        try {
            rds.setMasterPassword(a.cloneId(), password);
        } catch (NotReadyException e) {
            return Attempt.NotYet.because("RDS does not take changes to " + a.cloneId() + " now: " + e.getMessage());
        }
        rds.addTags(a.clusterArn(), Map.of(Tags.MASTER_PASSWORD, a.secretArn()));
        return new Attempt.Done("master password set from secret " + a.secretArn());
    }

    @Override
    public Attempt deleteInstance(Action.DeleteInstance a) {
        return new Attempt.Done(rds.deleteInstance(a.instanceId())
                ? "deleting instance " + a.instanceId()
                : "instance " + a.instanceId() + " already gone or deleting");
    }

    /**
     * A final snapshot the account's manual cluster snapshot quota has no room for is not taken: the
     * clone is deleted without it and the summary says so, rather than kept (and paid for) every day.
     */
    @Override
    public Attempt deleteCluster(Action.DeleteCluster a) {
        RdsWrites.DeleteResult result = rds.deleteCluster(a.cloneId(), a.finalSnapshotId());
        if (result == RdsWrites.DeleteResult.SNAPSHOT_QUOTA_FULL) {
            LOG.warnf("%s: the account's manual cluster snapshot quota is full (SnapshotQuotaExceeded): deleting it without its"
                    + " final snapshot", a.cloneId());
            return switch (rds.deleteCluster(a.cloneId(), Optional.empty())) {
                case DELETED, SNAPSHOT_QUOTA_FULL -> new Attempt.Done("deleting cluster WITHOUT its final snapshot: the account's"
                        + " manual cluster snapshot quota is full (SnapshotQuotaExceeded)");
                case ALREADY_GONE -> new Attempt.Done("cluster already gone or deleting");
                case INSTANCES_LEFT -> notDeletingYet(a);
            };
        }
        return switch (result) {
            case DELETED -> new Attempt.Done("deleting cluster" + a.finalSnapshotId().map(s -> " (final snapshot " + s + ")")
                    .orElse(a.noSnapshotBecause().map(why -> " without a final snapshot: " + why).orElse("")));
            case ALREADY_GONE, SNAPSHOT_QUOTA_FULL -> new Attempt.Done("cluster already gone or deleting");
            case INSTANCES_LEFT -> notDeletingYet(a);
        };
    }

    @Override
    public Attempt deleteFinalSnapshot(Action.DeleteFinalSnapshot a) {
        return new Attempt.Done(rds.deleteClusterSnapshot(a.snapshotId())
                ? "deleting final snapshot " + a.snapshotId() + " (older than the --final-snapshot-retain newest)"
                : "final snapshot " + a.snapshotId() + " already gone or not deletable now");
    }

    private static Attempt notDeletingYet(Action.DeleteCluster a) {
        return Attempt.NotYet.because("RDS still sees instances in " + a.cloneId() + " that are not deleting");
    }
}
