package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.PrometheusText;
import dev.aurorarefresh.testing.Pushgateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged jar's metrics push and log formats, and that it listens on no port. */
class ObservabilityIT {
    private static final String[] PIPELINE = {"--source-cluster", "prod-db", "--hosted-zone", "example.internal",
            "--record", "dev-db.example.internal", "--clone-prefix", "dev"};
    private static final Pattern TEXT_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) (INFO |WARN |ERROR) \\[dev] .+");

    private MotoAccount aws;
    private Pushgateway gateway;
    private JarRunner cli;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns(); // the packaged command waits in real time
        aws.createSource("prod-db", "aurora-postgresql");
        aws.createZone("example.internal");
        gateway = Pushgateway.shared();
        cli = JarRunner.against(aws.endpoint());
    }

    private static String[] args(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(PIPELINE));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> stderrLines(JarRunner.Result r) {
        return r.stderr().isBlank() ? List.of() : List.of(r.stderr().strip().split("\n"));
    }

    private static List<JsonNode> json(List<String> lines) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            out.add(new ObjectMapper().readTree(line)); // throws if a line is not JSON
        }
        return out;
    }

    @Test
    void aRunPushesItsMetricsAndLogsJsonWithPipelineStepAndClone() throws Exception {
        JarRunner.Result r = cli.run(args("run", "--log-format", "json", "--pushgateway-url", gateway.url()));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonNode> lines = json(stderrLines(r));
        assertThat(lines).isNotEmpty().allSatisfy(l -> {
            assertThat(l.path("timestamp").asText()).isNotEmpty();
            assertThat(l.path("level").asText()).isNotEmpty();
            assertThat(l.path("mdc").path("pipeline").asText()).isEqualTo("dev");
        });
        String clone = aws.allClusters().keySet().stream().filter(id -> id.startsWith("dev-")).findFirst().orElseThrow();
        List<JsonNode> changes = lines.stream().filter(l -> !l.path("mdc").path("clone").isMissingNode()).toList();
        assertThat(changes).extracting(l -> l.path("mdc").path("step").asText()).contains("clone", "wait", "connect");
        assertThat(changes).allSatisfy(l -> assertThat(l.path("mdc").path("clone").asText()).isEqualTo(clone));
        assertThat(changes).anySatisfy(l -> assertThat(l.path("message").asText()).contains("tagged connected"));
        assertThat(lines.get(lines.size() - 1).path("message").asText())
                .isEqualTo("metrics pushed to " + gateway.url() + " (job aurora-refresh, pipeline dev)");

        // The pushed request count is the one the summary printed.
        Matcher calls = Pattern.compile("AWS calls: (\\d+)").matcher(r.stdout());
        assertThat(calls.find()).as(r.stdout()).isTrue();
        PrometheusText m = gateway.scrape();
        Map<String, String> group = Map.of("job", "aurora-refresh", "pipeline", "dev", "dry_run", "false");
        assertThat(m.series("aurora_refresh_aws_requests_total", group).stream()
                .mapToDouble(PrometheusText.Sample::value).sum()).isEqualTo(Double.parseDouble(calls.group(1)));
        assertThat(m.value("aurora_refresh_run_result", with(group, "outcome", "done"))).isEqualTo(1);
        assertThat(m.value("aurora_refresh_clones", with(group, "lifecycle", "connected"))).isEqualTo(1);
        assertThat(m.find("aurora_refresh_last_success_timestamp_seconds", group)).isPresent();
        assertThat(m.names("aurora_refresh_")).as("nothing but the job's own metrics").allSatisfy(n -> assertThat(n)
                .startsWith("aurora_refresh_"));
        assertThat(m.names("jvm_")).isEmpty();
    }

    @Test
    void anUnreachableGatewayKeepsTheExitCodeAndIsOneWarningLine() throws Exception {
        String closed = "http://127.0.0.1:" + Pushgateway.freePort();
        JarRunner.Result r = cli.env("AURORA_REFRESH_PUSHGATEWAY_URL", closed)
                .env("AURORA_REFRESH_PUSHGATEWAY_USERNAME", "pusher")
                .env("AURORA_REFRESH_PUSHGATEWAY_PASSWORD", "s3cret-pw").run(args("run"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("result: pass complete (exit 0)");
        List<String> lines = stderrLines(r);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(TEXT_LINE));
        assertThat(lines.stream().filter(l -> l.contains("WARN"))).singleElement().satisfies(l ->
                assertThat(l).contains("metrics not pushed to " + closed + ": ConnectException: Connection refused"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(".* INFO  \\[dev] wait    dev-\\d{8}: tagged ready: .*"));
        assertThat(r.stderr() + r.stdout()).doesNotContain("s3cret-pw");
    }

    @Test
    void theEnvironmentSwitchesToJsonAndADryRunPushesItsOwnGroup() throws Exception {
        JarRunner.Result r = cli.env("AURORA_REFRESH_LOG_FORMAT", "json")
                .env("AURORA_REFRESH_PUSHGATEWAY_URL", gateway.url()).run(args("run", "--dry-run"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(json(stderrLines(r))).singleElement().satisfies(l -> assertThat(l.path("message").asText())
                .isEqualTo("metrics pushed to " + gateway.url() + " (job aurora-refresh, pipeline dev, dry_run)"));
        PrometheusText m = gateway.scrape();
        Map<String, String> dry = Map.of("pipeline", "dev", "dry_run", "true");
        assertThat(m.value("aurora_refresh_run_result", with(dry, "outcome", "done"))).isEqualTo(1);
        assertThat(m.series("aurora_refresh_run_result", Map.of("dry_run", "false"))).isEmpty();
        assertThat(aws.allClusters()).containsOnlyKeys("prod-db"); // a dry run changes nothing
    }

    @Test
    void badObservabilityOptionsAreOneLineAndExitTwo() throws Exception {
        JarRunner.Result url = cli.run(args("run", "--pushgateway-url", "pushgateway:9091"));
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(stderrLines(url)).containsExactly("aurora-refresh: invalid configuration: --pushgateway-url: "
                + "'pushgateway:9091' is not valid; use an http(s) URL such as http://pushgateway.monitoring:9091");

        JarRunner.Result format = cli.env("AURORA_REFRESH_LOG_FORMAT", "xml").run(args("run"));
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(stderrLines(format)).containsExactly(
                "aurora-refresh: invalid configuration: --log-format (from AURORA_REFRESH_LOG_FORMAT): 'xml' is not valid; use text or json");
        assertThat(aws.allClusters()).containsOnlyKeys("prod-db");
    }

    @Test
    void theJobListensOnNoPort() throws Exception {
        // AWS that accepts connections and never answers: the job is up and inside its pass.
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            blackHole.setSoTimeout(60_000);
            Process p = JarRunner.against("http://127.0.0.1:" + blackHole.getLocalPort())
                    .start(args("run", "--pushgateway-url", gateway.url()));
            try (Socket held = blackHole.accept()) {
                assertThat(p.isAlive()).isTrue();
                assertThat(listeningSockets(p.pid())).as("TCP sockets the job listens on").isEmpty();
            } finally {
                p.destroyForcibly(); // it would wait for AWS's answer to shut down gracefully
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Local addresses of the TCP sockets in LISTEN state that this process holds (Linux /proc). */
    private static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // fds come and go
                }
            }
        }
        assertThat(inodes).as("the job has sockets (to AWS) at all").isNotEmpty();
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table)); // read once: the table changes as sockets come and go
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
                    listening.add(table + " " + f[1]);
                }
            }
        }
        return listening;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> m = new HashMap<>(labels);
        m.put(key, value);
        return m;
    }
}
