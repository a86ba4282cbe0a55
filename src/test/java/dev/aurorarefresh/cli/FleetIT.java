package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --config} through the packaged jar: the YAML reader is in the application, the
 * pipelines run side by side, every log line names its pipeline, one summary block per pipeline;
 * every request allowed by the role policy of the file's pipelines.
 * The behaviour is tested in-process ({@code FleetCommandsTest}).
 */
class FleetIT {
    @TempDir
    Path dir;

    @Test
    void runConfigRefreshesEveryPipelineOfTheFile() throws Exception {
        MotoAccount aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns(); // the packaged command waits in real time
        aws.createSource("prod-db", "aurora-mysql");
        String zoneId = aws.createZone("example.internal");
        aws.twin.enforcePolicyOf(Parsing.fleet(FleetCommandsTest.THREE, Map.of()), zoneId); // the fleet's one role
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, FleetCommandsTest.THREE);
        JarRunner.Result r = JarRunner.against(aws.endpoint()).run("run", "--config", file.toString(), "--only", "dev,qa");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("aurora-refresh run: pipeline dev", "aurora-refresh run: pipeline qa")
                .contains("fleet: 2 pipelines: 2 done, 0 nothing to do, 0 failed (exit 0)");
        assertThat(r.stderr().lines().filter(l -> l.contains("tagged connected")))
                .anySatisfy(l -> assertThat(l).contains("[dev]")).anySatisfy(l -> assertThat(l).contains("[qa]"));
        assertThat(aws.clusterExists("dev-" + r.stdout().replaceAll("(?s).*dev-(\\d{8}).*", "$1"))).isTrue();

        JarRunner.Result badEndpoint = JarRunner.against(aws.endpoint()).env("AWS_ENDPOINT_URL_RDS", "ftp://rds.local")
                .run("run", "--config", file.toString());
        assertThat(badEndpoint.exitCode()).as("AWS settings are checked once, before any pipeline").isEqualTo(2);
        assertThat(badEndpoint.stderr().lines().filter(l -> l.startsWith("aurora-refresh:"))).singleElement().asString()
                .contains("AWS_ENDPOINT_URL_RDS: 'ftp://rds.local' is not valid");

        JarRunner.Result bad = JarRunner.against(aws.endpoint()).env(FleetOptions.CONFIG_YAML, "pipelines:\n  - ttl: soon\n")
                .run("run");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().strip()).isEqualTo("aurora-refresh: invalid configuration: AURORA_REFRESH_CONFIG_YAML: "
                + "pipeline #1: ttl: 'soon' is not valid; use a whole number of seconds from 0 to 2147483647");
    }
}
