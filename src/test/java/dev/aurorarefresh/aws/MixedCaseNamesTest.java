package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RDS stores identifiers in lower case: a prefix or date pattern with capitals still finds its own clone. */
class MixedCaseNamesTest {

    @Test
    void aPrefixAndDatePatternWithCapitalsConvergeOnTheLowerCaseClone() {
        MotoAccount aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-postgresql");
        String zone = aws.createZone("example.internal");
        // AWS keeps identifiers in lower case: the policy names the clones qa-*
        aws.twin.enforcePolicy(new StrictTwin.PolicyFill("QA", "prod-db", "qa", "qa-db.example.internal", zone));
        Pipeline pipeline = Pipelines.dev().withName("QA", "QA", "yyyyMMMdd").withSource("prod-db")
                .withRecord("example.internal", "qa-db.example.internal").build();
        FakeClock clock = new FakeClock(Instant.parse("2026-11-25T06:00:00Z"));
        RefreshPass pass = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1));

        PassReport first = pass.run(pipeline, Step.ALL, false);
        aws.calls.reset();
        PassReport second = pass.run(pipeline, Step.ALL, false);

        assertThat(first.exitCode()).as(first.message()).isZero();
        assertThat(aws.tagsOf("qa-2026nov25")).containsEntry(Tags.LIFECYCLE, "connected").containsEntry(Tags.PIPELINE, "QA");
        assertThat(aws.recordValue(zone, "qa-db.example.internal")).isEqualTo(aws.cluster("qa-2026nov25").endpoint());
        assertThat(second.outcome()).as(second.message()).isEqualTo(PassReport.Outcome.NOTHING_TO_DO);
        assertThat(aws.calls.mutating()).isZero();
    }
}
