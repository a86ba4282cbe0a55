package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.InstanceMonitoring;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.NotFoundException;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RDS is eventually consistent: right after a clone is restored, DescribeDBClusters may not list
 * it, describing it by name may find nothing, and calls naming it may answer "not found". The pass
 * observes again instead of failing, and still makes exactly one clone. Likewise a create that
 * fails (the losing side of two overlapping runs) is looked at again before it is reported.
 */
class EventualConsistencyTest {
    /** The day and clone of {@link RefreshPassTest}, whose pipeline these passes run. */
    private static final String CLONE = RefreshPassTest.CLONE;
    private final FakeAws aws = FakeAws.at(RefreshPassTest.START);
    private final FakeClock clock = aws.clock;

    private PassReport run(RdsPort rds) {
        return aws.pass(rds, ReadinessCheck.AVAILABLE_IS_READY)
                .run(RefreshPassTest.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
    }

    @Test
    void aCloneTheListingDoesNotShowYetIsNotRestoredTwiceNorFailed() {
        AtomicInteger hiddenListings = new AtomicInteger(3);
        AtomicInteger hiddenDescribes = new AtomicInteger(2);
        RdsPort lagging = new ForwardingPorts(aws) {
            @Override
            public Clusters listClusters(String id, Optional<String> group) {
                Clusters all = super.listClusters(id, group);
                boolean hide = aws.clusters.containsKey(CLONE) && hiddenListings.getAndDecrement() > 0;
                return hide ? new Clusters(all.source(), all.clusters().stream().filter(c -> !c.id().equals(CLONE)).toList())
                        : all;
            }

            @Override
            public Optional<ClusterView> describeCluster(String id) {
                Optional<ClusterView> c = super.describeCluster(id);
                return id.equals(CLONE) && hiddenDescribes.getAndDecrement() > 0 ? Optional.empty() : c;
            }
        };

        PassReport report = run(lagging);

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.count("RestoreDBClusterToPointInTime")).as("restores asked").isGreaterThan(1);
        assertThat(aws.clusters.keySet()).containsExactly("prod-db", CLONE);
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.records).containsEntry("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
    }

    @Test
    void notFoundRightAfterCreationIsObservedAgainNotFailed() {
        AtomicInteger createNotFound = new AtomicInteger(1);
        AtomicInteger tagNotFound = new AtomicInteger(2);
        RdsPort lagging = new ForwardingPorts(aws) {
            @Override
            public boolean createInstance(Action.CreateInstance a) {
                if (createNotFound.getAndDecrement() > 0) {
                    throw new NotFoundException("RDS CreateDBInstance: DBClusterNotFoundFault: " + a.cloneId(), null);
                }
                return super.createInstance(a);
            }

            @Override
            public void addTags(String arn, Map<String, String> tags) {
                if (tagNotFound.getAndDecrement() > 0) {
                    throw new NotFoundException("RDS AddTagsToResource: DBClusterNotFoundFault: " + arn, null);
                }
                super.addTags(arn, tags);
            }
        };

        PassReport report = run(lagging);

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.instances.keySet()).contains(CLONE + "-1", CLONE + "-2");
        assertThat(aws.instances.get(CLONE + "-1").tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(clock.sleeps).as("waited before observing again").isNotEmpty();
    }

    @Test
    void aNameThatNeverAppearsEndsAtTheWaitTimeout() {
        RdsPort neverShown = new ForwardingPorts(aws) {
            @Override
            public boolean restoreClone(CloneSpec spec) {
                return false; // "already exists", yet never listed nor described
            }
        };

        PassReport report = run(neverShown);

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).startsWith("clone failed: timed out after 45m00s (--wait-timeout)")
                .contains("does not list it yet").doesNotContain("\n");
    }

    @Test
    void theRdsAdapterReportsACreateInAClusterRdsDoesNotKnowAsNotFound() {
        MotoAccount moto = MotoAccount.fresh();

        assertThatThrownBy(() -> moto.rdsPort().createInstance(new Action.CreateInstance("ghost-1", "ghost",
                "aurora-postgresql", "db.r6g.large", Optional.empty(), Map.of(), InstanceMonitoring.NONE)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("RDS CreateDBInstance");
    }

    // ---- the loser of two overlapping runs: its create is refused, not always with "already exists";
    // the pass looks again before reporting, and carries on with the winner's resource when it is ours

    /** The winner's restore lands first; ours is refused the way moto and RDS sometimes answer a loser. */
    private RdsPort losingRestore(Map<String, String> winnersTags) {
        return new ForwardingPorts(aws) {
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
        PassReport report = run(losingRestore(FakeAws.tags("dev", "prod-db", Lifecycle.CREATED, clock.instant())));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(report.exitCode()).isZero();
        assertThat(report.events()).extracting(PassReport.Event::text).contains("found already cloned by another run");
        assertThat(aws.clusters.get(CLONE).tags).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void aRefusedRestoreWhoseNameIsTakenByAnotherPipelineFailsTouchingNothing() {
        PassReport report = run(losingRestore(FakeAws.tags("qa", "prod-db", Lifecycle.CREATED, clock.instant())));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("not owned by pipeline dev");
        assertThat(aws.count("AddTagsToResource") + aws.count("CreateDBInstance") + aws.count("DeleteDBCluster")).isZero();
    }

    @Test
    void aRefusedRestoreWithNothingThereIsReportedAsItCame() {
        PassReport report = run(new ForwardingPorts(aws) {
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
        PassReport report = run(new ForwardingPorts(aws) {
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
