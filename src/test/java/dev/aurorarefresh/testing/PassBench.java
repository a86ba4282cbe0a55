package dev.aurorarefresh.testing;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Not a test but a measurement, run by scripts/bench-passes.sh (its name keeps it out of the
 * suite): the AWS calls (total and mutating, by operation, in order) and wall time of a first, a
 * next-day and a no-op pass, on bare moto (moto's own behaviour: the issue 12 budget of next-day
 * at most 26 calls (22 before issue 21, 23 before issue 22 replaced the master password by default) and no-op at most 4 is measured here) and through the strict twin with its
 * default rules and the IAM policy in force (AWS's slower transitions). Waiting runs on a fake
 * clock, so the wall time is the pass's own work and its AWS round trips; the simulated wait is
 * printed beside it.
 */
class PassBench {
    static final Instant DAY1 = Instant.parse("2026-03-02T03:00:00Z");
    static final Map<String, Integer> BUDGET = Map.of("next-day", 26, "no-op", 4);

    @Test
    void firstNextDayAndNoOpPass() {
        System.out.printf("bench | moto | pass | exit | wall ms | waited | calls | budget | mutating | by operation (mutating*)%n");
        for (boolean twin : new boolean[] {false, true}) {
            Sequence sequence = new Sequence();
            MotoAccount aws = MotoAccount.fresh(sequence);
            aws.createSource(RefreshFixture.SOURCE, "aurora-postgresql");
            String zoneId = aws.createZone(RefreshFixture.ZONE);
            if (twin) {
                aws.twin.enforcePolicy(new StrictTwin.PolicyFill(RefreshFixture.PIPELINE, RefreshFixture.SOURCE,
                        RefreshFixture.PREFIX, RefreshFixture.RECORD, zoneId));
            } else {
                aws.twin.without(StrictTwin.Rule.values());
            }
            String where = twin ? "twin" : "bare";
            measure(aws, sequence, where, "first", DAY1);
            measure(aws, sequence, where, "next-day", DAY1.plus(Duration.ofDays(1)));
            measure(aws, sequence, where, "no-op", DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        }
    }

    private static void measure(MotoAccount aws, Sequence sequence, String where, String name, Instant at) {
        aws.calls.reset();
        sequence.calls.clear();
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
        Integer budget = BUDGET.get(name);
        String versus = budget == null || !where.equals("bare") ? "-" : (aws.calls.total() <= budget ? "<= " : "OVER ") + budget;
        System.out.printf("bench | %s | %s | %d | %d | %s | %d | %s | %d | %s%n", where, name, report.exitCode(), wallMs,
                Duration.between(at, clock.instant()), aws.calls.total(), versus, aws.calls.mutating(), byOperation);
        System.out.printf("order | %s | %s | %s%n", where, name, String.join(" ", sequence.calls));
        if (report.exitCode() != 0) {
            System.out.printf("bench | %s | %s failed: %s%n", where, name, report.message());
        }
    }

    /** The operations in the order the pass made them. */
    static final class Sequence implements ExecutionInterceptor {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + "(error)");
        }
    }
}
