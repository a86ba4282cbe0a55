package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.Readiness;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the wait step treats a readiness check that is not passing yet. */
class ReadinessWaitTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T02:00:00Z"));
    private final FakeAws aws = new FakeAws(clock);

    private PassReport run(ReadinessCheck readiness, Duration waitTimeout) {
        aws.source("prod-db");
        Pipeline pipeline = Pipelines.dev().withSource("prod-db").withRecord(aws.zoneName, "dev-db." + aws.zoneName)
                .withWaitTimeout(waitTimeout).build();
        return new RefreshPass(aws, aws, readiness, clock, clock, new Random(3)).run(pipeline, Step.ALL, false);
    }

    @Test
    void aProbeThatPassesOnItsEighthTryIsWaitedForNotTakenForAStuckPlan() {
        int[] tries = {0};
        PassReport report = run(clone -> ++tries[0] < 8 ? new Readiness.Unready("TCP probe: Connection refused")
                : new Readiness.Ready(Map.of(Tags.HOOKS_DIGEST, "abc")), Duration.ofMinutes(45));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(tries[0]).isEqualTo(8);
        assertThat(aws.describeCluster("dev-20260301").orElseThrow().tags()).containsEntry(Tags.LIFECYCLE, "connected")
                .containsEntry(Tags.HOOKS_DIGEST, "abc");
        assertThat(aws.records).containsEntry("dev-db." + aws.zoneName, "dev-20260301.cluster-fake.rds.local");
    }

    @Test
    void aProbeThatNeverPassesTimesOutWithItsLastError() {
        int[] tries = {0};
        PassReport report = run(clone -> new Readiness.Unready("SQL probe: attempt " + ++tries[0]), Duration.ofMinutes(5));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).startsWith("wait failed: timed out after 5m").contains("SQL probe: attempt " + tries[0]);
        assertThat(aws.describeCluster("dev-20260301").orElseThrow().tags()).containsEntry(Tags.LIFECYCLE, "created");
        assertThat(aws.records).isEmpty();
    }
}
