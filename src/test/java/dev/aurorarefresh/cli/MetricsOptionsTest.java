package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.metrics.PushTarget;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --pushgateway-url, --metrics-job and the basic-auth variables, as parsed from flags and environment. */
class MetricsOptionsTest {

    @Command
    static class Holder {
        @Mixin
        MetricsOptions metrics;
    }

    private static MetricsOptions parse(Map<String, String> env, String... args) {
        return Parsing.parse(new Holder(), env, args).metrics;
    }

    @Test
    void offUnlessAUrlIsGiven() {
        assertThat(parse(Map.of()).target(Map.of())).isEmpty();
        assertThat(parse(Map.of(MetricsOptions.USERNAME, "u")).target(Map.of(MetricsOptions.USERNAME, "u"))).isEmpty();
    }

    @Test
    void theUrlAndJobComeFromFlagsOrEnvironment() {
        PushTarget flag = parse(Map.of(), "--pushgateway-url", "http://pushgateway.monitoring:9091").target(Map.of())
                .orElseThrow();
        assertThat(flag.where()).isEqualTo("http://pushgateway.monitoring:9091");
        assertThat(flag.job()).isEqualTo("aurora-refresh");
        assertThat(flag.credentials()).isEmpty();

        Map<String, String> env = Map.of("AURORA_REFRESH_PUSHGATEWAY_URL", "https://gw.example.internal/push",
                "AURORA_REFRESH_METRICS_JOB", "db-refresh");
        PushTarget fromEnv = parse(env).target(env).orElseThrow();
        assertThat(fromEnv.where()).isEqualTo("https://gw.example.internal/push");
        assertThat(fromEnv.job()).isEqualTo("db-refresh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pushgateway:9091", "ftp://gw:21", "http://", "http://gw:9091/?x=1", "http://gw:9091/#top",
            "http://gw :9091", "file:///tmp/x"})
    void aBadUrlIsOneLineNamingTheOption(String url) {
        assertThatThrownBy(() -> parse(Map.of(), "--pushgateway-url", url).target(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--pushgateway-url: '" + url + "' is not valid; use an http(s) URL such as "
                        + "http://pushgateway.monitoring:9091");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> parse(Map.of(), "--pushgateway-url", "http://pusher:s3cret@gw:9091").target(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AURORA_REFRESH_PUSHGATEWAY_USERNAME")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void basicAuthComesFromTheEnvironmentInPairsAndIsNeverPrinted() {
        Map<String, String> env = Map.of(MetricsOptions.USERNAME, "pusher", MetricsOptions.PASSWORD, "s3cret");
        PushTarget t = parse(Map.of(), "--pushgateway-url", "http://gw:9091").target(env).orElseThrow();
        assertThat(t.credentials()).hasValue(new PushTarget.Credentials("pusher", "s3cret"));
        assertThat(t.toString()).doesNotContain("s3cret");

        assertThatThrownBy(() -> parse(Map.of(), "--pushgateway-url", "http://gw:9091")
                .target(Map.of(MetricsOptions.PASSWORD, "s3cret")))
                .hasMessage("AURORA_REFRESH_PUSHGATEWAY_USERNAME / AURORA_REFRESH_PUSHGATEWAY_PASSWORD: "
                        + "set both for basic auth, or neither");
        assertThatThrownBy(() -> parse(Map.of(), "--pushgateway-url", "http://gw:9091")
                .target(Map.of(MetricsOptions.USERNAME, "a:b", MetricsOptions.PASSWORD, "s3cret")))
                .hasMessage("AURORA_REFRESH_PUSHGATEWAY_USERNAME: must not contain ':' (basic auth)");
    }

    @Test
    void aBadJobIsOneLine() {
        assertThatThrownBy(() -> parse(Map.of(), "--pushgateway-url", "http://gw:9091", "--metrics-job", "a b")
                .target(Map.of()))
                .hasMessage("--metrics-job: 'a b' is not valid; use 1-128 letters, digits or _ . : -");
    }

    @Test
    void theScheduleAndItsZoneComeFromFlagsOrEnvironment() {
        Map<String, String> env = Map.of("AURORA_REFRESH_PUSHGATEWAY_URL", "http://gw:9091",
                "AURORA_REFRESH_SCHEDULE", "30 5 * * 1-5", "AURORA_REFRESH_SCHEDULE_TIME_ZONE", "Europe/Berlin");
        PushTarget t = parse(env).target(env).orElseThrow();
        assertThat(t.schedule()).hasValueSatisfying(s -> {
            assertThat(s.line()).isEqualTo("30 5 * * 1-5");
            assertThat(s.zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        });
        assertThat(parse(Map.of(), "--pushgateway-url", "http://gw:9091", "--schedule", "@daily").target(Map.of())
                .orElseThrow().schedule()).hasValueSatisfying(s -> assertThat(s.zone()).isEqualTo(java.time.ZoneId.of("UTC")));
        assertThat(parse(Map.of(), "--pushgateway-url", "http://gw:9091").target(Map.of()).orElseThrow().schedule()).isEmpty();
        // checked without a Pushgateway too: the typo shows before metrics are switched on
        assertThatThrownBy(() -> parse(Map.of(), "--schedule", "30 5 * * 1-8").target(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--schedule: '30 5 * * 1-8' is not valid; use a cron line of 5 fields");
    }
}
