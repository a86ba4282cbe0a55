package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.InstanceMonitoring;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.NotFoundException;
import dev.aurorarefresh.port.NotReadyException;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One AWS for the tests: the rules the tests rely on (an instance needs an available cluster,
 * deleting lingers, a Route53 change is pending, ...) are the strict twin's ({@link Rule}); each
 * is stated here once as a scenario, and the scenario runs on both worlds: {@link FakeAws}
 * directly, and the real adapters ({@code RdsAdapter}, {@code Route53Adapter}) through the twin in
 * front of moto. Both must give the same observable outcomes, so the fake the planner and pass
 * tests use cannot drift from the rules the twin holds moto to. A scenario speaks only to
 * {@link World}, the few steps it needs, so a change of the ports touches {@link PortsWorld} only.
 */
class FakeAwsContractTest {
    static final String SOURCE = FakeAws.SOURCE;
    static final String CLONE = "dev-20261125";
    static final String INSTANCE = CLONE + "-1";
    /** How many reads a transition may take in either world before a scenario calls it stuck. */
    static final int READS = 8;

    /** The twin's rules no scenario can hold the fake to: they are about the wire, not AWS's state. */
    static final Map<Rule, String> WIRE_ONLY = Map.of(
            Rule.API_MODEL, "the shape of a request; the fake takes the ports' typed calls",
            Rule.PAGINATION, "pages of a listing; the fake answers a port's listing whole, as the adapter returns it",
            Rule.CLONE_GROUP_FILTER, "a filter the adapter may use to list; the fake lists every cluster, a superset",
            Rule.IAM, "the role's policy; the fake has no principal",
            Rule.CROSS_ACCOUNT, "a source of another account (RAM, KMS key policies); the fake is one account: "
                    + "StrictTwinCrossAccountTest and CrossAccountPassTest hold the adapters to it");

    /**
     * The twin's rules of what AWS keeps refusing (issue 21, {@link TwinLimits}) the fake does not
     * model: the tests that depend on them run through the twin (TwinLimitsTest, RefusalDaysTest);
     * the fake's quotas are only what a test sets ({@link FakeAws#quotas}).
     */
    static final Map<Rule, String> TWIN_ONLY = Map.of(
            Rule.QUOTAS, "the account's quotas; the fake answers DescribeAccountAttributes with what a test sets and refuses nothing",
            Rule.COPY_ON_WRITE_LIMIT, "full copies past 15 clones; the fake has no clone groups",
            Rule.NEEDS_AVAILABLE, "modify and final snapshot only of an available cluster; the fake takes both",
            Rule.UNCLONEABLE_SOURCE, "restores refused by the source's state; the planner blocks them before the fake is asked");

    /** What a step came to, as a pass sees it through the ports. */
    enum Outcome { DONE, ALREADY, NOT_YET, NOT_FOUND, REFUSED }

    /** The steps a scenario takes: the ports' calls a pass makes, and the seeding only a test does. */
    interface World {
        /** An available clone of {@link #SOURCE}, ours, with one available instance {@code <id>-1}. */
        void seedClone(String id);

        /** Someone stopped the cluster. */
        void stop(String clusterId);

        Outcome restore(String cloneId);

        Outcome createInstance(String instanceId, String cloneId);

        /** One describe of the cluster: its status, empty once it is gone. */
        Optional<String> clusterStatus(String clusterId);

        /** One describe of the cluster's instances: their statuses by id. */
        Map<String, String> instanceStatuses(String clusterId);

        Outcome deleteInstance(String instanceId);

        Outcome deleteCluster(String clusterId);

        Outcome disableDeletionProtection(String clusterId);

        /** ModifyDBCluster ManageMasterUserPassword. */
        Outcome manageMasterPassword(String clusterId);

        /** ModifyDBCluster MasterUserPassword. */
        Outcome setMasterPassword(String clusterId, String password);

        /** UPSERTs the record: whether Route53 answered INSYNC at once. */
        boolean switchRecord(String target);

        /** One GetChange of the last switch. */
        boolean switchInSync();

        /** DELETEs the record if it still points at {@code target}: whether a change was submitted. */
        boolean removeRecord(String target);

        /** The record's value, as a pass reads it. */
        Optional<String> recordValue();
    }

    /** A rule, what it says, and the steps and outcomes that show it. */
    record Scenario(Rule rule, String says, Consumer<World> steps) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario(Rule.CLUSTER_CREATING, "a restored cluster reads creating before it is available", w -> {
                assertThat(w.restore(CLONE)).isEqualTo(Outcome.DONE);
                List<String> seen = clusterUntil(w, CLONE, Optional.of("available"));
                assertThat(seen.get(0)).as("first read after the restore").isEqualTo("creating");
                assertThat(seen.subList(0, seen.size() - 1)).as("every read before available").containsOnly("creating");
            }),
            new Scenario(Rule.RESTORE_ONTO_EXISTING, "a restore onto a cluster that exists is already done", w -> {
                w.seedClone(CLONE);
                assertThat(w.restore(CLONE)).isEqualTo(Outcome.ALREADY);
            }),
            new Scenario(Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER, "an instance is refused until its cluster is available", w -> {
                assertThat(w.restore(CLONE)).isEqualTo(Outcome.DONE);
                assertThat(w.createInstance(INSTANCE, CLONE)).as("cluster creating").isEqualTo(Outcome.NOT_YET);
                clusterUntil(w, CLONE, Optional.of("available"));
                assertThat(w.createInstance(INSTANCE, CLONE)).as("cluster available").isEqualTo(Outcome.DONE);
                assertThat(w.createInstance(INSTANCE, CLONE)).as("again").isEqualTo(Outcome.ALREADY);
            }),
            new Scenario(Rule.INSTANCE_LIFECYCLE, "a new instance is on its way for some reads, then available", w -> {
                assertThat(w.restore(CLONE)).isEqualTo(Outcome.DONE);
                clusterUntil(w, CLONE, Optional.of("available"));
                assertThat(w.createInstance(INSTANCE, CLONE)).isEqualTo(Outcome.DONE);
                List<String> seen = instanceUntil(w, CLONE, INSTANCE, Optional.of("available"));
                assertThat(seen.get(0)).as("first read after the create").isEqualTo("creating");
                assertThat(seen.subList(0, seen.size() - 1)).as("every read before available").allSatisfy(s ->
                        assertThat(AwsStatus.neverAvailableByItself(s) || AwsStatus.isDeleting(s)).as(s).isFalse());
            }),
            new Scenario(Rule.CLUSTER_DELETE_NEEDS_DELETING_INSTANCES, "a cluster is deleted only once its instances are deleting", w -> {
                w.seedClone(CLONE);
                assertThat(w.deleteCluster(CLONE)).as("instance live").isEqualTo(Outcome.NOT_YET);
                assertThat(w.clusterStatus(CLONE)).as("still there").isPresent();
                assertThat(w.deleteInstance(INSTANCE)).isEqualTo(Outcome.DONE);
                assertThat(w.deleteCluster(CLONE)).as("instance deleting").isEqualTo(Outcome.DONE);
            }),
            new Scenario(Rule.DELETING_LINGERS, "what was deleted reads deleting for a while, keeps its name, then is gone", w -> {
                w.seedClone(CLONE);
                assertThat(w.deleteInstance(INSTANCE)).isEqualTo(Outcome.DONE);
                assertThat(w.deleteInstance(INSTANCE)).as("a second delete").isEqualTo(Outcome.ALREADY);
                assertThat(w.deleteCluster(CLONE)).isEqualTo(Outcome.DONE);
                // the fake says "already"; the twin's refusal ("already being deleted") reads "instances left" to the
                // adapter: the pass looks again either way (which wording AWS uses is not settled here)
                assertThat(w.deleteCluster(CLONE)).as("a second delete").isIn(Outcome.ALREADY, Outcome.NOT_YET);
                assertThat(w.disableDeletionProtection(CLONE)).as("modify while deleting").isEqualTo(Outcome.NOT_YET);
                assertThat(w.clusterStatus(CLONE)).as("first read after the delete").contains("deleting");
                assertThat(w.restore(CLONE)).as("a restore onto the deleting name").isEqualTo(Outcome.ALREADY);
                assertThat(clusterUntil(w, CLONE, Optional.empty())).as("reads until gone").allMatch("deleting"::equals);
                List<String> instance = instanceUntil(w, CLONE, INSTANCE, Optional.empty());
                assertThat(instance).as("the instance, until gone").isNotEmpty().allMatch("deleting"::equals);
            }),
            new Scenario(Rule.MASTER_CREDENTIALS, "a cluster whose master password RDS takes over resets its credentials, "
                    + "then is available", w -> {
                w.seedClone(CLONE);
                assertThat(w.manageMasterPassword(CLONE)).isEqualTo(Outcome.DONE);
                List<String> seen = clusterUntil(w, CLONE, Optional.of("available"));
                assertThat(seen.get(0)).as("first read after the change").isEqualTo("resetting-master-credentials");
            }),
            new Scenario(Rule.MASTER_CREDENTIALS, "a cluster given a new master password resets its credentials, then is available",
                    w -> {
                w.seedClone(CLONE);
                assertThat(w.setMasterPassword(CLONE, "Dev-0nly-Pa55word")).isEqualTo(Outcome.DONE);
                List<String> seen = clusterUntil(w, CLONE, Optional.of("available"));
                assertThat(seen.get(0)).as("first read after the change").isEqualTo("resetting-master-credentials");
            }),
            new Scenario(Rule.STOPPED_REFUSES, "a stopped cluster is neither modified nor rid of its instances", w -> {
                w.seedClone(CLONE);
                w.stop(CLONE);
                assertThat(w.clusterStatus(CLONE)).contains("stopped");
                assertThat(w.instanceStatuses(CLONE)).containsEntry(INSTANCE, "stopped");
                assertThat(w.disableDeletionProtection(CLONE)).isEqualTo(Outcome.NOT_YET);
                assertThat(w.deleteInstance(INSTANCE)).isEqualTo(Outcome.REFUSED);
                assertThat(w.instanceStatuses(CLONE)).as("untouched").containsEntry(INSTANCE, "stopped");
            }),
            new Scenario(Rule.CHANGE_PENDING, "a Route53 change is pending, then in sync", w -> {
                assertThat(w.switchRecord(FakeAws.endpoint(CLONE))).as("INSYNC at once").isFalse();
                boolean inSync = false;
                for (int read = 0; read < READS && !inSync; read++) {
                    inSync = w.switchInSync();
                }
                assertThat(inSync).as("in sync within " + READS + " GetChange").isTrue();
            }),
            new Scenario(Rule.CHANGE_PENDING, "a record is removed only while it points at the clone, pending, then in sync", w -> {
                w.switchRecord(FakeAws.endpoint(CLONE));
                assertThat(w.removeRecord(FakeAws.endpoint("someone-else"))).as("pointing elsewhere: left alone").isFalse();
                assertThat(w.recordValue()).contains(FakeAws.endpoint(CLONE));
                assertThat(w.removeRecord(FakeAws.endpoint(CLONE))).isTrue();
                boolean inSync = false;
                for (int read = 0; read < READS && !inSync; read++) {
                    inSync = w.switchInSync();
                }
                assertThat(inSync).as("in sync within " + READS + " GetChange").isTrue();
                assertThat(w.recordValue()).isEmpty();
                assertThat(w.removeRecord(FakeAws.endpoint(CLONE))).as("already gone").isFalse();
            }));

    @Test
    void everyRuleOfTheTwinIsAScenarioOrAboutTheWire() {
        Set<Rule> covered = EnumSet.noneOf(Rule.class);
        SCENARIOS.forEach(s -> covered.add(s.rule()));
        covered.addAll(WIRE_ONLY.keySet());
        covered.addAll(TWIN_ONLY.keySet());
        assertThat(covered).as("the twin's rules a scenario, WIRE_ONLY or TWIN_ONLY accounts for").isEqualTo(EnumSet.allOf(Rule.class));
        assertThat(SCENARIOS.stream().filter(s -> WIRE_ONLY.containsKey(s.rule()))).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> theFakeGivesTheOutcomesOfTheRules() {
        return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.rule() + ": " + s.says(), () -> s.steps().accept(fake())));
    }

    @TestFactory
    Stream<DynamicTest> theAdaptersThroughTheTwinGiveTheSameOutcomes() {
        return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.rule() + ": " + s.says(), () -> s.steps().accept(twin())));
    }

    // ---- the two worlds ------------------------------------------------------------------------------

    static World fake() {
        FakeAws aws = FakeAws.at(FakeAws.NOW);
        return new PortsWorld(aws, aws, aws.zoneId, id -> aws.clone(id, ourTags(), "available"), id -> {
            FakeAws.Resource c = aws.clusters.get(id);
            c.script.clear();
            c.status = "stopped";
            aws.instances.values().stream().filter(i -> id.equals(i.clusterId)).forEach(i -> aws.instanceStatus(i.id, "stopped"));
        });
    }

    static World twin() {
        MotoAccount aws = MotoAccount.fresh();
        aws.createSource(SOURCE, "aurora-postgresql");
        String zoneId = aws.createZone(RefreshFixture.ZONE);
        return new PortsWorld(aws.rdsPort(), aws.dnsPort(), zoneId, id -> aws.createCluster(id, ourTags()),
                id -> aws.twin.stopped(id, true));
    }

    static Map<String, String> ourTags() {
        return FakeAws.tags(RefreshFixture.PIPELINE, SOURCE, Lifecycle.ABORTED, FakeAws.NOW);
    }

    /** The steps through the ports a pass uses; the seeding is the world's own. */
    static final class PortsWorld implements World {
        private final RdsPort rds;
        private final DnsPort dns;
        private final String zoneId;
        private final Consumer<String> seed;
        private final Consumer<String> stopper;
        private String lastChange;

        PortsWorld(RdsPort rds, DnsPort dns, String zoneId, Consumer<String> seed, Consumer<String> stopper) {
            this.rds = rds;
            this.dns = dns;
            this.zoneId = zoneId;
            this.seed = seed;
            this.stopper = stopper;
        }

        @Override
        public void seedClone(String id) {
            seed.accept(id);
        }

        @Override
        public void stop(String clusterId) {
            stopper.accept(clusterId);
        }

        @Override
        public Outcome restore(String cloneId) {
            SourceCluster s = rds.describeSource(SOURCE).orElseThrow();
            CloneSpec spec = new CloneSpec(cloneId, s.id(), s.dbSubnetGroup(), s.vpcSecurityGroupIds(),
                    s.dbClusterParameterGroup(), s.port(), Optional.empty(), false, ourTags(), s.iamDatabaseAuthentication(),
                    s.features());
            return outcome(() -> rds.restoreClone(spec) ? Outcome.DONE : Outcome.ALREADY);
        }

        @Override
        public Outcome createInstance(String instanceId, String cloneId) {
            String engine = rds.describeSource(SOURCE).orElseThrow().engine();
            Action.CreateInstance create = new Action.CreateInstance(instanceId, cloneId, engine, "db.r6g.large",
                    Optional.empty(), ourTags(), InstanceMonitoring.NONE);
            return outcome(() -> rds.createInstance(create) ? Outcome.DONE : Outcome.ALREADY);
        }

        @Override
        public Optional<String> clusterStatus(String clusterId) {
            return rds.describeCluster(clusterId).map(c -> c.status());
        }

        @Override
        public Map<String, String> instanceStatuses(String clusterId) {
            Map<String, String> out = new LinkedHashMap<>();
            rds.describeInstances(List.of(clusterId)).forEach(i -> out.put(i.id(), i.status()));
            return out;
        }

        @Override
        public Outcome deleteInstance(String instanceId) {
            return outcome(() -> rds.deleteInstance(instanceId) ? Outcome.DONE : Outcome.ALREADY);
        }

        @Override
        public Outcome deleteCluster(String clusterId) {
            return outcome(() -> switch (rds.deleteCluster(clusterId, Optional.empty())) {
                case DELETED -> Outcome.DONE;
                case ALREADY_GONE -> Outcome.ALREADY;
                case INSTANCES_LEFT -> Outcome.NOT_YET;
                case SNAPSHOT_QUOTA_FULL -> Outcome.REFUSED;
            });
        }

        @Override
        public Outcome disableDeletionProtection(String clusterId) {
            return outcome(() -> {
                rds.disableDeletionProtection(clusterId);
                return Outcome.DONE;
            });
        }

        @Override
        public Outcome manageMasterPassword(String clusterId) {
            return outcome(() -> {
                rds.manageMasterPassword(clusterId, java.util.Optional.empty());
                return Outcome.DONE;
            });
        }

        @Override
        public Outcome setMasterPassword(String clusterId, String password) {
            return outcome(() -> {
                rds.setMasterPassword(clusterId, new dev.aurorarefresh.port.Secret(password));
                return Outcome.DONE;
            });
        }

        @Override
        public boolean switchRecord(String target) {
            DnsPort.Submitted submitted = dns.upsertCnames(zoneId, List.of(new DnsPort.Cname(RefreshFixture.RECORD, target)),
                    60, "contract");
            lastChange = submitted.id();
            return submitted.inSync();
        }

        @Override
        public boolean switchInSync() {
            return dns.isInSync(lastChange);
        }

        @Override
        public boolean removeRecord(String target) {
            Optional<DnsPort.Submitted> submitted = dns.deleteCnames(zoneId,
                    List.of(new DnsPort.Cname(RefreshFixture.RECORD, target)), "contract");
            submitted.ifPresent(c -> lastChange = c.id());
            return submitted.isPresent();
        }

        @Override
        public Optional<String> recordValue() {
            return dns.readRecord(zoneId, RefreshFixture.RECORD).value();
        }

        private static Outcome outcome(Supplier<Outcome> step) {
            try {
                return step.get();
            } catch (NotReadyException e) {
                return Outcome.NOT_YET;
            } catch (NotFoundException e) {
                return Outcome.NOT_FOUND;
            } catch (PortException e) {
                return Outcome.REFUSED;
            }
        }
    }

    /** The cluster's statuses, one describe each, until it reads {@code until} (or is gone, when empty), at most {@link #READS}. */
    static List<String> clusterUntil(World w, String clusterId, Optional<String> until) {
        List<String> seen = new ArrayList<>();
        for (int read = 0; read < READS; read++) {
            Optional<String> status = w.clusterStatus(clusterId);
            if (status.isEmpty() && until.isEmpty()) {
                return seen;
            }
            assertThat(status).as(clusterId + " after " + seen).isPresent();
            seen.add(status.get());
            if (status.equals(until)) {
                return seen;
            }
        }
        throw new AssertionError(clusterId + " never read " + until.orElse("gone") + " in " + READS + " reads: " + seen);
    }

    /** The instance's statuses, as {@link #clusterUntil}. */
    static List<String> instanceUntil(World w, String clusterId, String instanceId, Optional<String> until) {
        List<String> seen = new ArrayList<>();
        for (int read = 0; read < READS; read++) {
            Optional<String> status = Optional.ofNullable(w.instanceStatuses(clusterId).get(instanceId));
            if (status.isEmpty() && until.isEmpty()) {
                return seen;
            }
            assertThat(status).as(instanceId + " after " + seen).isPresent();
            seen.add(status.get());
            if (status.equals(until)) {
                return seen;
            }
        }
        throw new AssertionError(instanceId + " never read " + until.orElse("gone") + " in " + READS + " reads: " + seen);
    }
}
