package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as operators run it: options from the environment, exit codes, output. The
 * commands' behaviour is tested in-process ({@code CommandsTest}); these check that the packaged
 * Quarkus application wires the same handlers, streams and JSON output.
 */
class CliIT {
    MotoAccount aws;
    String zoneId;
    JarRunner cli;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns(); // the packaged command waits in real time
        aws.createSource("prod-db", "aurora-mysql");
        zoneId = aws.createZone("example.internal");
        cli = JarRunner.against(aws.endpoint())
                .env("AURORA_REFRESH_SOURCE_CLUSTER", "prod-db")
                .env("AURORA_REFRESH_CLONE_PREFIX", "dev")
                .env("AURORA_REFRESH_HOSTED_ZONE", "example.internal")
                .env("AURORA_REFRESH_RECORD", "dev-db.example.internal");
    }

    @Test
    void runThenStatusAsJson() throws Exception {
        JarRunner.Result run = cli.run("run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("aurora-refresh run: pipeline dev").contains("result: pass complete (exit 0)")
                .contains("cloned prod-db");
        assertThat(run.stderr()).contains("tagged connected");

        JarRunner.Result again = cli.run("run");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("result: nothing to do (exit 0)").contains("(0 mutating)");

        JarRunner.Result status = cli.run("status", "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(status.stdout());
        assertThat(doc.get("pipeline").asText()).isEqualTo("dev");
        JsonNode clone = doc.get("clones").get(0);
        assertThat(clone.get("lifecycle").asText()).isEqualTo("connected");
        assertThat(clone.get("status").asText()).isEqualTo("available");
        assertThat(clone.get("recordTarget").asBoolean()).isTrue();
        assertThat(clone.get("id").asText()).startsWith("dev-");
        assertThat(doc.get("recordValue").asText()).isEqualTo(clone.get("endpoint").asText());
        assertThat(clone.get("instanceClass").asText()).isEqualTo("db.r6g.large");
        assertThat(clone.get("capacity").asText()).isEqualTo("provisioned");

        JarRunner.Result table = cli.run("status");
        assertThat(table.stdout()).contains("LIFECYCLE", "CLASS", "CAPACITY")
                .containsPattern("\\* dev-\\d{8} +connected +available +\\S+ +db\\.r6g\\.large +provisioned");
    }

    @Test
    void exitCodeTwoForBadUsageAndConfigurationWithOneLine() {
        JarRunner.Result badTtl = cli.env("AURORA_REFRESH_TTL", "soon").run("run");
        assertThat(badTtl.exitCode()).isEqualTo(2);
        assertThat(badTtl.stderr().strip()).isEqualTo(
                "aurora-refresh: invalid configuration: --ttl (from AURORA_REFRESH_TTL): 'soon' is not valid; use a whole number of seconds from 0 to 2147483647");
        assertThat(badTtl.stdout()).isEmpty();

        JarRunner.Result unknownOption = cli.run("run", "--sourcecluster", "x");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.stderr()).contains("Unknown options: '--sourcecluster'").contains("did you mean --source-cluster");

        JarRunner.Result unknownSource = cli.run("run", "--source-cluster", "nope");
        assertThat(unknownSource.exitCode()).isEqualTo(2);
        assertThat(unknownSource.stderr()).contains("--source-cluster: no DB cluster named 'nope'");
        assertThat(aws.clusterExists("dev-20261125")).isFalse();
    }

    @Test
    void helpListsEveryCommandAndTheEnvironmentRule() {
        JarRunner.Result help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("run", "clone", "wait", "connect", "clean", "status")
                .contains("AURORA_REFRESH_SOURCE_CLUSTER");
        JarRunner.Result runHelp = cli.run("run", "--help");
        assertThat(runHelp.stdout()).contains("--dry-run", "--source-cluster", "--retain", "--wait-timeout");
    }
}
