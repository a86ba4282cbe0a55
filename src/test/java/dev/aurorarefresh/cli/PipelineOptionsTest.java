package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Defaults, environment fallback and the shape of validation messages. */
class PipelineOptionsTest {

    private static Pipeline parse(Map<String, String> env, String... args) {
        return Parsing.parse(new PipelineOptions(), env, args).toPipeline();
    }

    @Test
    void defaultsFollowTheSourceName() {
        Pipeline p = parse(Map.of(), "--source-cluster", "prod-db", "--hosted-zone", "example.internal",
                "--record", "Dev-DB.Example.Internal.");
        assertThat(p.naming().prefix()).isEqualTo("prod-db-clone");
        assertThat(p.name()).isEqualTo("prod-db-clone");
        assertThat(p.record().writerRecord()).isEqualTo("dev-db.example.internal");
        assertThat(p.record().ttl()).isEqualTo(60);
        assertThat(p.settings().instanceCount()).isEqualTo(1);
        assertThat(p.retain()).isZero();
        assertThat(p.waitTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(p.giveUpAfter()).isEqualTo(Duration.ofHours(6));
        assertThat(p.settings().deletionProtection()).isFalse();
    }

    @Test
    void everyOptionCanComeFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> env = Map.of(
                "AURORA_REFRESH_SOURCE_CLUSTER", "prod-db",
                "AURORA_REFRESH_HOSTED_ZONE_ID", "/hostedzone/Z0123ABC",
                "AURORA_REFRESH_RECORD", "dev-db.example.internal",
                "AURORA_REFRESH_TTL", "300",
                "AURORA_REFRESH_DELETION_PROTECTION", "true",
                "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "sg-0123456789abcdef0, sg-00000000aaaaaaaa1",
                "AURORA_REFRESH_WAIT_TIMEOUT", "PT20M");
        Pipeline p = parse(env, "--ttl", "30");
        assertThat(p.record().ttl()).isEqualTo(30);
        assertThat(p.record().zone().isId()).isTrue();
        assertThat(p.record().zone().value()).isEqualTo("Z0123ABC");
        assertThat(p.settings().deletionProtection()).isTrue();
        assertThat(p.settings().vpcSecurityGroupIds()).contains(java.util.List.of("sg-0123456789abcdef0", "sg-00000000aaaaaaaa1"));
        assertThat(p.waitTimeout()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void variableNamesAreUpperSnakeOfTheOption() {
        assertThat(EnvDefaults.variableFor("--source-cluster")).isEqualTo("AURORA_REFRESH_SOURCE_CLUSTER");
        assertThat(EnvDefaults.variableFor("--vpc-security-group-ids")).isEqualTo("AURORA_REFRESH_VPC_SECURITY_GROUP_IDS");
    }

    @Test
    void badValuesNameTheOptionTheValueAndWhatIsValid() {
        Map<String, String> base = Map.of("AURORA_REFRESH_SOURCE_CLUSTER", "prod-db",
                "AURORA_REFRESH_HOSTED_ZONE", "example.internal", "AURORA_REFRESH_RECORD", "dev-db.example.internal");
        assertThatThrownBy(() -> parse(base, "--date-pattern", "yyyy/MM/dd")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--date-pattern: 'yyyy/MM/dd' is not valid; use a pattern that keeps names valid");
        assertThatThrownBy(() -> parse(base, "--time-zone", "Mars/Olympus"))
                .hasMessage("--time-zone: 'Mars/Olympus' is not valid; use a zone id such as UTC, Europe/Berlin or Asia/Seoul");
        assertThatThrownBy(() -> parse(base, "--retain", "-1"))
                .hasMessage("--retain: '-1' is not valid; use a whole number from 0 to 1000");
        assertThatThrownBy(() -> parse(base, "--instance-class", "r6g.large"))
                .hasMessageStartingWith("--instance-class: 'r6g.large' is not valid; use an RDS instance class such as db.r6g.large");
        assertThatThrownBy(() -> parse(base, "--wait-timeout", "soon"))
                .hasMessageStartingWith("--wait-timeout: 'soon' is not valid; use a positive duration");
        assertThatThrownBy(() -> parse(base, "--hosted-zone-id", "Z1"))
                .hasMessage("--hosted-zone / --hosted-zone-id: give exactly one of them (both are set)");
        assertThatThrownBy(() -> parse(Map.of(), "--hosted-zone", "example.internal", "--record", "a.example.internal"))
                .hasMessage("--source-cluster: missing; set it or AURORA_REFRESH_SOURCE_CLUSTER");
        assertThatThrownBy(() -> parse(base, "--clone-prefix", "dev--x"))
                .hasMessageStartingWith("--clone-prefix: 'dev--x' is not valid");
    }
}
