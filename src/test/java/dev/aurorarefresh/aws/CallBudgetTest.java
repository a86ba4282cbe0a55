package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.RefreshFixture;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's call budget on bare moto (moto's own behaviour, every twin rule off): a next-day pass
 * makes at most 26 AWS calls (issue 12's 22, plus issue 21's two: the account's quotas read before
 * the restore, and deletion protection turned on once the clone is available; plus issue 22's three:
 * the master password replaced by default, ModifyDBCluster ManageMasterUserPassword, and the look
 * after it, DescribeDBClusters and DescribeDBInstances), a pass with nothing
 * to do at most 4 (docs/operations.md, AWS calls;
 * scripts/bench-passes.sh prints the figures).
 */
class CallBudgetTest {
    static final Instant DAY1 = Instant.parse("2026-03-02T03:00:00Z");

    @Test
    void aNextDayPassAndANoOpPassStayWithinTheBudget() {
        MotoAccount aws = MotoAccount.fresh();
        aws.twin.without(StrictTwin.Rule.values());
        aws.createSource(RefreshFixture.SOURCE, "aurora-postgresql");
        aws.createZone(RefreshFixture.ZONE);
        assertThat(pass(aws, DAY1).exitCode()).isZero();

        aws.calls.reset();
        PassReport nextDay = pass(aws, DAY1.plus(Duration.ofDays(1)));
        assertThat(nextDay.outcome()).as(nextDay.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.calls.total()).as("next-day pass: %s", aws.calls.snapshot()).isLessThanOrEqualTo(26);

        aws.calls.reset();
        PassReport noOp = pass(aws, DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        assertThat(noOp.outcome()).as(noOp.message()).isEqualTo(PassReport.Outcome.NOTHING_TO_DO);
        assertThat(aws.calls.total()).as("no-op pass: %s", aws.calls.snapshot()).isLessThanOrEqualTo(4);
    }

    private static PassReport pass(MotoAccount aws, Instant at) {
        FakeClock clock = new FakeClock(at);
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new java.util.Random(1)).run(RefreshFixture.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
    }
}
