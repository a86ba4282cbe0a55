package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loser of two overlapping runs: its create is refused, not always with "already exists".
 * The pass looks again before reporting, and carries on with the winner's resource when it is
 * this pipeline's; when it is not, or nothing is there, the failure is reported as it came.
 */
class LosingRaceTest {
    private static final Instant START = Instant.parse("2026-11-25T03:00:00Z");
    private static final String CLONE = "dev-20261125";

    private FakeClock clock;
    private FakeAws aws;

    @BeforeEach
    void setUp() {
        clock = new FakeClock(START);
        aws = new FakeAws(clock);
        aws.source("prod");
    }

    private PassReport run(RdsPort rds) {
        return new RefreshPass(rds, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(7))
                .run(RefreshPassTest.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
    }

    /** The winner's restore lands first; ours is refused the way moto and RDS sometimes answer a loser. */
    private RdsPort losingRestore(Map<String, String> winnersTags) {
        return new DelegatingRds(aws) {
            @Override
            public boolean restoreClone(CloneSpec spec) {
                aws.clone(spec.cloneId(), winnersTags, "available");
                aws.instances.remove(spec.cloneId() + "-1");
                throw new PortException("RDS RestoreDBClusterToPointInTime: DBClusterSnapshotAlreadyExistsFault: "
                        + "Cannot create the snapshot because a snapshot with the identifier ... already exists. (HTTP 400)", null);
            }
        };
    }

    @Test
    void aRestoreRefusedWithAnotherFaultCarriesOnWithTheWinnersClone() {
        PassReport report = run(losingRestore(MotoAccount.cloneTags("dev", "prod", "created", START)));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(report.exitCode()).isZero();
        assertThat(report.events()).extracting(PassReport.Event::text).contains("found already cloned by another run");
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void aRefusedRestoreWhoseNameIsTakenByAnotherPipelineFailsTouchingNothing() {
        PassReport report = run(losingRestore(MotoAccount.cloneTags("qa", "prod", "created", START)));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("not owned by pipeline dev");
        assertThat(aws.count("AddTagsToResource") + aws.count("CreateDBInstance") + aws.count("DeleteDBCluster")).isZero();
    }

    @Test
    void aRefusedRestoreWithNothingThereIsReportedAsItCame() {
        PassReport report = run(new DelegatingRds(aws) {
            @Override
            public boolean restoreClone(CloneSpec spec) {
                throw new PortException("RDS RestoreDBClusterToPointInTime: InvalidSubnet: no subnet (HTTP 400)", null);
            }
        });

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("InvalidSubnet");
    }

    @Test
    void anInstanceCreateRefusedWhileTheWinnerCreatedItCarriesOn() {
        PassReport report = run(new DelegatingRds(aws) {
            @Override
            public boolean createInstance(Action.CreateInstance a) {
                super.createInstance(a);
                throw new PortException("RDS CreateDBInstance: InternalFailure: (HTTP 500)", null);
            }
        });

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(report.events()).extracting(PassReport.Event::text)
                .contains("instance " + CLONE + "-1 found, created by another run");
    }
}
