package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.cli.InProcessCli.Result;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands in-process, as the jar runs them (same error handlers, environment defaults and
 * streams) but with the pass wired to moto: exit codes, what goes to stdout and stderr, and the
 * one-line errors. {@code CliIT} runs a few of these through the packaged jar.
 */
class CommandsTest {
    static MotoAccount aws;
    static int pipelines;
    static String zoneId;

    Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void account() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-mysql");
        zoneId = aws.createZone("example.internal");
    }

    /** Each test its own pipeline (and record), so that tests do not see each other's clones. */
    @BeforeEach
    void environment() {
        pipelines++;
        env.put("AURORA_REFRESH_SOURCE_CLUSTER", "prod-db");
        env.put("AURORA_REFRESH_CLONE_PREFIX", "dev" + pipelines);
        env.put("AURORA_REFRESH_HOSTED_ZONE", "example.internal");
        env.put("AURORA_REFRESH_RECORD", "dev" + pipelines + ".example.internal");
        // the role's policy, filled in for this test's pipeline, is in force in the strict twin
        aws.twin.enforcePolicy(new StrictTwin.PolicyFill("dev" + pipelines, "prod-db", "dev" + pipelines,
                "dev" + pipelines + ".example.internal", zoneId));
        aws.calls.reset();
    }

    Result run(String... args) {
        return InProcessCli.run(new InProcessCli.MotoWiring(() -> aws), env, args);
    }

    @Test
    void runThenRunAgainThenStatusAsJsonAndAsTable() throws Exception {
        Result first = run("run");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("aurora-refresh run: pipeline dev" + pipelines)
                .contains("result: pass complete (exit 0)").contains("cloned prod-db");

        aws.calls.reset(); // a new process in real use
        Result again = run("run");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("result: nothing to do (exit 0)").contains("(0 mutating)");

        Result json = run("status", "--output", "json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.stdout());
        assertThat(doc.get("pipeline").asText()).isEqualTo("dev" + pipelines);
        JsonNode clone = doc.get("clones").get(0);
        assertThat(clone.get("id").asText()).isEqualTo("dev" + pipelines + "-20261125");
        assertThat(clone.get("lifecycle").asText()).isEqualTo("connected");
        assertThat(clone.get("status").asText()).isEqualTo("available");
        assertThat(clone.get("recordTarget").asBoolean()).isTrue();
        assertThat(clone.get("ageSeconds").isIntegralNumber()).isTrue();
        assertThat(clone.get("instances").get(0).get("status").asText()).isEqualTo("available");
        assertThat(doc.get("recordValue").asText()).isEqualTo(clone.get("endpoint").asText());

        Result table = run("status");
        assertThat(table.stdout()).contains("LIFECYCLE")
                .containsPattern("\\* dev" + pipelines + "-20261125 +connected +available");
        assertThat(run("status", "--output", "text").stdout()).as("--output text, as every command has it")
                .isEqualTo(table.stdout());
        assertThat(run("status", "--output", "table").stdout()).as("table: status's earlier name for text")
                .isEqualTo(table.stdout());
    }

    @Test
    void everyCommandTakesOneOutputTypeAndRefusesABadValueAlike() {
        for (String command : new String[] {"run", "clone", "wait", "connect", "clean", "status", "hold", "release",
                "rollback"}) {
            assertInvalid(run(command, "--output", "yaml"),
                    "aurora-refresh: invalid configuration: --output: 'yaml' is not valid; use text or json");
        }
        env.put("AURORA_REFRESH_OUTPUT", "xml");
        assertInvalid(run("status"),
                "aurora-refresh: invalid configuration: --output (from AURORA_REFRESH_OUTPUT): 'xml' is not valid; use text or json");
        env.put("AURORA_REFRESH_OUTPUT", "JSON");
        Result json = run("run", "--dry-run");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        assertThat(json.stdout()).startsWith("{");
        assertThat(aws.calls.mutating()).as("mutating AWS calls").isZero();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        Result r = run("clone", "--dry-run");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("aurora-refresh clone --dry-run: pipeline dev" + pipelines)
                .contains("would clone prod-db -> dev" + pipelines + "-20261125");
        assertThat(aws.calls.mutating()).isZero();
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() {
        env.put("AURORA_REFRESH_TTL", "not-a-number");
        Result r = run("clone", "--ttl", "120", "--dry-run");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void aBadValueIsOneLineNamingTheOptionOrItsVariableAndExitTwoWithNoCall() {
        env.put("AURORA_REFRESH_TTL", "soon");
        assertInvalid(run("run"), "aurora-refresh: invalid configuration: --ttl (from AURORA_REFRESH_TTL): 'soon' is not valid;"
                + " use a whole number of seconds from 0 to 2147483647");
        assertInvalid(run("run", "--ttl=soon"),
                "aurora-refresh: invalid configuration: --ttl: 'soon' is not valid; use a whole number of seconds from 0 to 2147483647");
        env.remove("AURORA_REFRESH_TTL");
        assertInvalid(run("run", "--wait-timeout", "0m"), "aurora-refresh: invalid configuration: --wait-timeout: '0m' is not "
                + "valid; use a positive duration such as 90s, 45m, 6h, 2d or PT45M");
        assertInvalid(run("run", "--log-format", "xml"), "--log-format: 'xml' is not valid; use text or json");
        assertInvalid(run("run", "--db-host-override", "localhost"),
                "--db-host-override: 'localhost' is not valid; use HOST:PORT such as 127.0.0.1:5432");
        assertInvalid(run("run", "--schedule-time-zone", "Europe/Berln"), "--schedule-time-zone: 'Europe/Berln' is not valid");
        // the clone's own master secret: a managed password only, and the one login
        assertInvalid(run("run", "--master-password", "keep", "--db-master-secret"),
                "aurora-refresh: invalid configuration: --db-master-secret: needs --master-password managed");
        assertInvalid(run("wait", "--master-password", "managed", "--db-master-secret", "--db-secret-arn",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-AbCdEf"),
                "aurora-refresh: invalid configuration: --db-master-secret: cannot go with --db-secret-arn;");
        assertInvalid(run("status", "--output", "yaml"), "--output");
        assertThat(aws.calls.total()).as("AWS calls").isZero();
    }

    @Test
    void aZoneByNameAndByIdIsOneLineWhereverTheyComeFrom() {
        String both = "aurora-refresh: invalid configuration: --hosted-zone / --hosted-zone-id: give exactly one of them (both are set)";
        env.remove("AURORA_REFRESH_HOSTED_ZONE");
        assertInvalid(run("run", "--hosted-zone", "example.internal", "--hosted-zone-id", "Z1"), both);
        env.put("AURORA_REFRESH_HOSTED_ZONE", "example.internal");
        assertInvalid(run("run", "--hosted-zone-id", "Z1"), both);
        env.remove("AURORA_REFRESH_HOSTED_ZONE");
        assertInvalid(run("run"), "--hosted-zone / --hosted-zone-id: give exactly one of them (neither is set)");
        assertThat(aws.calls.total()).as("AWS calls").isZero();
    }

    @Test
    void aValueAwsRejectsNamesTheVariableItCameFrom() {
        env.put("AURORA_REFRESH_HOSTED_ZONE", "nowhere.internal");
        env.put("AURORA_REFRESH_RECORD", "dev.nowhere.internal");
        assertInvalid(run("run"), "aurora-refresh: invalid configuration: --hosted-zone (from AURORA_REFRESH_HOSTED_ZONE): "
                + "no Route53 hosted zone named 'nowhere.internal'");
        assertThat(aws.calls.mutating()).isZero();
    }

    @Test
    void aMisspeltOptionSuggestsTheOneMeant() {
        Result r = run("run", "--colne-prefix=dev");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString()
                .contains("invalid usage: Unknown option: '--colne-prefix=dev'; did you mean --clone-prefix?");
        Result s = run("run", "--sourcecluster", "x");
        assertThat(s.stderr()).contains("Unknown options: '--sourcecluster'").contains("did you mean --source-cluster");
    }

    @Test
    void exitOneWhenAStepFailsWithTheReasonOnStderr() {
        String taken = "dev" + pipelines + "-20261125";
        aws.createCluster(taken, Map.of("owner", "someone-else"));
        Result r = run("run");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.errorLines()).singleElement().asString().startsWith("aurora-refresh: clone failed: cluster " + taken)
                .contains("not owned by pipeline dev" + pipelines);
        assertThat(r.stdout()).contains("(exit 1)");
        assertThat(aws.tagsOf(taken)).isEqualTo(Map.of("owner", "someone-else"));
    }

    @Test
    void helpListsEveryCommandTheEnvironmentRuleAndTheExitCodes() {
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("run", "clone", "wait", "connect", "clean", "status")
                .contains("AURORA_REFRESH_SOURCE_CLUSTER").contains("Exit codes: 0");
        Result runHelp = run("run", "--help");
        assertThat(runHelp.stdout()).contains("--dry-run", "--source-cluster", "--retain", "--wait-timeout",
                "--hosted-zone=<name>", "--hosted-zone-id=<id>");
    }

    private static void assertInvalid(Result r, String line) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.errorLines()).as("stderr").singleElement().asString().contains(line);
        assertThat(r.stdout()).as("stdout").isEmpty();
    }
}
