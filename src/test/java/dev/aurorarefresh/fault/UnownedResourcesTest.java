package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An account full of lookalikes survives randomised passes untouched (invariants 1 and 2): our
 * prefix without our tags, our prefix under another pipeline, our pipeline for another source,
 * our tags under another prefix, ours without a lifecycle, and the source itself tagged as one of
 * our clones (the prefix "prod" makes its name look like ours too). Dates, retention, steps,
 * instance count, naming period and deletion protection are drawn at random; the seed is printed.
 * Most passes run against the in-memory {@link FakeAws} (every mutating call's target is
 * recorded), some against moto.
 */
class UnownedResourcesTest {
    static final String SOURCE = "prod-db";
    static final String PIPELINE = "dev";
    static final String PREFIX = "prod";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Not ours (or ours but with no lifecycle), by id, with their tags. */
    static final Map<String, Map<String, String>> LOOKALIKES = lookalikes();
    static int passes;
    static int blocked;

    static Map<String, Map<String, String>> lookalikes() {
        Map<String, Map<String, String>> l = new LinkedHashMap<>();
        l.put("prod-20260104", Map.of("owner", "dba")); // our prefix, a date the clock crosses, no tags
        l.put("prod-20260106", tags("qa", SOURCE, "aborted")); // our prefix, another pipeline
        l.put("prod-20251230", tags(PIPELINE, "other-db", "aborted")); // our pipeline, another source
        l.put("staging-20251231", tags(PIPELINE, SOURCE, "aborted")); // our tags, another prefix
        Map<String, String> noLifecycle = new LinkedHashMap<>(tags(PIPELINE, SOURCE, "aborted"));
        noLifecycle.remove(Tags.LIFECYCLE);
        l.put("prod-manual", noLifecycle); // ours, but no lifecycle: never acted on
        return l;
    }

    static Map<String, String> tags(String pipeline, String source, String lifecycle) {
        return MotoAccount.cloneTags(pipeline, source, lifecycle, Instant.parse("2025-12-01T00:00:00Z"));
    }

    @AfterAll
    static void report() {
        System.out.printf("unowned resources: %d randomised passes (%d refused today's name), lookalikes untouched%n",
                passes, blocked);
    }

    @Test
    void aHundredRandomPassesAgainstFakeAwsTouchNothingNotOurs() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int before = passes;
        int restores = 0;
        int deletes = 0;
        while (passes - before < 100) {
            FakeClock clock = new FakeClock(START.plus(Duration.ofHours(random.nextInt(24 * 8))));
            FakeAws fake = new FakeAws(clock);
            fake.clone(SOURCE, tags(PIPELINE, SOURCE, "aborted"), "available"); // the source, with its writer prod-db-1
            LOOKALIKES.forEach((id, t) -> fake.clone(id, t, "available"));
            Recording aws = new Recording(fake);
            Pipeline pipeline = randomPipeline(random);
            int runs = 1 + random.nextInt(6);
            for (int run = 0; run < runs; run++) {
                PassReport report = new RefreshPass(aws, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, random)
                        .run(pipeline, randomSteps(random), false);
                check(report, pipeline, clock, "seed " + seed);
                assertThat(aws.touched).as("seed %d: targets of mutating calls", seed)
                        .doesNotContainAnyElementsOf(forbidden("arn:aws:rds:us-east-1:123456789012:"));
                assertThat(fake.clusters.keySet()).as("seed %d: clusters", seed).containsAll(LOOKALIKES.keySet())
                        .contains(SOURCE);
                clock.advance(Duration.ofMinutes(30 + random.nextInt(60 * 48)));
            }
            restores += fake.count("RestoreDBClusterToPointInTime");
            deletes += fake.count("DeleteDBCluster");
        }
        assertThat(restores).as("seed %d: the passes cloned", seed).isGreaterThan(20);
        assertThat(deletes).as("seed %d: the passes cleaned", seed).isGreaterThan(5);
    }

    @Test
    void randomPassesAgainstMotoTouchNothingNotOurs() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int scenario = 0; scenario < 4; scenario++) {
            MotoAccount aws = MotoAccount.fresh();
            aws.createSource(SOURCE, "aurora-postgresql", tags(PIPELINE, SOURCE, "aborted"));
            LOOKALIKES.forEach(aws::createCluster);
            String zoneId = aws.createZone("example.internal");
            // the source's name has the prefix too: only the policy's explicit deny keeps the role off it
            aws.twin.enforcePolicy(new StrictTwin.PolicyFill(PIPELINE, SOURCE, PREFIX, "dev-db.example.internal", zoneId));
            Map<String, Map<String, String>> before = notOurs(aws);
            FakeClock clock = new FakeClock(START.plus(Duration.ofHours(random.nextInt(24 * 8))));
            Pipeline pipeline = randomPipeline(random);
            for (int run = 0; run < 3; run++) {
                PassReport report = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY,
                        clock, clock, random).run(pipeline, randomSteps(random), false);
                check(report, pipeline, clock, "seed " + seed);
                assertThat(notOurs(aws)).as("seed %d: clusters and instances not ours", seed).isEqualTo(before);
                clock.advance(Duration.ofMinutes(30 + random.nextInt(60 * 48)));
            }
        }
    }

    /** Exit 0, or 1 only because today's name is taken by a cluster that is not ours. */
    static void check(PassReport report, Pipeline pipeline, FakeClock clock, String seed) {
        passes++;
        assertThat(report.exitCode()).as("%s: %s", seed, report.message()).isIn(0, 1);
        if (report.exitCode() == 1) {
            String today = pipeline.naming().cloneName(clock.instant());
            assertThat(LOOKALIKES).as("%s: %s", seed, report.message()).containsKey(today);
            assertThat(report.message()).contains("is not owned by pipeline " + PIPELINE).contains("refusing to touch it");
            blocked++;
        }
    }

    static Pipeline randomPipeline(Random random) {
        String pattern = random.nextInt(4) == 0 ? "yyyyMMdd-HH" : "yyyyMMdd";
        return Pipelines.dev().withName(PIPELINE, PREFIX, pattern).withSource(SOURCE)
                .withInstances(Optional.empty(), 1 + random.nextInt(2)).withDeletionProtection(random.nextBoolean())
                .withRetain(random.nextInt(3)).build();
    }

    static Set<Step> randomSteps(Random random) {
        if (random.nextInt(3) > 0) {
            return Step.ALL;
        }
        Set<Step> steps = EnumSet.noneOf(Step.class);
        for (Step s : Step.values()) {
            if (random.nextBoolean()) {
                steps.add(s);
            }
        }
        return steps.isEmpty() ? EnumSet.of(Step.CLEAN) : steps;
    }

    /** Every id, ARN and endpoint (as FakeAws names it) of the lookalikes, the source and their instances. */
    static List<String> forbidden(String arnPrefix) {
        List<String> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(LOOKALIKES.keySet());
        ids.add(SOURCE);
        for (String id : ids) {
            out.addAll(List.of(id, id + "-1", arnPrefix + "cluster:" + id, arnPrefix + "db:" + id + "-1",
                    id + ".cluster-fake.rds.local"));
        }
        return out;
    }

    static Map<String, Map<String, String>> notOurs(MotoAccount aws) {
        Map<String, Map<String, String>> out = new TreeMap<>(aws.allClusters());
        out.keySet().removeIf(id -> !LOOKALIKES.containsKey(id) && !id.equals(SOURCE));
        aws.seedRds.describeDBInstances().dbInstances().stream()
                .filter(i -> out.containsKey(i.dbClusterIdentifier()))
                .forEach(i -> {
                    Map<String, String> t = new TreeMap<>();
                    aws.seedRds.listTagsForResource(r -> r.resourceName(i.dbInstanceArn())).tagList()
                            .forEach(tag -> t.put(tag.key(), tag.value()));
                    t.put("(status)", i.dbInstanceStatus());
                    out.put(i.dbInstanceIdentifier(), t);
                });
        return out;
    }

    /** The ports, recording the target of every mutating call. */
    static final class Recording extends ForwardingPorts {
        final FakeAws aws;
        final List<String> touched = new ArrayList<>();

        Recording(FakeAws aws) {
            super(aws);
            this.aws = aws;
        }

        private void touch(String... targets) {
            touched.addAll(List.of(targets));
        }

        @Override public boolean restoreClone(CloneSpec spec) { touch(spec.cloneId()); return super.restoreClone(spec); }
        @Override public boolean createInstance(Action.CreateInstance a) { touch(a.instanceId(), a.cloneId()); return super.createInstance(a); }
        @Override public void addTags(String arn, Map<String, String> tags) { touch(arn); super.addTags(arn, tags); }
        @Override public void disableDeletionProtection(String id) { touch(id); super.disableDeletionProtection(id); }
        @Override public boolean deleteInstance(String id) { touch(id); return super.deleteInstance(id); }
        @Override public DeleteResult deleteCluster(String id, Optional<String> snapshot) { touch(id); return super.deleteCluster(id, snapshot); }
        @Override public Submitted upsertCnames(String zone, List<Cname> records, long ttl, String comment) {
            records.forEach(c -> touch(c.target()));
            return super.upsertCnames(zone, records, ttl, comment);
        }
    }
}
