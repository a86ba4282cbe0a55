package dev.aurorarefresh.testing;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Not a test but a measurement, run by scripts/bench-passes.sh (its name keeps it out of the
 * suite): the AWS calls and wall time of a first, a next-day and a no-op pass through the strict
 * twin with its default rules and the IAM policy in force. Waiting runs on a fake clock, so the
 * wall time is the pass's own work and its AWS round trips; the simulated wait is printed beside it.
 */
class PassBench {
    static final Instant DAY1 = Instant.parse("2026-03-02T03:00:00Z");

    @Test
    void firstNextDayAndNoOpPass() {
        MotoAccount aws = MotoAccount.fresh();
        aws.createSource(RefreshFixture.SOURCE, "aurora-postgresql");
        String zoneId = aws.createZone(RefreshFixture.ZONE);
        aws.twin.enforcePolicy(new StrictTwin.PolicyFill(RefreshFixture.PIPELINE, RefreshFixture.SOURCE,
                RefreshFixture.PREFIX, RefreshFixture.RECORD, zoneId));
        System.out.printf("bench | pass | exit | wall ms | simulated wait | calls | mutating | by operation (mutating*)%n");
        measure(aws, "first", DAY1);
        measure(aws, "next-day", DAY1.plus(Duration.ofDays(1)));
        measure(aws, "no-op", DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
    }

    private static void measure(MotoAccount aws, String name, Instant at) {
        aws.calls.reset();
        FakeClock clock = new FakeClock(at);
        RefreshPass pass = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1));
        long start = System.nanoTime();
        PassReport report = pass.run(RefreshFixture.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        Map<AwsCallRecorder.Call, Long> calls = aws.calls.snapshot();
        String byOperation = calls.entrySet().stream()
                .map(e -> e.getKey().operation() + (e.getKey().mutating() ? "*" : "")
                        + (e.getKey().outcome().equals("success") ? "" : "(" + e.getKey().outcome() + ")") + " " + e.getValue())
                .collect(Collectors.joining(", "));
        System.out.printf("bench | %s | %d | %d | %s | %d | %d | %s%n", name, report.exitCode(), wallMs,
                Duration.between(at, clock.instant()), aws.calls.total(), aws.calls.mutating(), byOperation);
        if (report.exitCode() != 0) {
            System.out.printf("bench | %s failed: %s%n", name, report.message());
        }
    }
}
