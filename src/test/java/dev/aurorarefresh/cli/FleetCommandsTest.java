package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.cli.InProcessCli.Result;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.PrometheusText;
import dev.aurorarefresh.testing.Pushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet (--config) in-process against moto, as CommandsTest runs single pipelines: the file's
 * checks (exit 2, one line naming file, pipeline and key, no AWS call), --only, pipelines side
 * by side, one pipeline failing while the others complete, the worst exit code, per-pipeline metrics;
 * every request allowed by the role policy of the file's pipelines (the strict twin's IAM rule).
 */
class FleetCommandsTest {
    @TempDir
    Path dir;
    MotoAccount aws;
    String zoneId;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-mysql");
        zoneId = aws.createZone("example.internal");
        roleOf(THREE);
        aws.calls.reset();
    }

    /**
     * Every request from now on must be allowed by the role policy of the fleet's pipelines, as
     * `iam-policy --config` generates it from the same file (one role, as the deploy side runs a fleet).
     */
    void roleOf(String yaml) {
        aws.twin.enforcePolicyOf(Parsing.fleet(yaml, Map.of()), zoneId);
    }

    Result run(String... args) {
        return InProcessCli.run(new InProcessCli.MotoWiring(() -> aws), env, args);
    }

    String file(String yaml) throws IOException {
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    static final String THREE = """
            defaults:
              hosted-zone: example.internal
              source-cluster: prod-db
            pipelines:
              - pipeline: dev
                clone-prefix: dev
                record: dev-db.example.internal
              - pipeline: qa
                clone-prefix: qa
                record: qa-db.example.internal
                reader-record: qa-ro.example.internal
              - pipeline: perf
                clone-prefix: perf
                record: perf-db.example.internal
            """;

    @Test
    void aFleetOfThreeRefreshesEachThenHasNothingToDoAndStatusShowsThemAll() throws Exception {
        String f = file(THREE);
        Result r = run("run", "--config", f, "--parallel", "2");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        for (String p : List.of("dev", "qa", "perf")) {
            assertThat(r.stdout()).contains("aurora-refresh run: pipeline " + p);
            assertThat(aws.tagsOf(p + "-20261125")).containsEntry("aurora-refresh:lifecycle", "connected");
            assertThat(aws.recordValue(zoneId, p + "-db.example.internal")).isEqualTo(aws.cluster(p + "-20261125").endpoint());
        }
        assertThat(r.stdout()).containsPattern("fleet: 3 pipelines: 3 done, 0 nothing to do, 0 failed \\(exit 0\\) in \\S+; "
                + "AWS calls: \\d+ \\(\\d+ mutating\\)");

        aws.calls.reset(); // a new process in real use
        Result again = run("run", "--config", f, "--output", "json");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        JsonNode doc = new ObjectMapper().readTree(again.stdout());
        assertThat(doc.get("pipelines")).hasSize(3);
        assertThat(doc.get("nothingToDo").asInt()).isEqualTo(3);
        assertThat(doc.get("pipelines").get(1).get("pipeline").asText()).isEqualTo("qa");
        assertThat(doc.get("pipelines").get(1).get("awsCalls").get("mutating").asInt()).isZero();
        assertThat(doc.get("pipelines").get(1).get("awsCalls").get("total").asInt()).isPositive();

        Result table = run("status", "--config", f);
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout()).contains("pipeline dev, source prod-db", "pipeline qa, source prod-db",
                "pipeline perf, source prod-db").containsPattern("\\* qa-20261125 +connected");
        JsonNode status = new ObjectMapper().readTree(run("status", "--config", f, "--output", "json").stdout());
        assertThat(status.get("pipelines")).extracting(p -> p.get("pipeline").asText()).containsExactly("dev", "qa", "perf");
    }

    @Test
    void onlyRunsTheNamedPipelinesFromTheFileTextInTheEnvironment() {
        env.put(FleetOptions.CONFIG_YAML, THREE);
        Result r = run("run", "--only", "qa,perf");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("pipeline qa", "pipeline perf").doesNotContain("pipeline dev")
                .contains("fleet: 2 pipelines: 2 done");
        assertThat(aws.clusterExists("dev-20261125")).isFalse();
        assertThat(aws.clusterExists("qa-20261125")).isTrue();
    }

    @Test
    void aPipelineWhoseSourceDoesNotExistFailsAloneAndTheExitCodeSaysSo() throws IOException {
        String yaml = THREE.replace("""
                  - pipeline: qa
                """, """
                  - pipeline: qa
                    source-cluster: prod-gone
                """);
        roleOf(yaml);
        Result r = run("run", "--config", file(yaml));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).filteredOn(l -> l.startsWith("aurora-refresh:")).singleElement().asString()
                .contains("pipeline qa").contains("prod-gone");
        assertThat(aws.tagsOf("dev-20261125")).containsEntry("aurora-refresh:lifecycle", "connected");
        assertThat(aws.tagsOf("perf-20261125")).containsEntry("aurora-refresh:lifecycle", "connected");
        assertThat(r.stdout()).contains("fleet: 3 pipelines: 2 done, 0 nothing to do, 1 failed (exit 2)");
    }

    @Test
    void theExitCodeIsTheWorstPipelines() throws IOException {
        aws.createCluster("qa-20261125", Map.of("owner", "someone-else")); // qa's clone step fails: exit 1
        Result one = run("run", "--config", file(THREE));
        assertThat(one.exitCode()).as(one.stderr()).isEqualTo(1);
        assertThat(one.stderr()).contains("aurora-refresh: pipeline qa: clone failed: cluster qa-20261125");
        assertThat(aws.tagsOf("dev-20261125")).containsEntry("aurora-refresh:lifecycle", "connected");

        String perfWithoutSource = THREE.replace("clone-prefix: perf", "clone-prefix: perf\n    source-cluster: nope");
        roleOf(perfWithoutSource);
        Result two = run("run", "--config", file(perfWithoutSource));
        assertThat(two.exitCode()).as("a pipeline invalid (2) beats one failed (1)").isEqualTo(2);
    }

    @Test
    void metricsArePushedPerPipeline() throws IOException {
        Pushgateway gateway = Pushgateway.shared();
        gateway.wipe();
        Result r = run("run", "--config", file(THREE), "--only", "dev,qa", "--pushgateway-url", gateway.url());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        PrometheusText m = gateway.scrape();
        for (String p : List.of("dev", "qa")) {
            Map<String, String> group = Map.of("job", "aurora-refresh", "pipeline", p, "dry_run", "false");
            assertThat(m.value("aurora_refresh_run_result", with(group, "outcome", "done"))).isEqualTo(1);
            assertThat(m.series("aurora_refresh_aws_requests_total", group)).isNotEmpty();
        }
        assertThat(m.series("aurora_refresh_run_result", Map.of("pipeline", "perf"))).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    @Test
    void holdAppliesToEachSelectedPipelineAndRollbackWantsOne() throws IOException {
        String f = file(THREE);
        assertThat(run("run", "--config", f).exitCode()).isZero();
        Result hold = run("hold", "--config", f, "--only", "dev,qa", "--reason", "demo");
        assertThat(hold.exitCode()).as(hold.stderr()).isZero();
        assertThat(hold.stdout()).contains("aurora-refresh hold: pipeline dev", "aurora-refresh hold: pipeline qa")
                .doesNotContain("pipeline perf");
        assertThat(run("status", "--config", f, "--only", "qa").stdout()).contains("held");
        assertThat(run("status", "--config", f, "--only", "perf").stdout()).doesNotContain("held");

        Result rollback = run("rollback", "--config", f);
        assertInvalid(rollback, "--only: rollback acts on one pipeline; name it with --only (one of dev, qa, perf)");
    }

    @Test
    void everyProblemOfTheFileIsOneLineNamingFilePipelineAndKeyBeforeAnyAwsCall() throws IOException {
        String entry = THREE.substring(0, THREE.indexOf("  - pipeline: qa"));
        assertInvalid(run("run", "--config", file(entry + "    clone-prefx: x\n")),
                "fleet.yaml: pipeline dev: unknown key 'clone-prefx'; did you mean clone-prefix?");
        assertInvalid(run("run", "--config", file(entry + "    ttl: soon\n")),
                "fleet.yaml: pipeline dev: ttl: 'soon' is not valid; use a whole number of seconds");
        assertInvalid(run("run", "--config", file(THREE.replace("defaults:\n", "defaults:\n  ttl: -1\n"))),
                "fleet.yaml: pipeline dev: ttl (from defaults): '-1' is not valid");
        assertInvalid(run("run", "--config", file(entry + "    db-password: hunter2\n")),
                "fleet.yaml: pipeline dev: db-password: a password does not go in the file; credentials stay in the "
                        + "environment (AURORA_REFRESH_DB_PASSWORD), in --db-password-file, or in Secrets Manager (--db-secret-arn)");
        assertThat(run("run", "--config", file(entry + "    db-password: hunter2\n")).stderr()).doesNotContain("hunter2");
        // master-password is a mode, not a password: the file may set it (and its probes' login by the clone's secret)
        assertInvalid(run("run", "--config", file(entry + "    master-password: keep\n    db-master-secret: true\n")),
                "fleet.yaml: pipeline dev: db-master-secret: needs --master-password managed");
        assertInvalid(run("run", "--config", file(entry + "    dry-run: true\n")),
                "fleet.yaml: pipeline dev: dry-run: is run-wide, not per pipeline; give --dry-run on the command line");
        assertInvalid(run("run", "--config", file(THREE.replace("pipeline: qa", "pipeline: dev"))),
                "fleet.yaml: pipeline dev: pipeline: 'dev' names two pipelines");
        assertInvalid(run("run", "--config", file(THREE.replace("record: perf-db", "record: qa-ro"))),
                "fleet.yaml: pipeline perf: record: 'qa-ro.example.internal' is also a record of pipeline qa");
        assertInvalid(run("run", "--config", file(THREE.replace("clone-prefix: qa", "clone-prefix: dev-eu"))),
                "fleet.yaml: pipeline qa: clone-prefix: 'dev-eu' and pipeline dev's 'dev': one begins the other");
        assertInvalid(run("run", "--config", file(THREE.replace("  source-cluster: prod-db\n", ""))),
                "fleet.yaml: pipeline dev: source-cluster: missing");
        assertInvalid(run("run", "--config", file(THREE), "--record", "one.example.internal"),
                "fleet.yaml: pipeline qa: record: 'one.example.internal' is also a record of pipeline dev");
        assertInvalid(run("run", "--config", file(THREE), "--only", "dev,prod"),
                "--only: no pipeline 'prod' in " + dir.resolve("fleet.yaml") + "; use one of dev, qa, perf");
        assertInvalid(run("run", "--config", dir.resolve("missing.yaml").toString()),
                "--config: cannot read '" + dir.resolve("missing.yaml") + "' (NoSuchFile)");
        assertInvalid(run("run", "--config", file("pipelines: [dev\n")), "fleet.yaml: not valid YAML at line");
        assertInvalid(run("run", "--config", file("defaults:\n  ttl: 60\n")), "fleet.yaml: no 'pipelines' list");
        assertInvalid(run("run", "--config", file(THREE), "--parallel", "0"), "--parallel: '0' is not valid; use a whole number from 1 to 32");
        assertInvalid(run("run", "--only", "dev"), "--only: only with a fleet; give --config FILE (or AURORA_REFRESH_CONFIG_YAML)");
        env.put(FleetOptions.CONFIG_YAML, THREE);
        assertInvalid(run("run", "--config", file(THREE)), "--config / AURORA_REFRESH_CONFIG_YAML: give the fleet one way (both are set)");
        env.remove(FleetOptions.CONFIG_YAML);
        env.put("AURORA_REFRESH_CONFIG", file(THREE.replace("ttl", "x") + "    ttl: 7d\n"));
        assertInvalid(run("status"), "fleet.yaml: pipeline perf: ttl: '7d' is not valid");
        assertThat(aws.calls.total()).as("AWS calls").isZero();
        assertThat(aws.proxy.requests()).as("requests reaching the twin").isEmpty();
    }

    private static void assertInvalid(Result r, String line) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.errorLines()).as("stderr").singleElement().asString().startsWith("aurora-refresh: invalid configuration: ")
                .contains(line);
        assertThat(r.stdout()).as("stdout").isEmpty();
    }
}
