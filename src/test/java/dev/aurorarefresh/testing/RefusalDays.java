package dev.aurorarefresh.testing;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Days of daily passes while AWS keeps refusing one thing (issue 21): a {@link RefreshFixture}
 * account (yesterday's clone connected, lookalikes around), one pass a day at 03:00 on a fake
 * clock, the refusal on for {@code days} days, then lifted; after each pass, what the pipeline
 * holds. {@link #boundBroken} says where a day breaks the bound of docs/design.md (invariant 11).
 */
public final class RefusalDays {
    /** The first day of every run (day 1), at the hour of the daily pass. */
    public static final Instant FIRST_DAY = Instant.parse("2026-07-01T03:00:00Z");

    /** The time of day {@code n}'s pass. */
    public static Instant day(int n) {
        return FIRST_DAY.plus(Duration.ofDays(n - 1));
    }

    /** A refusal that lasts: the pipeline it hits, how the account is set up for it on the first day, how it is lifted. */
    public record Scenario(String name, UnaryOperator<Pipelines> pipeline, Consumer<RefreshFixture> on,
            Consumer<RefreshFixture> lift) {
        public static Scenario of(String name, UnaryOperator<Pipelines> pipeline, Consumer<RefreshFixture> on,
                Consumer<RefreshFixture> lift) {
            return new Scenario(name, pipeline, on, lift);
        }
    }

    /**
     * What the pipeline holds after one day's pass: its clusters (in their grace period among them),
     * those without an instance and those of them older than one period, the final snapshots of its
     * clones, the full copies AWS made of the source so far.
     */
    public record Day(int day, boolean refused, int exitCode, String message, List<String> clusters, int inGrace,
            List<String> instanceless, List<String> instancelessOlderThanAPeriod, int snapshots, int fullCopies) {
        public String figures() {
            return String.format("day %2d %-7s exit %d clusters %d instance-less %d (older than a period %d) snapshots %d full-copies %d",
                    day, refused ? "refused" : "lifted", exitCode, clusters.size(), instanceless.size(),
                    instancelessOlderThanAPeriod.size(), snapshots, fullCopies);
        }
    }

    private RefusalDays() {
    }

    /** {@code days} days with the refusal on, then {@code afterwards} days with it lifted; one pass a day. */
    public static List<Day> run(Scenario scenario, int days, int afterwards) {
        return run(scenario, days, afterwards, (fixture, day) -> { });
    }

    /** As {@link #run(Scenario, int, int)}; {@code afterEachDay} sees the account after each day's pass. */
    public static List<Day> run(Scenario scenario, int days, int afterwards, java.util.function.BiConsumer<RefreshFixture, Day> afterEachDay) {
        MotoAccount aws = MotoAccount.fresh();
        RefreshFixture fixture = RefreshFixture.seed(aws, FIRST_DAY);
        Pipeline pipeline = scenario.pipeline().apply(Pipelines.dev().withSource(RefreshFixture.SOURCE)
                .withDeletionProtection(true).withWaitTimeout(Duration.ofMinutes(45))).build();
        List<Day> out = new ArrayList<>();
        for (int day = 1; day <= days + afterwards; day++) {
            boolean refused = day <= days;
            if (day == 1) {
                scenario.on().accept(fixture);
            } else if (day == days + 1) {
                scenario.lift().accept(fixture);
            }
            Instant now = day(day);
            FakeClock clock = new FakeClock(now);
            PassReport report = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                    new Random(day)).run(pipeline, Step.ALL, false);
            Day seen = look(fixture, pipeline, day, refused, report, clock.instant());
            out.add(seen);
            afterEachDay.accept(fixture, seen);
        }
        return out;
    }

    private static Day look(RefreshFixture fixture, Pipeline pipeline, int day, boolean refused, PassReport report, Instant now) {
        MotoAccount aws = fixture.aws;
        Set<String> withInstances = new HashSet<>();
        aws.seedRds.describeDBInstances().dbInstances().forEach(i -> withInstances.add(i.dbClusterIdentifier()));
        List<String> ours = new ArrayList<>();
        List<String> instanceless = new ArrayList<>();
        List<String> oldInstanceless = new ArrayList<>();
        int inGrace = 0;
        for (DBCluster c : aws.seedRds.describeDBClusters().dbClusters()) {
            Map<String, String> tags = new java.util.HashMap<>();
            c.tagList().forEach(t -> tags.put(t.key(), t.value()));
            if (!pipeline.name().equals(tags.get(Tags.PIPELINE)) || !RefreshFixture.SOURCE.equals(tags.get(Tags.SOURCE))
                    || !c.dbClusterIdentifier().startsWith(pipeline.naming().prefix() + "-")) {
                continue;
            }
            ours.add(c.dbClusterIdentifier());
            if (!withInstances.contains(c.dbClusterIdentifier())) {
                instanceless.add(c.dbClusterIdentifier());
                Instant created = tags.containsKey(Tags.CREATED_AT) ? Instant.parse(tags.get(Tags.CREATED_AT)) : c.clusterCreateTime();
                if (created.isBefore(now.minus(Duration.ofDays(1)))) {
                    oldInstanceless.add(c.dbClusterIdentifier());
                }
            }
        }
        inGrace = report.inGrace().size();
        int snapshots = (int) aws.seedRds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .filter(s -> s.dbClusterIdentifier().startsWith(pipeline.naming().prefix() + "-")).count();
        return new Day(day, refused, report.exitCode(), report.message(), List.copyOf(ours), inGrace, instanceless, oldInstanceless,
                snapshots, aws.twin.limits().fullCopies().size());
    }

    /**
     * Where a day breaks the bound (docs/design.md, invariant 11): more than {@code retain + 2}
     * clusters besides those in their grace period, or a cluster without instances older than one
     * period. Empty when it holds.
     */
    public static List<String> boundBroken(Day d, int retain) {
        List<String> broken = new ArrayList<>();
        if (d.clusters().size() - d.inGrace() > retain + 2) {
            broken.add("day " + d.day() + ": " + d.clusters().size() + " clusters (" + d.inGrace() + " in their grace period) > retain "
                    + retain + " + 2: " + d.clusters());
        }
        if (!d.instancelessOlderThanAPeriod().isEmpty()) {
            broken.add("day " + d.day() + ": clusters without instances older than one period: " + d.instancelessOlderThanAPeriod());
        }
        return broken;
    }
}
