package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneCycle;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.RdsWrites;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * --clone-cycle replace on a source in this account, whole passes on a scripted AWS and a fake
 * clock: the record comes off yesterday's clone, which is deleted; the clone step waits until it
 * is gone (as AWS refuses a second cross-account clone while one is deleting), then today's is
 * made, waited for and connected in the same run.
 */
class ReplaceCyclePassTest {
    static final Instant START = Instant.parse("2026-11-25T03:00:00Z");
    static final String TODAY = "dev-20261125";
    static final String YESTERDAY = "dev-20261124";

    private final FakeAws aws = FakeAws.at(START).clone(YESTERDAY, Lifecycle.CONNECTED, "available", 1).recordAt(YESTERDAY);
    /** How many looks a deleted cluster stays "deleting". */
    private int deletingLooks = 6;
    private final List<String> restoredBeside = new ArrayList<>();

    /** AWS as the cross-account rule sees it: a restore beside a clone of the pipeline (even deleting) is noted. */
    private final ForwardingPorts ports = new ForwardingPorts(aws) {
        @Override
        public RdsWrites.DeleteResult deleteCluster(String id, Optional<String> snapshot) {
            RdsWrites.DeleteResult result = super.deleteCluster(id, snapshot);
            FakeAws.Resource c = aws.clusters.get(id);
            if (result == RdsWrites.DeleteResult.DELETED && c != null) {
                c.script.clear();
                for (int n = 0; n < deletingLooks; n++) {
                    c.script.add("deleting");
                }
                c.script.add("gone");
            }
            return result;
        }

        @Override
        public boolean restoreClone(CloneSpec spec) {
            aws.clusters.keySet().stream().filter(id -> id.startsWith("dev-") && !id.equals(spec.cloneId()))
                    .forEach(restoredBeside::add);
            return super.restoreClone(spec);
        }
    };

    private PassReport run(Pipeline p) {
        return aws.pass(ports, ReadinessCheck.AVAILABLE_IS_READY).run(p, Step.ALL, false);
    }

    private static Pipeline replace(Duration waitTimeout) {
        return Pipelines.dev().withCloneCycle(CloneCycle.REPLACE).withWaitTimeout(waitTimeout).build();
    }

    @Test
    void theRecordComesOffTheOldCloneWhichIsDeletedAndTheNewOneIsConnectedInTheSameRun() {
        PassReport report = run(replace(Duration.ofMinutes(45)));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(restoredBeside).as("restored only once yesterday's clone was gone").isEmpty();
        assertThat(aws.clusters).containsOnlyKeys(FakeAws.SOURCE, TODAY);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
        assertThat(aws.clusters.get(TODAY).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.clock.sleeps).as("the clone step polled while yesterday's clone was deleting").hasSizeGreaterThanOrEqualTo(3);
        assertThat(report.events()).extracting(PassReport.Event::text).anyMatch(t -> t.contains(
                "removed (INSYNC): the name has no database until the new clone is connected"));
        List<String> order = report.events().stream().map(e -> e.step().label() + " " + e.action().getClass().getSimpleName()
                + " " + e.cloneId()).toList();
        assertThat(order).startsWith("clone RemoveRecords " + YESTERDAY, "clone SetLifecycle " + YESTERDAY,
                "clone DeleteInstance " + YESTERDAY, "clone DeleteCluster " + YESTERDAY, "clone CreateClone " + TODAY);
    }

    @Test
    void aDeleteThatOutlastsTheWaitTimeoutFailsTheRunAndTheNextRunMakesTheClone() {
        deletingLooks = 1000;
        PassReport first = run(replace(Duration.ofMinutes(10)));

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.message()).contains("timed out after 10m00s (--wait-timeout)").contains(YESTERDAY)
                .contains("being deleted first (--clone-cycle replace)");
        assertThat(aws.records).doesNotContainKey(FakeAws.RECORD);
        assertThat(aws.clusters).doesNotContainKey(TODAY);

        aws.clusters.get(YESTERDAY).script.clear();
        aws.clusters.get(YESTERDAY).script.add("gone");
        aws.clock.advance(Duration.ofMinutes(30));
        PassReport next = run(replace(Duration.ofMinutes(45)));

        assertThat(next.outcome()).as(next.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
        assertThat(restoredBeside).isEmpty();
    }

    /** A run that stops after the record is off (here: the restore refused) is finished by the next one. */
    @Test
    void aRunStoppedAfterTheRecordIsOffIsFinishedByTheNext() {
        ForwardingPorts refusing = new ForwardingPorts(aws) {
            @Override
            public boolean restoreClone(CloneSpec spec) {
                throw new PortException("RDS RestoreDBClusterToPointInTime: InsufficientDBClusterCapacityFault (HTTP 400)", null);
            }
        };
        PassReport first = aws.pass(refusing, ReadinessCheck.AVAILABLE_IS_READY).run(replace(Duration.ofMinutes(45)), Step.ALL, false);

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(aws.records).doesNotContainKey(FakeAws.RECORD);

        PassReport next = run(replace(Duration.ofMinutes(45)));

        assertThat(next.outcome()).as(next.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusters).containsOnlyKeys(FakeAws.SOURCE, TODAY);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
    }

    /** The quotas are checked as the restore will find them (yesterday's clone gone), before the record comes off. */
    @Test
    void aCloneThatCannotFitEvenOnceTheOldOneIsGoneLeavesTheRecordAndTheOldCloneAlone() {
        aws.quotas = new AccountQuotas(Map.of(AccountQuotas.CLUSTERS, new AccountQuotas.Quota(AccountQuotas.CLUSTERS, 40, 40),
                AccountQuotas.INSTANCES, new AccountQuotas.Quota(AccountQuotas.INSTANCES, 40, 40)));
        Pipeline twoInstances = Pipelines.dev().withCloneCycle(CloneCycle.REPLACE).withInstances(Optional.empty(), 2).build();

        PassReport refused = run(twoInstances);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.message()).contains("the account's DBInstances quota has room for 1 (39/40 used, the clone needs 2)");
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(YESTERDAY));
        assertThat(aws.clusters.get(YESTERDAY).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.count("DeleteDBCluster")).isZero();

        PassReport fits = run(Pipelines.dev().withCloneCycle(CloneCycle.REPLACE).build());

        assertThat(fits.outcome()).as("the full quotas have room once yesterday's clone is gone: " + fits.message())
                .isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
    }

    /** The run dies (pod evicted, SIGKILL): nothing of it runs after this. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed", null, false, false);
        }
    }

    /** Ports in front of {@link #ports} that let {@code calls} mutating calls through, then kill the run. */
    private final class KilledAfter extends ForwardingPorts {
        int calls;

        KilledAfter(int calls) {
            super(ports, ports);
            this.calls = calls;
        }

        private void mutating() {
            if (calls-- <= 0) {
                throw new Killed();
            }
        }

        @Override public boolean restoreClone(CloneSpec spec) { mutating(); return super.restoreClone(spec); }
        @Override public boolean createInstance(Action.CreateInstance a) { mutating(); return super.createInstance(a); }
        @Override public void addTags(String arn, Map<String, String> tags) { mutating(); super.addTags(arn, tags); }
        @Override public void disableDeletionProtection(String id) { mutating(); super.disableDeletionProtection(id); }
        @Override public void enableDeletionProtection(String id) { mutating(); super.enableDeletionProtection(id); }
        @Override public boolean deleteInstance(String id) { mutating(); return super.deleteInstance(id); }
        @Override public RdsWrites.DeleteResult deleteCluster(String id, Optional<String> snapshot) {
            mutating();
            return super.deleteCluster(id, snapshot);
        }
        @Override public Optional<Submitted> deleteCnames(String zone, List<Cname> records, String comment) {
            mutating();
            return super.deleteCnames(zone, records, comment);
        }
        @Override public Submitted upsertCnames(String zone, List<Cname> records, long ttl, String comment) {
            mutating();
            return super.upsertCnames(zone, records, ttl, comment);
        }
    }

    /**
     * Killed before each of the 12 mutating calls of a replace pass in turn (record removed, tagged,
     * protection off, deletes, restore, instance, protection on, tags, switch, tags): the next run converges on today's clone behind the record,
     * with nothing else left, and never restores beside a clone of the pipeline.
     */
    @ParameterizedTest(name = "killed after {0} mutating calls")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void aRunKilledAnywhereIsFinishedByTheNext(int calls) {
        aws.clusters.get(YESTERDAY).deletionProtection = true;
        Pipeline p = Pipelines.dev().withCloneCycle(CloneCycle.REPLACE).withDeletionProtection(true).build();
        boolean killed = false;
        try {
            aws.pass(new KilledAfter(calls), ReadinessCheck.AVAILABLE_IS_READY).run(p, Step.ALL, false);
        } catch (Killed expected) {
            killed = true; // as a pod evicted mid-run
        }
        assertThat(killed).as("the pass makes more than %d mutating calls", calls).isTrue();
        aws.clock.advance(Duration.ofMinutes(20));

        PassReport next = run(p);

        assertThat(next.outcome()).as(next.message()).isIn(PassReport.Outcome.DONE, PassReport.Outcome.NOTHING_TO_DO);
        assertThat(aws.clusters).containsOnlyKeys(FakeAws.SOURCE, TODAY);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
        assertThat(aws.clusters.get(TODAY).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(restoredBeside).isEmpty();
    }

    /** The default for a source in this account is unchanged: today's clone is made while yesterday's stays connected. */
    @Test
    void theOverlapCycleStillSwitchesFromTheConnectedClone() {
        PassReport report = run(Pipelines.dev().build());

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(restoredBeside).containsExactly(YESTERDAY);
        assertThat(aws.records).containsEntry(FakeAws.RECORD, FakeAws.endpoint(TODAY));
    }
}
