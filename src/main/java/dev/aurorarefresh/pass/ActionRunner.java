package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The act step: carries out one planned action through the ports. "Already done" answers are
 * success: they are what a concurrent run or a run after a crash sees.
 */
final class ActionRunner {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");

    /** The result of one action. */
    sealed interface Result {
        record Done(String event) implements Result {
        }

        record NotYet(String reason) implements Result {
        }
    }

    private final RdsPort rds;
    private final DnsPort dns;
    private final ReadinessCheck readiness;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<Backoff> backoffs;
    private final Pipeline pipeline;
    private final String zoneId;
    private final Instant deadline;

    ActionRunner(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            Supplier<Backoff> backoffs, Pipeline pipeline, String zoneId, Instant deadline) {
        this.rds = rds;
        this.dns = dns;
        this.readiness = readiness;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoffs = backoffs;
        this.pipeline = pipeline;
        this.zoneId = zoneId;
        this.deadline = deadline;
    }

    Result run(Action action) throws InterruptedException {
        if (action instanceof Action.CreateClone a) {
            return createClone(a);
        }
        if (action instanceof Action.CreateInstance a) {
            return createInstance(a);
        }
        if (action instanceof Action.PromoteReady a) {
            return promote(a);
        }
        if (action instanceof Action.SetLifecycle a) {
            Map<String, String> tags = new LinkedHashMap<>(a.extraTags());
            tags.put(Tags.LIFECYCLE, a.to().tagValue());
            tagAll(a.resourceArns(), tags);
            return new Result.Done("tagged " + a.to().tagValue() + ": " + a.reason());
        }
        if (action instanceof Action.SwitchRecord a) {
            return switchRecord(a);
        }
        if (action instanceof Action.DisableDeletionProtection a) {
            rds.disableDeletionProtection(a.cloneId());
            return new Result.Done("deletion protection turned off");
        }
        if (action instanceof Action.DeleteInstance a) {
            return new Result.Done(rds.deleteInstance(a.instanceId())
                    ? "deleting instance " + a.instanceId()
                    : "instance " + a.instanceId() + " already gone or deleting");
        }
        Action.DeleteCluster a = (Action.DeleteCluster) action;
        return switch (rds.deleteCluster(a.cloneId(), a.finalSnapshotId())) {
            case DELETED -> new Result.Done("deleting cluster"
                    + a.finalSnapshotId().map(s -> " (final snapshot " + s + ")").orElse(""));
            case ALREADY_GONE -> new Result.Done("cluster already gone or deleting");
            case NOT_YET -> new Result.NotYet("RDS still sees instances in " + a.cloneId() + " that are not deleting");
        };
    }

    /**
     * A restore that fails is looked at again before it is reported: the loser of two overlapping
     * runs is refused with DBClusterAlreadyExistsFault, or with another fault such as
     * DBClusterSnapshotAlreadyExistsFault, and the clone it wanted is there, made by the winner.
     */
    private Result createClone(Action.CreateClone a) {
        String id = a.spec().cloneId();
        PortException failure = null;
        try {
            if (rds.restoreClone(a.spec())) {
                return new Result.Done("cloned " + a.spec().sourceClusterId() + " (copy-on-write, latest restorable time)");
            }
        } catch (PortException e) {
            failure = e;
        }
        ClusterView existing = rds.describeCluster(id).orElse(null);
        if (existing == null) {
            if (failure != null) {
                throw failure;
            }
            return new Result.NotYet("RDS says " + id + " already exists but does not list it yet");
        }
        if (!pipeline.owns(existing)) {
            throw new StepFailedException(a.step(), "cluster " + id + " already exists and is not owned by pipeline "
                    + pipeline.name() + "; refusing to touch it");
        }
        return new Result.Done("found already cloned by another run");
    }

    /** Likewise for an instance; a refusal because the clone is not available yet is "not yet". */
    private Result createInstance(Action.CreateInstance a) {
        try {
            return new Result.Done(rds.createInstance(a)
                    ? "created instance " + a.instanceId() + " (" + a.instanceClass() + ")"
                    : "instance " + a.instanceId() + " already exists");
        } catch (NotReadyException e) {
            return new Result.NotYet("RDS does not take instances in " + a.cloneId() + " yet: " + e.getMessage());
        } catch (NotFoundException e) {
            throw e;
        } catch (PortException e) {
            boolean there = rds.describeInstances(List.of(a.cloneId())).stream()
                    .anyMatch(i -> i.id().equals(a.instanceId()));
            if (!there) {
                throw e;
            }
            return new Result.Done("instance " + a.instanceId() + " found, created by another run");
        }
    }

    private Result promote(Action.PromoteReady a) {
        ClusterView clone = rds.describeCluster(a.cloneId()).orElse(null);
        if (clone == null) {
            // listed a moment ago: RDS's read replicas disagree for a while; if it is really gone, the next plan drops it
            return new Result.NotYet("RDS does not show " + a.cloneId() + " at the moment");
        }
        Readiness answer = readiness.check(clone);
        if (answer instanceof Readiness.Ready r) {
            Map<String, String> tags = new LinkedHashMap<>(r.extraTags());
            tags.put(Tags.LIFECYCLE, Lifecycle.READY.tagValue());
            tagAll(a.resourceArns(), tags);
            return new Result.Done("tagged ready: cluster and every instance available, readiness checks passed"
                    + (r.done().isBlank() ? "" : "; " + r.done()));
        }
        if (answer instanceof Readiness.NotYet n) {
            return new Result.NotYet(n.reason());
        }
        tagAll(a.resourceArns(), Map.of(Tags.LIFECYCLE, Lifecycle.FAILED.tagValue()));
        throw new StepFailedException(a.step(), "clone " + a.cloneId() + " failed its readiness checks and was tagged failed: "
                + ((Readiness.Failed) answer).reason());
    }

    private void tagAll(List<String> arns, Map<String, String> tags) {
        for (String arn : arns) {
            rds.addTags(arn, tags);
        }
    }

    private Result switchRecord(Action.SwitchRecord a) throws InterruptedException {
        String writerRecord = pipeline.record().writerRecord();
        Optional<String> readerRecord = pipeline.record().readerRecord();
        long ttl = pipeline.record().ttl();
        List<DnsPort.Cname> changes = new ArrayList<>();
        changes.add(new DnsPort.Cname(writerRecord, a.writerEndpoint()));
        readerRecord.ifPresent(r -> a.readerEndpoint().ifPresent(e -> changes.add(new DnsPort.Cname(r, e))));
        String changeId = dns.upsertCnames(zoneId, changes, ttl, "aurora-refresh: " + a.cloneId());
        Backoff backoff = backoffs.get();
        while (!dns.isInSync(changeId)) {
            if (!clock.instant().isBefore(deadline)) {
                throw new StepFailedException(a.step(), "Route53 change " + changeId + " for " + writerRecord
                        + " is still PENDING at the wait timeout; the next run checks the record again");
            }
            LOG.infof("waiting for Route53 change %s to be INSYNC", changeId);
            sleeper.sleep(backoff.next());
        }
        return new Result.Done("record " + writerRecord + " -> " + a.writerEndpoint()
                + (changes.size() > 1 ? ", " + changes.get(1).name() + " -> " + changes.get(1).target() : "")
                + " (INSYNC)");
    }
}
