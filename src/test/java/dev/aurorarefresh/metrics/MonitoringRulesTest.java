package dev.aurorarefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard in k8s/monitoring: they parse, name only metrics the job
 * pushes, and the alerts fire when they should (promtool's rule unit tests).
 */
class MonitoringRulesTest {
    private static final Path RULES = Path.of("k8s/monitoring/prometheus-rules.yaml");
    private static final Path DASHBOARD = Path.of("k8s/monitoring/grafana-dashboard.json");
    private static final String PROMTOOL = "/usr/bin/promtool";
    /** A metric selector: a name followed by a label matcher, or any of our names. */
    private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{|\\b(aurora_refresh_[a-z_]+)");

    private static Set<String> emitted;
    private static JsonNode rule;

    @BeforeAll
    static void load() throws IOException {
        emitted = RunMetricsTest.emittedNames();
        rule = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    }

    static Set<String> metricsIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\\{\\{[^}]*}}", "")); // no Grafana legend templates
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    @Test
    void theRulesAreAPrometheusRuleWithTheFourAlertsAsked() {
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rules()).extracting(r -> r.path("alert").asText()).contains("AuroraRefreshNoRecentSuccess",
                "AuroraRefreshCloneTooOld", "AuroraRefreshLastRunFailed", "AuroraRefreshClonesPilingUp");
        assertThat(rules()).allSatisfy(r -> {
            assertThat(r.path("labels").path("severity").asText()).isNotEmpty();
            assertThat(r.path("annotations").path("summary").asText()).isNotEmpty();
        });
    }

    @Test
    void everyAlertNamesOnlyMetricsTheJobPushes() {
        assertThat(metricsIn("time() - max by (job) (up{job=\"x\"}) + aurora_refresh_typo > 3"))
                .containsExactly("aurora_refresh_typo", "up"); // the extraction itself
        assertThat(emitted).contains("aurora_refresh_last_success_timestamp_seconds", "aurora_refresh_clones");
        for (JsonNode r : rules()) {
            Set<String> used = metricsIn(r.path("expr").asText());
            assertThat(used).as(r.path("alert").asText()).isNotEmpty().isSubsetOf(emitted);
            assertThat(r.path("expr").asText()).as("real runs only").contains("dry_run=\"false\"");
        }
    }

    @Test
    void everyDashboardPanelQueriesOnlyMetricsTheJobPushes() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dash.path("uid").asText()).isEqualTo("aurora-refresh");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dash.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.path("targets")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(metricsIn(target.path("expr").asText())).as(panel.path("title").asText())
                        .isNotEmpty().isSubsetOf(emitted);
            }
        }
        assertThat(metricsIn(dash.path("templating").path("list").get(1).path("definition").asText()))
                .isSubsetOf(emitted);
    }

    @Test
    void theKustomizationShipsTheRulesAndTheDashboard() throws IOException {
        JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(Path.of("k8s/monitoring/kustomization.yaml").toFile());
        assertThat(k.path("resources")).extracting(JsonNode::asText).containsExactly(RULES.getFileName().toString());
        JsonNode dashboard = k.path("configMapGenerator").path(0);
        assertThat(dashboard.path("options").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.path("files").path(0).asText()).endsWith("=" + DASHBOARD.getFileName());
    }

    @Test
    void promtoolChecksTheRulesAndItsUnitTestsPass(@TempDir Path dir) throws Exception {
        assertThat(Path.of(PROMTOOL)).as("promtool (apt-get install prometheus; .ci/run does)").exists();
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("rules.yaml").toFile(), rule.path("spec"));
        try (InputStream tests = getClass().getResourceAsStream("/monitoring/alerts-test.yaml")) {
            Files.copy(tests, dir.resolve("alerts-test.yaml"));
        }
        assertThat(promtool(dir, "check", "rules", "rules.yaml")).contains("SUCCESS: 5 rules found");
        assertThat(promtool(dir, "test", "rules", "alerts-test.yaml")).contains("SUCCESS");
    }

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
