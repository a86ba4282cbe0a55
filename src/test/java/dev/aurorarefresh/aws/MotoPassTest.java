package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Whole passes through the real adapters against a real moto server, reset before each test. */
class MotoPassTest {
    static final Instant DAY1 = Instant.parse("2026-11-24T03:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-25T03:00:00Z");
    static final String ZONE = "example.internal";
    static final String RECORD = "dev-db.example.internal";

    MotoAccount aws;
    String zoneId;
    FakeClock clock;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-postgresql");
        zoneId = aws.createZone(ZONE);
        aws.twin.enforcePolicy(new StrictTwin.PolicyFill("dev", "prod-db", "dev", List.of(RECORD, "dev-ro.example.internal"), zoneId));
        clock = new FakeClock(DAY2);
    }

    static Pipeline pipeline(String... extra) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--hosted-zone", ZONE, "--record", RECORD));
        for (int i = 0; i < extra.length; i++) { // an option given again replaces the one above; a flag alone is true
            boolean flag = i + 1 == extra.length || extra[i + 1].startsWith("--");
            options.put(extra[i], flag ? "true" : extra[++i]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.add(k + "=" + v));
        PipelineOptions parsed = new PipelineOptions();
        new CommandLine(parsed).parseArgs(args.toArray(String[]::new));
        return parsed.toPipeline();
    }

    PassReport pass(Pipeline pipeline, Set<Step> steps, boolean dryRun) {
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(pipeline, steps, dryRun);
    }

    PassReport pass(String... extra) {
        return pass(pipeline(extra), Step.ALL, false);
    }

    @Test
    void firstPassClonesWaitsAndConnects() {
        PassReport report = pass();

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusterExists("dev-20261125")).isTrue();
        assertThat(aws.instanceExists("dev-20261125-1")).isTrue();
        assertThat(aws.tagsOf("dev-20261125")).containsEntry(Tags.PIPELINE, "dev").containsEntry(Tags.SOURCE, "prod-db")
                .containsEntry(Tags.LIFECYCLE, "connected").containsEntry(Tags.CREATED_AT, "2026-11-25T03:00:00Z");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster("dev-20261125").endpoint());
        assertThat(aws.cluster("dev-20261125").engine()).isEqualTo("aurora-postgresql");
        System.out.printf("first pass: %d AWS calls (%d mutating): %s%n", aws.calls.total(), aws.calls.mutating(),
                aws.calls.snapshot());
    }

    @Test
    void secondPassTheSameDayMakesNoMutatingCall() {
        assertThat(pass().outcome()).isEqualTo(PassReport.Outcome.DONE);
        aws.calls.reset();
        clock.advance(Duration.ofHours(5));

        PassReport second = pass();

        assertThat(second.outcome()).isEqualTo(PassReport.Outcome.NOTHING_TO_DO);
        assertThat(aws.calls.mutating()).isZero();
        assertThat(second.events()).isEmpty();
        System.out.printf("no-op pass: %d AWS calls (%d mutating): %s%n", aws.calls.total(), aws.calls.mutating(),
                aws.calls.snapshot());
    }

    @Test
    void nextDayPassConnectsTheNewCloneAndDeletesYesterdays() {
        aws.createCluster("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "connected", DAY1));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster("dev-20261124").endpoint());

        PassReport report = pass();

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster("dev-20261125").endpoint());
        assertThat(aws.tagsOf("dev-20261125")).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.clusterExists("dev-20261124")).isFalse();
        assertThat(aws.instanceExists("dev-20261124-1")).isFalse();
        assertThat(report.events()).extracting(PassReport.Event::text)
                .anySatisfy(t -> assertThat(t).contains("tagged aborted").contains("replaced by dev-20261125"));
    }

    @Test
    void retainOneKeepsYesterdaysCloneTaggedAborted() {
        aws.createCluster("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "connected", DAY1));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster("dev-20261124").endpoint());

        assertThat(pass("--retain", "1").outcome()).isEqualTo(PassReport.Outcome.DONE);

        assertThat(aws.clusterExists("dev-20261124")).isTrue();
        assertThat(aws.tagsOf("dev-20261124")).containsEntry(Tags.LIFECYCLE, "aborted");
        // The day after, with retain 1, the 24th is now the second-newest aborted one and goes.
        clock.advance(Duration.ofDays(1));
        assertThat(pass("--retain", "1").outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusterExists("dev-20261124")).isFalse();
        assertThat(aws.tagsOf("dev-20261125")).containsEntry(Tags.LIFECYCLE, "aborted");
        assertThat(aws.tagsOf("dev-20261126")).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void clonesWithDeletionProtectionAreUnprotectedThenDeleted() {
        assertThat(pass("--deletion-protection").outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.cluster("dev-20261125").deletionProtection()).isTrue();
        clock.advance(Duration.ofDays(1));

        PassReport next = pass("--deletion-protection");

        assertThat(next.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusterExists("dev-20261125")).isFalse();
        assertThat(aws.cluster("dev-20261126").deletionProtection()).isTrue();
    }

    /** A clone name used twice (hourly pattern, re-created clone): its earlier final snapshot must not block the clean. */
    @Test
    void aFinalSnapshotLeftByAnEarlierCloneOfTheSameNameDoesNotBlockTheClean() {
        aws.createCluster("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "aborted", DAY1));
        aws.seedRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("dev-20261124")
                .dbClusterSnapshotIdentifier("dev-20261124-final"));

        PassReport report = pass("--final-snapshot");

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusterExists("dev-20261124")).isFalse();
        assertThat(aws.seedRds.describeDBClusterSnapshots().dbClusterSnapshots())
                .extracting(software.amazon.awssdk.services.rds.model.DBClusterSnapshot::dbClusterSnapshotIdentifier)
                .contains("dev-20261124-final")
                // stamped when the clean ran: after the pass waited for the new clone
                .anySatisfy(id -> assertThat(id).matches("dev-20261124-final-20261125\\d{6}"));
    }

    /** Day after day, clean keeps the --final-snapshot-retain newest of the pipeline's final snapshots, and another's. */
    @Test
    void finalSnapshotsBeyondTheRetainedNewestAreDeletedDayAfterDay() {
        Map<String, String> ours = MotoAccount.cloneTags("dev", "prod-db", "aborted", DAY1);
        aws.createCluster("dev-20261101", Map.of());
        aws.seedRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("dev-20261101") // our name, untagged: not ours
                .dbClusterSnapshotIdentifier("dev-20261101-final-20261101030000"));
        aws.createCluster("qa-20261102", ours);
        aws.seedRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("qa-20261102") // tagged, another prefix
                .dbClusterSnapshotIdentifier("qa-20261102-final-20261102030000")
                .tags(ours.entrySet().stream().map(e -> software.amazon.awssdk.services.rds.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList()));
        String[] options = {"--final-snapshot", "--final-snapshot-retain", "2", "--copy-tags-to-snapshot", "true"};

        List<List<String>> left = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            PassReport report = pass(options);
            assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
            left.add(aws.seedRds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                    .map(software.amazon.awssdk.services.rds.model.DBClusterSnapshot::dbClusterSnapshotIdentifier).sorted().toList());
            clock.advance(Duration.ofDays(1));
        }

        List<String> others = List.of("dev-20261101-final-20261101030000", "qa-20261102-final-20261102030000");
        assertThat(left.get(0)).containsExactlyElementsOf(others);
        assertThat(left.get(1)).containsAll(others).hasSize(3).anyMatch(id -> id.startsWith("dev-20261125-final-"));
        assertThat(left.get(4)).containsAll(others).hasSize(4)
                .anyMatch(id -> id.startsWith("dev-20261127-final-")).anyMatch(id -> id.startsWith("dev-20261128-final-"));
    }

    @Test
    void safetyFixturesAreLeftUntouched() {
        // Source "prod-db" with prefix "prod": the source itself is named like a clone and tagged aborted.
        aws.seedRds.addTagsToResource(r -> r.resourceName(aws.cluster("prod-db").dbClusterArn()).tags(
                MotoAccount.cloneTags("prod", "prod-db", "aborted", DAY1).entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.rds.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()));
        // Named like a clone, tagged aborted, but of another pipeline.
        aws.createCluster("prod-20261120", MotoAccount.cloneTags("qa", "prod-db", "aborted", DAY1));
        // Named like a clone, aborted, our pipeline but another source.
        aws.createCluster("prod-20261121", MotoAccount.cloneTags("prod", "other-db", "aborted", DAY1));
        // Same prefix, no tags at all.
        aws.createCluster("prod-20261122", Map.of());
        // Ours, tagged aborted, but the record points at it: never deleted while in use.
        aws.createCluster("prod-20261123", MotoAccount.cloneTags("prod", "prod-db", "aborted", DAY1));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster("prod-20261123").endpoint());
        Map<String, Map<String, String>> before = aws.allClusters();
        aws.twin.enforcePolicy(new StrictTwin.PolicyFill("prod", "prod-db", "prod", RECORD, zoneId));

        PassReport report = pass(pipeline("--clone-prefix", "prod", "--give-up-after", "1h"), Step.ALL, false);

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        Map<String, Map<String, String>> after = aws.allClusters();
        for (String id : List.of("prod-db", "prod-20261120", "prod-20261121", "prod-20261122")) {
            assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
        }
        // the record moved to today's clone; only then may its old target be cleaned (on a later pass)
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster("prod-20261125").endpoint());
        assertThat(aws.instanceExists("prod-db-1")).isTrue();
    }

    @Test
    void theRecordTargetSurvivesACleanPassEvenIfTaggedAborted() {
        aws.createCluster("dev-20261123", MotoAccount.cloneTags("dev", "prod-db", "aborted", DAY1));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster("dev-20261123").endpoint());

        PassReport report = pass(pipeline(), Set.of(Step.CLEAN), false);

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.NOTHING_TO_DO);
        assertThat(aws.clusterExists("dev-20261123")).isTrue();
        assertThat(aws.calls.mutating()).isZero();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        aws.createCluster("dev-20261124", MotoAccount.cloneTags("dev", "prod-db", "connected", DAY1));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster("dev-20261124").endpoint());
        Map<String, Map<String, String>> before = aws.allClusters();

        PassReport report = pass(pipeline(), Step.ALL, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.forecast().orElseThrow().entries()).extracting(e -> e.phase() + ": " + e.text()).containsExactly(
                "now: clone prod-db -> dev-20261125",
                "now: wait for AWS: cluster creating: its instances are created once it is available",
                "once AWS has finished: create instance dev-20261125-1 (db.r6g.large) in dev-20261125",
                "once AWS has finished: wait for AWS: cluster available, dev-20261125-1 creating",
                "once AWS has finished: replace the master password of dev-20261125 by one RDS keeps in a managed secret",
                "once AWS has finished: wait for AWS: cluster resetting-master-credentials, dev-20261125-1 available",
                "once AWS has finished: mark dev-20261125 ready",
                "once AWS has finished: point record " + RECORD + " from dev-20261124 ("
                        + aws.cluster("dev-20261124").endpoint() + ") to dev-20261125 (" + aws.cluster("prod-db").endpoint().replace("prod-db", "dev-20261125") + ")",
                "once AWS has finished: tag dev-20261125 connected (record switched to it)",
                "once AWS has finished: tag dev-20261124 aborted (replaced by dev-20261125)",
                "once AWS has finished: delete instance dev-20261124-1",
                "once AWS has finished: delete cluster dev-20261124");
        assertThat(aws.calls.mutating()).isZero();
        assertThat(aws.allClusters()).isEqualTo(before);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster("dev-20261124").endpoint());
    }

    @Test
    void invalidConfigurationIsReportedBeforeAnyChange() {
        aws.createZone("other.internal");
        record Case(Pipeline pipeline, String message) {
        }
        List<Case> cases = List.of(
                new Case(pipeline("--source-cluster", "nope"), "--source-cluster: no DB cluster named 'nope'"),
                new Case(pipeline("--hosted-zone", "missing.internal", "--record", "a.missing.internal"),
                        "--hosted-zone: no Route53 hosted zone named 'missing.internal'"),
                new Case(pipeline("--hosted-zone", "other.internal"),
                        "--record: 'dev-db.example.internal' is not inside hosted zone 'other.internal'"),
                new Case(pipeline("--reader-record", "ro.elsewhere.org"), "--reader-record: 'ro.elsewhere.org' is not inside"));
        for (Case c : cases) {
            aws.calls.reset();
            PassReport report = pass(c.pipeline(), Step.ALL, false);
            assertThat(report.exitCode()).as(c.message()).isEqualTo(2);
            assertThat(report.message()).startsWith(c.message());
            assertThat(aws.calls.mutating()).isZero();
        }
        assertThat(aws.clusterExists("dev-20261125")).isFalse();
    }

    @Test
    void aRecordOfAnotherTypeIsAConfigurationError() {
        aws.setRecord(zoneId, RECORD, "A", "10.0.0.1");
        PassReport report = pass();
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).contains("exists with type A");
        assertThat(aws.calls.mutating()).isZero();
    }

    @Test
    void readerRecordPointsAtTheReaderEndpoint() {
        PassReport report = pass("--reader-record", "dev-ro.example.internal", "--instance-count", "2");
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.recordValue(zoneId, "dev-ro.example.internal")).isEqualTo(aws.cluster("dev-20261125").readerEndpoint());
        assertThat(aws.instanceExists("dev-20261125-2")).isTrue();
    }

    @Test
    void aClusterWithTodaysNameNotOwnedByUsFailsTheCloneStep() {
        aws.createCluster("dev-20261125", Map.of("team", "data"));
        PassReport report = pass();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).contains("dev-20261125").contains("not owned by pipeline dev");
        assertThat(aws.calls.mutating()).isZero();
        assertThat(aws.tagsOf("dev-20261125")).isEqualTo(Map.of("team", "data"));
    }
}
