package dev.aurorarefresh.testing;

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
 * Not a test but a measurement, run by scripts/bench-calls.sh (its name keeps it out of the
 * suite): the AWS calls of a first, a next-day and a no-op pass on moto, against the budget of
 * issue 12 (next-day pass at most 22 calls, no-op pass at most 4). Waits run on a fake clock.
 */
class CallCountBench {
    static final Instant DAY1 = Instant.parse("2026-03-02T03:00:00Z");
    static final Map<String, Integer> BUDGET = Map.of("next-day", 22, "no-op", 4);

    @Test
    void firstNextDayAndNoOpPass() {
        MotoAccount aws = MotoAccount.fresh();
        aws.createSource(RefreshFixture.SOURCE, "aurora-postgresql");
        aws.createZone(RefreshFixture.ZONE);
        System.out.printf("calls | pass | exit | calls | budget | mutating | by operation (mutating*)%n");
        measure(aws, "first", DAY1);
        measure(aws, "next-day", DAY1.plus(Duration.ofDays(1)));
        measure(aws, "no-op", DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
    }

    private static void measure(MotoAccount aws, String name, Instant at) {
        aws.calls.reset();
        FakeClock clock = new FakeClock(at);
        PassReport report = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1)).run(RefreshFixture.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
        String byOperation = aws.calls.snapshot().entrySet().stream()
                .map(e -> e.getKey().operation() + (e.getKey().mutating() ? "*" : "")
                        + (e.getKey().outcome().equals("success") ? "" : "(" + e.getKey().outcome() + ")") + " " + e.getValue())
                .collect(Collectors.joining(", "));
        Integer budget = BUDGET.get(name);
        System.out.printf("calls | %s | %d | %d | %s | %d | %s%n", name, report.exitCode(), aws.calls.total(),
                budget == null ? "-" : (aws.calls.total() <= budget ? "<= " : "OVER ") + budget, aws.calls.mutating(),
                byOperation);
        if (report.exitCode() != 0) {
            System.out.printf("calls | %s failed: %s%n", name, report.message());
        }
    }
}
