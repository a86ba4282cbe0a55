package dev.aurorarefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.PrometheusText;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report of a pass (made by the real pass over fake AWS) as the Prometheus series the job pushes. */
class RunMetricsTest {
    static final String RECORD = "dev-db.example.internal";
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");
    private static final Map<String, String> ANY = Map.of();
    private static final CronSchedule WEEKDAYS = CronSchedule.parse("30 5 * * 1-5", ZoneOffset.UTC);

    private final FakeClock clock = new FakeClock(START);
    private final FakeAws aws = new FakeAws(clock);

    static Pipeline pipeline(int retain) {
        return Pipelines.dev().withRecord("example.internal", RECORD).withRetain(retain).build();
    }

    private PassReport pass(boolean dryRun) {
        return aws.pass(aws, ReadinessCheck.AVAILABLE_IS_READY)
                .run(pipeline(1), Step.ALL, dryRun);
    }

    private static Map<String, String> cloneTags(Lifecycle lifecycle, Instant createdAt) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Tags.PIPELINE, "dev");
        t.put(Tags.SOURCE, "prod-db");
        t.put(Tags.LIFECYCLE, lifecycle.tagValue());
        t.put(Tags.CREATED_AT, createdAt.toString());
        return t;
    }

    /** Yesterday's clone connected, an older one aborted: today's pass replaces and cleans. */
    private void yesterdayConnected() {
        aws.source("prod-db");
        aws.clone("dev-20261124", cloneTags(Lifecycle.CONNECTED, START.minus(Duration.ofDays(1))), "available")
                .serverlessV2 = Optional.of(new ServerlessScaling(0, 4, Optional.of(600)));
        aws.clone("dev-20261123", cloneTags(Lifecycle.ABORTED, START.minus(Duration.ofDays(2))), "available");
        aws.clone("other-20261124", Map.of(Tags.PIPELINE, "qa"), "available"); // not ours: never counted
        aws.records.put(RECORD, "dev-20261124.cluster-fake.rds.local");
    }

    private static PrometheusText scrape(PassReport report, Map<AwsCallRecorder.Call, Long> calls,
            Optional<Instant> previousSuccess) {
        return scrape(report, calls, previousSuccess, Optional.empty());
    }

    private static PrometheusText scrape(PassReport report, Map<AwsCallRecorder.Call, Long> calls,
            Optional<Instant> previousSuccess, Optional<CronSchedule> schedule) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RunMetrics.register(registry, pipeline(1), report, calls, previousSuccess, schedule);
        return PrometheusText.parse(registry.scrape());
    }

    /** Every metric name the job can push (a completed pass that made AWS calls has them all). */
    static Set<String> emittedNames() {
        RunMetricsTest t = new RunMetricsTest();
        t.yesterdayConnected();
        Set<String> names = new java.util.TreeSet<>(scrape(t.pass(false), Map.of(new AwsCallRecorder.Call("Rds",
                "DescribeDBClusters", "success"), 1L), Optional.empty(), Optional.of(WEEKDAYS)).names("aurora_refresh_"));
        RunMetricsTest held = new RunMetricsTest();
        held.heldOnYesterdays();
        names.addAll(scrape(held.pass(false), Map.of(), Optional.empty(), Optional.of(WEEKDAYS)).names("aurora_refresh_"));
        return names;
    }

    private void heldOnYesterdays() {
        yesterdayConnected();
        aws.clusters.get("dev-20261124").tags.put(Tags.HELD_SINCE, START.minus(Duration.ofDays(3)).toString());
        aws.clusters.get("dev-20261124").tags.put(Tags.HOLD_REASON, "QA cycle");
    }

    @Test
    void aHeldRunSaysSoAndWhenTheHoldBegan() {
        heldOnYesterdays();
        PassReport report = pass(false);
        assertThat(report.exitCode()).isZero();
        assertThat(aws.clusters).doesNotContainKey("dev-20261125");
        PrometheusText m = scrape(report, Map.of(), Optional.empty());
        assertThat(m.value("aurora_refresh_held", ANY)).isEqualTo(1);
        assertThat(m.value("aurora_refresh_held_since_timestamp_seconds", ANY))
                .isEqualTo(START.minus(Duration.ofDays(3)).getEpochSecond());

        RunMetricsTest free = new RunMetricsTest();
        free.yesterdayConnected();
        assertThat(scrape(free.pass(false), Map.of(), Optional.empty()).value("aurora_refresh_held", ANY)).isZero();
    }

    @Test
    void aCompletedPassGivesEverySeries() {
        yesterdayConnected();
        PassReport report = pass(false);
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        Map<AwsCallRecorder.Call, Long> calls = Map.of(
                new AwsCallRecorder.Call("Rds", "DescribeDBClusters", "success"), 9L,
                new AwsCallRecorder.Call("Rds", "DeleteDBCluster", "error"), 1L);

        PrometheusText m = scrape(report, calls, Optional.of(START.minus(Duration.ofDays(1))));

        double end = clock.instant().toEpochMilli() / 1000.0;
        assertThat(clock.instant()).isAfter(START); // the pass waited (backoff) on the fake clock
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", ANY)).isEqualTo(end);
        assertThat(m.value("aurora_refresh_last_success_timestamp_seconds", ANY)).isEqualTo(end);
        assertThat(m.value("aurora_refresh_run_duration_seconds", ANY))
                .isEqualTo(Duration.between(START, clock.instant()).toMillis() / 1000.0);
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "done"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "nothing_to_do"))).isZero();
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "failed"))).isZero();
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "invalid"))).isZero();
        for (Step step : Step.values()) {
            assertThat(m.value("aurora_refresh_step_duration_seconds", Map.of("step", step.label())))
                    .isEqualTo(report.stepDurations().get(step).toMillis() / 1000.0);
        }
        assertThat(m.value("aurora_refresh_step_duration_seconds", Map.of("step", "wait"))).isPositive();

        // Today's clone is connected; yesterday's is aborted and kept (retain 1); the older one deleted.
        Instant todayCreated = aws.describeCluster("dev-20261125").orElseThrow().createdAt();
        assertThat(m.value("aurora_refresh_connected_clone_age_seconds", ANY))
                .isCloseTo(Duration.between(todayCreated, clock.instant()).toMillis() / 1000.0, within(0.001));
        assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", "connected"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", "aborted"))).isEqualTo(1);
        for (String l : new String[] {"created", "ready", "failed"}) {
            assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", l))).isZero();
        }
        // each clone's class and capacity: today's provisioned, yesterday's (kept) an auto-pausing Serverless v2 one
        assertThat(m.value("aurora_refresh_clone_info", Map.of("clone", "dev-20261125", "instance_class", "db.r6g.large",
                "capacity", "provisioned"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_clone_info", Map.of("clone", "dev-20261124", "capacity",
                "0-4 ACU, pauses after 10m00s idle"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_clone_capacity_min_acu", Map.of("clone", "dev-20261124"))).isZero();
        assertThat(m.value("aurora_refresh_clone_capacity_max_acu", Map.of("clone", "dev-20261124"))).isEqualTo(4);
        assertThat(m.value("aurora_refresh_aws_requests_total",
                Map.of("service", "Rds", "operation", "DescribeDBClusters", "outcome", "success"))).isEqualTo(9);
        assertThat(m.value("aurora_refresh_aws_requests_total",
                Map.of("service", "Rds", "operation", "DeleteDBCluster", "outcome", "error"))).isEqualTo(1);
        assertThat(m.types()).containsEntry("aurora_refresh_aws_requests_total", "counter")
                .containsEntry("aurora_refresh_clones", "gauge");
        assertThat(m.names("aurora_refresh_")).isEqualTo(Set.of(
                "aurora_refresh_last_run_timestamp_seconds", "aurora_refresh_last_success_timestamp_seconds",
                "aurora_refresh_run_duration_seconds", "aurora_refresh_run_result",
                "aurora_refresh_step_duration_seconds", "aurora_refresh_connected_clone_age_seconds",
                "aurora_refresh_clones", "aurora_refresh_aws_requests_total", "aurora_refresh_held",
                "aurora_refresh_clone_info", "aurora_refresh_clone_capacity_min_acu", "aurora_refresh_clone_capacity_max_acu"));
    }

    @Test
    void toldItsScheduleARunSaysWhenTheNextOneIsDue() {
        yesterdayConnected();
        PassReport wednesday = pass(false); // 2026-11-25 is a Wednesday
        assertThat(scrape(wednesday, Map.of(), Optional.empty()).names("aurora_refresh_"))
                .doesNotContain("aurora_refresh_next_run_timestamp_seconds");
        assertThat(scrape(wednesday, Map.of(), Optional.empty(), Optional.of(WEEKDAYS))
                .value("aurora_refresh_next_run_timestamp_seconds", ANY))
                .isEqualTo(Instant.parse("2026-11-26T05:30:00Z").getEpochSecond());

        clock.advance(Duration.ofDays(2)); // Friday: the next weekday run is Monday's
        PassReport friday = pass(false);
        assertThat(friday.startedAt().atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.FRIDAY);
        PrometheusText m = scrape(friday, Map.of(), Optional.empty(), Optional.of(WEEKDAYS));
        assertThat(m.value("aurora_refresh_next_run_timestamp_seconds", ANY))
                .isEqualTo(Instant.parse("2026-11-30T05:30:00Z").getEpochSecond());
        assertThat(m.value("aurora_refresh_success_due_timestamp_seconds", ANY)).as("it succeeded: due with the next run")
                .isEqualTo(Instant.parse("2026-11-30T05:30:00Z").getEpochSecond());
    }

    /** Today's clone name is held by someone else: the clone step refuses, exit 1. */
    private PassReport failedPass() {
        aws.source("prod-db");
        aws.clone("dev-20261125", Map.of("owner", "someone-else"), "available");
        PassReport failed = pass(false);
        assertThat(failed.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        return failed;
    }

    @Test
    void aFailedRunKeepsTheSuccessDueAfterTheLastSuccess() {
        PassReport failed = failedPass();
        Instant tuesdaySuccess = Instant.parse("2026-11-24T05:50:00Z");
        PrometheusText m = scrape(failed, Map.of(), Optional.of(tuesdaySuccess), Optional.of(WEEKDAYS));
        assertThat(m.value("aurora_refresh_success_due_timestamp_seconds", ANY))
                .isEqualTo(Instant.parse("2026-11-25T05:30:00Z").getEpochSecond()); // Wednesday's run, which failed
        assertThat(m.value("aurora_refresh_next_run_timestamp_seconds", ANY))
                .isEqualTo(Instant.parse("2026-11-26T05:30:00Z").getEpochSecond());
        assertThat(scrape(failed, Map.of(), Optional.empty(), Optional.of(WEEKDAYS)).names("aurora_refresh_"))
                .as("no success yet: nothing is due").doesNotContain("aurora_refresh_success_due_timestamp_seconds");
    }

    @Test
    void aFailedPassKeepsThePreviousSuccessAndSaysFailed() {
        PassReport report = failedPass();
        Instant previous = START.minus(Duration.ofHours(25));

        PrometheusText m = scrape(report, Map.of(), Optional.of(previous));

        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "failed"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "done"))).isZero();
        assertThat(m.value("aurora_refresh_last_success_timestamp_seconds", ANY)).isEqualTo(previous.getEpochSecond());
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", ANY))
                .isEqualTo(clock.instant().toEpochMilli() / 1000.0);
        assertThat(m.series("aurora_refresh_connected_clone_age_seconds", ANY)).isEmpty(); // the record points nowhere
        assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", "connected"))).isZero();
        assertThat(m.series("aurora_refresh_aws_requests_total", ANY)).isEmpty();
    }

    @Test
    void aFailureBeforeAnySuccessHasNoLastSuccess() {
        aws.source("prod-db");
        aws.clone("dev-20261125", Map.of(), "available");
        PrometheusText m = scrape(pass(false), Map.of(), Optional.empty());
        assertThat(m.series("aurora_refresh_last_success_timestamp_seconds", ANY)).isEmpty();
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "failed"))).isEqualTo(1);
    }

    @Test
    void aDryRunIsNoSuccessAndRunsNoStep() {
        yesterdayConnected();
        PassReport report = pass(true);
        assertThat(report.dryRun()).isTrue();

        PrometheusText m = scrape(report, Map.of(), Optional.of(START.minus(Duration.ofDays(1))));

        assertThat(m.series("aurora_refresh_last_success_timestamp_seconds", ANY)).isEmpty();
        assertThat(m.series("aurora_refresh_step_duration_seconds", ANY)).isEmpty();
        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "done"))).isEqualTo(1); // it would change things
        assertThat(m.value("aurora_refresh_connected_clone_age_seconds", ANY)).isEqualTo(Duration.ofDays(1).toSeconds());
        assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", "aborted"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_clones", Map.of("lifecycle", "connected"))).isEqualTo(1);
    }

    @Test
    void aRunThatCouldNotObserveHasNoCloneSeries() {
        // no source at all: preflight finds nothing, exit 2
        PassReport report = pass(false);
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.INVALID);

        PrometheusText m = scrape(report, Map.of(), Optional.empty());

        assertThat(m.value("aurora_refresh_run_result", Map.of("outcome", "invalid"))).isEqualTo(1);
        assertThat(m.names("aurora_refresh_")).containsExactlyInAnyOrder("aurora_refresh_last_run_timestamp_seconds",
                "aurora_refresh_run_duration_seconds", "aurora_refresh_run_result");
    }
}
