package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.CloneNaming;
import dev.aurorarefresh.core.CloneSettings;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
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
        Pipeline pipeline = new Pipeline("QA", "prod-db", new CloneNaming("QA", "yyyyMMMdd", ZoneOffset.UTC),
                new RecordTarget(new RecordTarget.ZoneRef("example.internal", false), "qa-db.example.internal",
                        Optional.empty(), 60),
                new CloneSettings(Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), false, false),
                0, Duration.ofMinutes(45), Duration.ofHours(6));
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
