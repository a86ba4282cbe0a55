package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.RefreshFixture;
import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;

/**
 * Whole passes through the strict twin where its rules bite: a clone that stays creating for a
 * while, instances that may only join an available cluster, two runs racing, listings longer
 * than a page, and the source's clone group. Each pass must end with exit 0 and the account
 * converged (RefreshFixture), under the IAM policy.
 */
class StrictTwinPassTest {
    static final Instant TODAY = Instant.parse("2026-06-02T03:00:00Z");

    MotoAccount aws;
    RefreshFixture fixture;

    private void seed() {
        fixture = RefreshFixture.seed(aws, TODAY);
    }

    private PassReport pass(long seed) {
        return pass(seed, RefreshFixture.pipeline(Duration.ofMinutes(45)));
    }

    private PassReport pass(long seed, Pipeline pipeline) {
        FakeClock clock = new FakeClock(TODAY);
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(seed)).run(pipeline, Step.ALL, false);
    }

    @Test
    void aCloneCreatingForManyReadsGetsItsInstanceInTheSameRun() {
        aws = MotoAccount.fresh();
        seed();
        aws.twin.clusterCreatingReads(5);

        PassReport report = pass(1);

        assertThat(report.exitCode()).as(report.message()).isZero();
        fixture.assertConverged(RefreshFixture.cloneFor(TODAY));
        // the instance joined the clone only once it was available (a refused attempt, if any, was retried)
        assertThat(aws.proxy.count("CreateDBInstance")).isGreaterThan(aws.twin.refusals(Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER).size());
    }

    @Test
    void twoOverlappingRunsBothSucceedEveryTime() {
        for (int round = 0; round < 3; round++) {
            aws = MotoAccount.fresh();
            seed();
            aws.proxy.holdUntil("RestoreDBClusterToPointInTime", 2);
            int r = round;

            var first = CompletableFuture.supplyAsync(() -> pass(10 + r));
            var second = CompletableFuture.supplyAsync(() -> pass(20 + r));

            List<PassReport> reports = List.of(first.join(), second.join());
            assertThat(aws.proxy.count("RestoreDBClusterToPointInTime")).as("round %d: restores", r).isEqualTo(2);
            assertThat(reports).as("round %d", r).allSatisfy(p -> assertThat(p.exitCode()).as(p.message()).isZero());
            fixture.assertConverged(RefreshFixture.cloneFor(TODAY));
        }
    }

    @Test
    void moreClustersThanAPageInTheSourcesCloneGroup() {
        aws = MotoAccount.fresh();
        // an account this large has had its cluster quota raised; a clone group this large holds clones of clones
        // (AWS makes 15 copy-on-write clones of each volume), which the twin seeds as the source's own
        aws.twin.without(Rule.COPY_ON_WRITE_LIMIT).limits().quota("DBClusters", 200);
        for (int i = 0; i < 120; i++) { // another pipeline's clones of the same source: same clone group
            String id = "qa-2026" + String.format("%04d", i);
            aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").masterUsername("app")
                    .masterUserPassword("not-a-real-secret"));
            aws.twin.cloneOf(RefreshFixture.SOURCE, id);
        }
        seed(); // yesterday's clone is listed after them: on the second page

        // the pass counts the whole clone group against AWS's 15 (it cannot tell clones of clones from the source's
        // own): the operator of such a group says a full copy would be fine
        PassReport report = pass(1, Pipelines.dev().withSource(RefreshFixture.SOURCE).withDeletionProtection(true)
                .withWaitTimeout(Duration.ofMinutes(45)).withAllowFullCopy(true).build());

        assertThat(report.exitCode()).as(report.message()).isZero();
        fixture.assertConverged(RefreshFixture.cloneFor(TODAY));
        assertThat(aws.twin.pagesCut()).as("listings cut into pages").isPositive();
    }

    @Test
    void theCloneGroupFilterKeepsTheListingToTheSourcesClones() {
        List<String> nextPages = new java.util.concurrent.CopyOnWriteArrayList<>();
        aws = MotoAccount.fresh(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DescribeDbClustersRequest r && r.marker() != null && r.filters().isEmpty()) {
                    nextPages.add(r.marker());
                }
            }
        });
        aws.twin.limits().quota("DBClusters", 200); // an account this large has had its cluster quota raised
        for (int i = 0; i < 150; i++) { // clusters that are no clone of the source
            String id = "analytics-" + i;
            aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-mysql").masterUsername("app")
                    .masterUserPassword("not-a-real-secret"));
        }
        seed();

        PassReport report = pass(1);

        assertThat(report.exitCode()).as(report.message()).isZero();
        fixture.assertConverged(RefreshFixture.cloneFor(TODAY));
        // the first look reads one page of the whole listing; there being more, it lists the source's clone group
        assertThat(nextPages).as("pages of the whole listing asked after the first").isEmpty();
        assertThat(aws.twin.pagesCut()).as("only the first page of the whole listing was cut; the clone group fits in one page")
                .isEqualTo(1);
    }

    @Test
    void aStoppedSourceIsClonedAllTheSame() {
        aws = MotoAccount.fresh();
        seed();
        aws.twin.stopped(RefreshFixture.SOURCE, true);

        PassReport report = pass(1);

        assertThat(report.exitCode()).as(report.message()).isZero();
        fixture.assertConverged(RefreshFixture.cloneFor(TODAY));
    }

    @Test
    void aStoppedCloneToCleanIsLeftAndDoesNotBlockTheOthers() {
        aws = MotoAccount.fresh();
        seed();
        String older = "dev-20260530";
        aws.createCluster(older, MotoAccount.cloneTags(RefreshFixture.PIPELINE, RefreshFixture.SOURCE, "aborted",
                TODAY.minus(Duration.ofDays(3))));
        aws.twin.stopped(fixture.oldClone, true);

        PassReport report = pass(1);

        assertThat(report.exitCode()).as(report.message()).isEqualTo(1);
        assertThat(report.message()).contains(fixture.oldClone + " is stopped").contains("start");
        String today = RefreshFixture.cloneFor(TODAY);
        assertThat(aws.recordValue(fixture.zoneId, RefreshFixture.RECORD)).isEqualTo(aws.cluster(today).endpoint());
        assertThat(aws.clusterExists(older)).as("the other clone was cleaned").isFalse();
        assertThat(aws.clusterExists(fixture.oldClone)).as("the stopped clone is left").isTrue();
        assertThat(aws.twin.refusals(Rule.STOPPED_REFUSES)).as("never asked RDS to do what it refuses").isEmpty();
        fixture.assertNothingNotOursChanged();
    }
}
