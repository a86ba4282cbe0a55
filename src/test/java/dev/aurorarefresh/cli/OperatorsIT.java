package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.RefreshFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Operators in control, through the packaged jar: forecast, grace period, rollback, hold. Against
 * moto behind the strict twin ({@link RefreshFixture#forPackagedRuns}): its rules, the API models,
 * and the role policy (iam/policy.json filled for the fixture's pipeline) hold every request.
 */
class OperatorsIT {
    private static final String RECORD = RefreshFixture.RECORD;

    RefreshFixture fixture;
    MotoAccount aws;
    String zoneId;
    JarRunner cli;
    String today;
    String yesterday;

    @BeforeEach
    void setUp() {
        Instant now = Instant.now();
        fixture = RefreshFixture.forPackagedRuns(now); // yesterday's clone connected, the record on it
        aws = fixture.aws;
        zoneId = fixture.zoneId;
        today = RefreshFixture.cloneFor(now);
        yesterday = fixture.oldClone;
        cli = RefreshFixture.cli(aws.endpoint())
                .env("AURORA_REFRESH_SOURCE_CLUSTER", "prod-db")
                .env("AURORA_REFRESH_CLONE_PREFIX", "dev")
                .env("AURORA_REFRESH_HOSTED_ZONE", "example.internal")
                .env("AURORA_REFRESH_RECORD", RECORD)
                .env("AURORA_REFRESH_KEEP_REPLACED_FOR", "2h");
    }

    @Test
    void theDryRunForecastsTheWholePassAsTextAndJson() throws Exception {
        JarRunner.Result text = cli.run("run", "--dry-run");
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.stdout()).contains("would clone prod-db -> " + today, "once AWS has finished:",
                "would create instance " + today + "-1", "would mark " + today + " ready",
                "would point record " + RECORD + " from " + yesterday, "would tag " + yesterday + " aborted");

        JarRunner.Result json = cli.run("run", "--dry-run", "--output", "json");
        assertThat(json.exitCode()).as(json.all()).isZero();
        JsonNode plan = new ObjectMapper().readTree(json.stdout()).get("plan");
        assertThat(plan.get(0).get("action").asText()).isEqualTo("CreateClone");
        assertThat(plan.get(0).get("phase").asText()).isEqualTo("now");
        assertThat(plan.findValuesAsText("action")).contains("CreateInstance", "PromoteReady", "SwitchRecord", "SetLifecycle");
        assertThat(aws.clusterExists(today)).as("a dry run changes nothing").isFalse();
    }

    @Test
    void aReplacedCloneIsKeptForItsGracePeriodAndDeletedAfterIt() {
        JarRunner.Result run = cli.run("run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("kept " + yesterday + ": grace period (--keep-replaced-for) left");
        assertThat(aws.tagsOf(yesterday)).containsEntry(Tags.LIFECYCLE, "aborted").containsKey(Tags.ABORTED_AT);
        assertThat(Instant.parse(aws.tagsOf(yesterday).get(Tags.ABORTED_AT))).isCloseTo(Instant.now(), within(Duration.ofMinutes(5)));

        JarRunner.Result status = cli.run("status");
        assertThat(status.stdout()).contains(yesterday + ": replaced, kept 1h");

        retag(yesterday, Tags.ABORTED_AT, Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS).toString());
        JarRunner.Result clean = cli.run("clean");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(clean.stdout()).contains(yesterday + ": deleting cluster");
        fixture.assertNothingNotOursChanged();
    }

    @Test
    void rollbackReturnsToTheReplacedCloneAndARunTheSameDayKeepsIt() {
        assertThat(cli.run("run").exitCode()).isZero();
        String todaysEndpoint = aws.cluster(today).endpoint();

        JarRunner.Result dry = cli.run("rollback", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.stdout()).contains("would point record at " + yesterday, "would tag " + today + " aborted");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(todaysEndpoint);

        JarRunner.Result back = cli.run("rollback");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(back.stdout()).contains("rolled back to " + yesterday + " from " + today);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(yesterday).endpoint());
        assertThat(aws.tagsOf(yesterday)).containsEntry(Tags.LIFECYCLE, "connected").containsKey(Tags.ROLLED_BACK_AT);
        assertThat(aws.tagsOf(today)).containsEntry(Tags.LIFECYCLE, "aborted");

        JarRunner.Result again = cli.run("run");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(aws.recordValue(zoneId, RECORD)).as("no switch back the same day").isEqualTo(aws.cluster(yesterday).endpoint());
        assertThat(aws.tagsOf(today)).containsEntry(Tags.LIFECYCLE, "aborted");
        assertThat(again.stdout()).contains("kept " + today);
        fixture.assertNothingNotOursChanged();
    }

    @Test
    void nothingToRollBackToFailsWithOneLineAndChangesNothing() {
        Map<String, Map<String, String>> before = aws.allClusters();
        JarRunner.Result r = cli.run("rollback");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith("aurora-refresh: nothing to roll back to: no retained aborted clone")
                .doesNotContain("\n");
        assertThat(aws.allClusters()).isEqualTo(before);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(yesterday).endpoint());
    }

    @Test
    void aHeldPipelineClonesAndSwitchesNothingUntilReleased() {
        JarRunner.Result hold = cli.run("hold", "--reason", "QA cycle 42");
        assertThat(hold.exitCode()).as(hold.all()).isZero();
        assertThat(aws.tagsOf(yesterday)).containsEntry(Tags.HOLD_REASON, "QA cycle 42").containsKey(Tags.HELD_SINCE);

        JarRunner.Result held = cli.run("run");
        assertThat(held.exitCode()).as(held.all()).isZero();
        assertThat(held.stdout()).containsPattern("held since \\S+ : QA cycle 42");
        assertThat(aws.clusterExists(today)).isFalse();
        assertThat(cli.run("status").stdout()).contains("held since").contains("QA cycle 42");

        JarRunner.Result release = cli.run("release");
        assertThat(release.exitCode()).as(release.all()).isZero();
        JarRunner.Result run = cli.run("run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(today).endpoint());
    }

    @Test
    void badInputForEachNewOptionIsOneLineExitTwoAndNoChange() {
        Map<String, Map<String, String>> before = aws.allClusters();
        String[][] bad = {
                {"run", "--keep-replaced-for", "-1h"},
                {"clean", "--keep-replaced-for", "forever"},
                {"run", "--dry-run", "--output", "yaml"},
                {"hold", "--reason", "broken; really"},
                {"hold"},
                {"rollback", "--to", "not_a_clone"},
        };
        for (String[] args : bad) {
            JarRunner.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.all()).isEqualTo(2);
            assertThat(r.stderr().strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.stderr()).startsWith("aurora-refresh: invalid ");
        }
        assertThat(aws.allClusters()).isEqualTo(before);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(yesterday).endpoint());
    }

    private void retag(String clusterId, String key, String value) {
        aws.seedRds.addTagsToResource(r -> r.resourceName(aws.cluster(clusterId).dbClusterArn())
                .tags(Tag.builder().key(key).value(value).build()));
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}
