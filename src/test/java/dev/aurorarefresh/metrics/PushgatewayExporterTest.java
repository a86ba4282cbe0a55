package dev.aurorarefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.LogCapture;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.PrometheusText;
import dev.aurorarefresh.testing.Pushgateway;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real pass against moto, pushed to a real Pushgateway, read back as Prometheus scrapes it. */
class PushgatewayExporterTest {
    private static final Map<String, String> REAL = Map.of("job", "aurora-refresh", "pipeline", "dev", "dry_run", "false");
    private static final Map<String, String> DRY = Map.of("job", "aurora-refresh", "pipeline", "dev", "dry_run", "true");
    private static final String PASSWORD = "scrape-secret";
    /** bcrypt (cost 4) of PASSWORD, for the gateway's web config. */
    private static final String PASSWORD_BCRYPT = "$2b$04$XnPVA5bL866xQZRURnVwluXk.EN4vHuCwjaqCpSxmTYjSaUOSIJRa";

    private MotoAccount aws;
    private Pushgateway gateway;
    private final FakeClock clock = new FakeClock(Instant.now());
    private final Pipeline pipeline = Pipelines.dev().withSource("prod-db").build();

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-postgresql");
        aws.createZone("example.internal"); // puts the usual pipeline's IAM policy in force
        gateway = Pushgateway.shared();
    }

    private PassReport pass(boolean dryRun) {
        aws.calls.reset();
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1)).run(pipeline, Step.ALL, dryRun);
    }

    private boolean export(PassReport report) {
        return exporter(gateway.url(), Optional.empty()).export(pipeline, report, aws.calls.snapshot());
    }

    private static PushgatewayExporter exporter(String url, Optional<PushTarget.Credentials> credentials) {
        try {
            return new PushgatewayExporter(new PushTarget(URI.create(url).toURL(), "aurora-refresh", credentials, Optional.empty()));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    @Test
    void aRealPassIsPushedWithEverySeries() {
        PassReport report = pass(false);
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(export(report)).isTrue();

        PrometheusText m = gateway.scrape();
        double end = seconds(report.startedAt().plus(report.elapsed()));
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", REAL)).isEqualTo(end);
        assertThat(m.value("aurora_refresh_last_success_timestamp_seconds", REAL)).isEqualTo(end);
        assertThat(m.value("aurora_refresh_run_result", with(REAL, "outcome", "done"))).isEqualTo(1);
        assertThat(m.series("aurora_refresh_run_result", REAL)).hasSize(4)
                .allSatisfy(s -> assertThat(s.value()).isEqualTo(s.label("outcome").equals("done") ? 1 : 0));
        for (Step step : Step.values()) {
            assertThat(m.value("aurora_refresh_step_duration_seconds", with(REAL, "step", step.label())))
                    .isEqualTo(report.stepDurations().get(step).toMillis() / 1000.0);
        }
        assertThat(m.value("aurora_refresh_connected_clone_age_seconds", REAL)).isBetween(0.0, 600.0);
        assertThat(m.value("aurora_refresh_clones", with(REAL, "lifecycle", "connected"))).isEqualTo(1);
        assertThat(m.series("aurora_refresh_clones", REAL)).hasSize(5);
        assertThat(m.value("aurora_refresh_aws_requests_total", with(with(with(REAL, "service", "Rds"),
                "operation", "RestoreDBClusterToPointInTime"), "outcome", "success"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_aws_requests_total", with(with(with(REAL, "service", "Route53"),
                "operation", "ChangeResourceRecordSets"), "outcome", "success"))).isEqualTo(1);
        assertThat(m.series("aurora_refresh_aws_requests_total", REAL).stream().mapToDouble(PrometheusText.Sample::value)
                .sum()).isEqualTo(aws.calls.total());
        assertThat(m.types()).containsEntry("aurora_refresh_aws_requests_total", "counter");
    }

    @Test
    void toldItsScheduleTheRunPushesWhenTheNextRunAndSuccessAreDue() throws Exception {
        CronSchedule daily = CronSchedule.parse("0 2 * * *", ZoneOffset.UTC);
        PassReport report = pass(false);
        PushTarget target = new PushTarget(URI.create(gateway.url()).toURL(), "aurora-refresh", Optional.empty(),
                Optional.of(daily));
        assertThat(new PushgatewayExporter(target).export(pipeline, report, aws.calls.snapshot())).isTrue();

        PrometheusText m = gateway.scrape();
        assertThat(m.value("aurora_refresh_next_run_timestamp_seconds", REAL))
                .isEqualTo(seconds(daily.nextAfter(report.startedAt()).orElseThrow()));
        assertThat(m.value("aurora_refresh_success_due_timestamp_seconds", REAL)).as("the first run after this success")
                .isEqualTo(seconds(daily.nextAfter(report.startedAt().plus(report.elapsed())).orElseThrow()));
    }

    @Test
    void aFailedRunReplacesTheGroupButKeepsTheLastSuccess() {
        assertThat(export(pass(false))).isTrue();
        double firstSuccess = gateway.scrape().value("aurora_refresh_last_success_timestamp_seconds", REAL);

        // The next day someone else holds the clone's name: the clone step refuses, exit 1.
        clock.advance(Duration.ofDays(1));
        aws.createCluster(pipeline.naming().cloneName(clock.instant()), Map.of());
        PassReport failed = pass(false);
        assertThat(failed.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(export(failed)).isTrue();

        PrometheusText m = gateway.scrape();
        assertThat(m.value("aurora_refresh_run_result", with(REAL, "outcome", "failed"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_run_result", with(REAL, "outcome", "done"))).isZero();
        assertThat(m.value("aurora_refresh_last_success_timestamp_seconds", REAL)).isEqualTo(firstSuccess);
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", REAL))
                .isEqualTo(seconds(failed.startedAt().plus(failed.elapsed())));
        // replaced, not added to: the first run's restore is gone (the failed run's own refused
        // restore, if any, is an error), no series appears twice, one group
        assertThat(m.series("aurora_refresh_aws_requests_total", with(with(REAL, "operation", "RestoreDBClusterToPointInTime"),
                "outcome", "success"))).isEmpty();
        // the failed clone step no longer stops the later ones (issue 21): each step of the failed run, once
        assertThat(m.series("aurora_refresh_step_duration_seconds", REAL)).extracting(s -> s.label("step"))
                .containsExactlyInAnyOrder("clone", "wait", "connect", "clean");
        Set<String> seen = new HashSet<>();
        m.samples().forEach(s -> assertThat(seen.add(s.name() + s.labels())).as("duplicate %s", s).isTrue());
        assertThat(m.series("push_time_seconds", Map.of("job", "aurora-refresh"))).hasSize(1);
    }

    @Test
    void aDryRunHasItsOwnGroupAndLeavesTheRealOneAlone() {
        assertThat(export(pass(false))).isTrue();
        double lastRun = gateway.scrape().value("aurora_refresh_last_run_timestamp_seconds", REAL);

        clock.advance(Duration.ofDays(1));
        PassReport dry = pass(true);
        assertThat(export(dry)).isTrue();

        PrometheusText m = gateway.scrape();
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", REAL)).isEqualTo(lastRun);
        assertThat(m.value("aurora_refresh_run_result", with(REAL, "outcome", "done"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_last_run_timestamp_seconds", DRY))
                .isEqualTo(seconds(dry.startedAt().plus(dry.elapsed())));
        assertThat(m.value("aurora_refresh_run_result", with(DRY, "outcome", "done"))).isEqualTo(1); // it would clone
        assertThat(m.series("aurora_refresh_last_success_timestamp_seconds", DRY)).isEmpty();
        assertThat(m.value("aurora_refresh_connected_clone_age_seconds", DRY)).isGreaterThanOrEqualTo(86_400);
    }

    @Test
    void anUnreachableGatewayIsOneWarningAndNoException() throws Exception {
        PassReport report = pass(false);
        String closed = "http://127.0.0.1:" + Pushgateway.freePort();
        try (LogCapture log = new LogCapture()) {
            assertThat(exporter(closed, Optional.empty()).export(pipeline, report, aws.calls.snapshot())).isFalse();
            assertThat(log.at(Level.WARNING)).singleElement().satisfies(l -> assertThat(l.message())
                    .startsWith("metrics not pushed to " + closed + ": ").contains("Connection refused"));
        }
    }

    @Test
    void basicAuthFromTheEnvironmentIsSentAndNeverShown() {
        PassReport report = pass(false);
        try (Pushgateway guarded = Pushgateway.withBasicAuth("pusher", PASSWORD, PASSWORD_BCRYPT);
                LogCapture log = new LogCapture()) {
            assertThat(exporter(guarded.url(), Optional.of(new PushTarget.Credentials("pusher", PASSWORD)))
                    .export(pipeline, report, aws.calls.snapshot())).isTrue();
            assertThat(guarded.scrape().value("aurora_refresh_run_result", with(REAL, "outcome", "done"))).isEqualTo(1);

            assertThat(exporter(guarded.url(), Optional.of(new PushTarget.Credentials("pusher", "wrong-" + PASSWORD)))
                    .export(pipeline, report, aws.calls.snapshot())).isFalse();
            List<LogCapture.Line> warnings = log.at(Level.WARNING);
            assertThat(warnings).singleElement().satisfies(l -> assertThat(l.message()).contains("401"));
            assertThat(log.lines).allSatisfy(l -> assertThat(l.message()).doesNotContain(PASSWORD));
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(labels);
        m.put(key, value);
        return m;
    }
}
