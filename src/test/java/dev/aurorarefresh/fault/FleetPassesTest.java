package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.pass.SharedReads;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several pipelines' passes in one process, on threads, sharing their reads (pass/SharedReads,
 * docs/design.md, Observe) against moto through the strict twin: one zone resolution and one
 * listing of a common source serve them all, and each pipeline still converges on its own clone
 * and record, touching nothing of another's. Every request is held to the role policy of the
 * fleet's pipelines (one role, the generator's documents: {@code PolicyDocuments}).
 */
class FleetPassesTest {
    static final Instant DAY1 = Instant.parse("2026-04-06T03:00:00Z");
    static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
    static final String ZONE = "fleet.internal";

    MotoAccount aws;
    String zoneId;
    final ExecutorService pool = Executors.newFixedThreadPool(4); // bounded, like the fleet's

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh();
        zoneId = aws.createZone(ZONE);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static Pipeline pipeline(String prefix, String source) {
        return Pipelines.dev().withName(prefix, prefix, "yyyyMMdd").withSource(source).withRecord(ZONE, prefix + "-db." + ZONE)
                .build();
    }

    /** What each pipeline's pass asked to change: cluster and instance ids, ARNs, record names. */
    final Map<String, List<String>> changed = new java.util.concurrent.ConcurrentHashMap<>();

    /** The passes of one invocation, run together on the bounded pool; each with its own clock and recorded ports. */
    List<PassReport> fleet(List<Pipeline> pipelines, Instant at) throws Exception {
        aws.twin.enforcePolicyOf(pipelines, zoneId); // one role for the invocation's pipelines
        SharedReads shared = new SharedReads();
        List<Callable<PassReport>> passes = new ArrayList<>();
        for (Pipeline p : pipelines) {
            List<String> mine = changed.computeIfAbsent(p.name(), k -> new CopyOnWriteArrayList<>());
            ForwardingPorts recorded = new ForwardingPorts(aws.rdsPort(), aws.dnsPort()) {
                @Override public boolean restoreClone(CloneSpec spec) { mine.add(spec.cloneId()); return super.restoreClone(spec); }
                @Override public boolean createInstance(Action.CreateInstance a) { mine.add(a.instanceId()); return super.createInstance(a); }
                @Override public void addTags(String arn, Map<String, String> tags) { mine.add(arn); super.addTags(arn, tags); }
                @Override public void disableDeletionProtection(String id) { mine.add(id); super.disableDeletionProtection(id); }
                @Override public boolean deleteInstance(String id) { mine.add(id); return super.deleteInstance(id); }
                @Override public DeleteResult deleteCluster(String id, Optional<String> s) { mine.add(id); return super.deleteCluster(id, s); }
                @Override public Submitted upsertCnames(String zone, List<Cname> records, long ttl, String comment) {
                    records.forEach(r -> mine.add(r.name()));
                    return super.upsertCnames(zone, records, ttl, comment);
                }
            };
            FakeClock clock = new FakeClock(at);
            passes.add(() -> new RefreshPass(recorded, recorded, ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                    new Random(p.name().hashCode()), shared).run(p, Step.ALL, false));
        }
        List<PassReport> reports = new ArrayList<>();
        for (Future<PassReport> f : pool.invokeAll(passes)) {
            reports.add(f.get(5, TimeUnit.MINUTES)); // a bound against a hung build, not a timing assertion
        }
        return reports;
    }

    List<Pipeline> onOneSource(int n) {
        aws.createSource("prod-db", "aurora-postgresql");
        List<Pipeline> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pipeline("p" + i, "prod-db"));
        }
        return out;
    }

    long calls(String operation) {
        return aws.calls.snapshot().entrySet().stream().filter(e -> e.getKey().operation().equals(operation))
                .mapToLong(Map.Entry::getValue).sum();
    }

    void assertNoOpFleetCosts(List<Pipeline> pipelines, int sources) throws Exception {
        fleet(pipelines, DAY1); // each pipeline gets its clone, connected
        aws.calls.reset();

        List<PassReport> reports = fleet(pipelines, DAY1.plus(Duration.ofHours(1)));

        assertThat(reports).allSatisfy(r -> assertThat(r.outcome()).as(r.pipeline() + ": " + r.message())
                .isEqualTo(PassReport.Outcome.NOTHING_TO_DO));
        int n = pipelines.size();
        assertThat(calls("ListHostedZonesByName")).as("zone resolutions").isEqualTo(1);
        assertThat(calls("DescribeDBClusters")).as("listings: one per source").isEqualTo(sources);
        assertThat(calls("DescribeDBInstances")).as("instance reads: one per pipeline").isEqualTo(n);
        assertThat(calls("ListResourceRecordSets")).as("record reads: one per pipeline").isEqualTo(n);
        assertThat(aws.calls.total()).as("a no-op fleet of %d on %d source(s)", n, sources).isEqualTo(1 + sources + 2L * n);
        assertThat(aws.calls.mutating()).isZero();
    }

    @Test
    void aNoOpFleetOfOnePipelineCostsWhatOnePassDoes() throws Exception {
        assertNoOpFleetCosts(onOneSource(1), 1);
    }

    @Test
    void aNoOpFleetOfTwoPipelinesOnOneSourceListsItOnce() throws Exception {
        assertNoOpFleetCosts(onOneSource(2), 1);
    }

    @Test
    void aNoOpFleetOfSixPipelinesOnOneSourceListsItOnce() throws Exception {
        assertNoOpFleetCosts(onOneSource(6), 1);
    }

    @Test
    void aNoOpFleetOnTwoSourcesListsEachOnce() throws Exception {
        aws.createSource("prod-db", "aurora-postgresql");
        aws.createSource("orders-db", "aurora-postgresql");
        assertNoOpFleetCosts(List.of(pipeline("a0", "prod-db"), pipeline("a1", "prod-db"),
                pipeline("b0", "orders-db"), pipeline("b1", "orders-db")), 2);
    }

    @Test
    void threePipelinesRefreshTogetherEachOnItsOwnCloneAndRecord() throws Exception {
        List<Pipeline> pipelines = onOneSource(3);
        assertThat(fleet(pipelines, DAY1)).allSatisfy(r -> assertThat(r.exitCode()).as(r.message()).isZero());
        changed.clear();

        List<PassReport> nextDay = fleet(pipelines, DAY2);

        assertThat(nextDay).allSatisfy(r -> assertThat(r.outcome()).as(r.pipeline() + ": " + r.message())
                .isEqualTo(PassReport.Outcome.DONE));
        for (Pipeline p : pipelines) {
            String yesterday = p.naming().cloneName(DAY1);
            String today = p.naming().cloneName(DAY2);
            assertThat(aws.clusterExists(yesterday)).as(yesterday + " cleaned").isFalse();
            assertThat(aws.tagsOf(today)).as(today).containsEntry(Tags.LIFECYCLE, "connected")
                    .containsEntry(Tags.PIPELINE, p.name());
            assertThat(aws.recordValue(zoneId, p.record().writerRecord())).as(p.record().writerRecord())
                    .isEqualTo(aws.cluster(today).endpoint());
            assertThat(changed.get(p.name())).as("what %s changed", p.name()).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.equals(p.record().writerRecord())
                            || target.startsWith(p.naming().prefix() + "-")
                            || target.contains(":" + p.naming().prefix() + "-")).as(target).isTrue());
        }
        assertThat(aws.allClusters().keySet()).containsExactlyInAnyOrder("prod-db", "p0-20260407", "p1-20260407", "p2-20260407");
    }
}
