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
import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.testing.Tool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The alert rules and the dashboard in k8s/components/monitoring: they parse, name only metrics the job
 * pushes, and the alerts fire when they should (promtool's rule unit tests).
 */
class MonitoringRulesTest {
    private static final Path RULES = Path.of("k8s/components/monitoring/prometheus-rules.yaml");
    private static final Path DASHBOARD = Path.of("k8s/components/monitoring/grafana-dashboard.json");
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
    void theMetricsDocumentNamesEverySeriesAndEveryAlert() throws IOException {
        String doc = Files.readString(Path.of("docs/metrics.md"));
        Set<String> undocumented = new TreeSet<>();
        emitted.stream().filter(name -> !doc.contains("`" + name + "`")).forEach(undocumented::add);
        rules().stream().map(r -> r.path("alert").asText()).filter(a -> !doc.contains("`" + a + "`"))
                .forEach(undocumented::add);
        assertThat(undocumented).as("series and alerts docs/metrics.md does not mention").isEmpty();
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
        JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(Path.of("k8s/components/monitoring/kustomization.yaml").toFile());
        assertThat(k.path("resources")).extracting(JsonNode::asText).containsExactly(RULES.getFileName().toString());
        JsonNode dashboard = k.path("configMapGenerator").path(0);
        assertThat(dashboard.path("options").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.path("files").path(0).asText()).endsWith("=" + DASHBOARD.getFileName());
    }

    @Test
    void promtoolChecksTheRulesAndItsUnitTestsPass(@TempDir Path dir) throws Exception {
        Tool.require(Tool.PROMTOOL);
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("rules.yaml").toFile(), rule.path("spec"));
        try (InputStream tests = getClass().getResourceAsStream("/monitoring/alerts-test.yaml")) {
            Files.copy(tests, dir.resolve("alerts-test.yaml"));
        }
        assertThat(promtool(dir, "check", "rules", "rules.yaml")).contains("SUCCESS: 7 rules found");
        assertThat(promtool(dir, "test", "rules", "alerts-test.yaml")).contains("SUCCESS");
    }

    static final CronSchedule WEEKDAYS = CronSchedule.parse("30 5 * * 1-5", ZoneOffset.UTC); // k8s/base/cronjob.yaml's
    static final CronSchedule DAILY = CronSchedule.parse("0 2 * * *", ZoneOffset.UTC);

    /**
     * Two simulated weeks, weekends included, for the shipped weekday schedule and a daily one:
     * quiet while runs succeed; within a day of runs failing or stopping, the alerts that say so.
     * And the check can fail: a job not told its schedule gets the fixed-hours rules, which fire on
     * the weekday schedule's first weekend.
     */
    @Test
    void overTwoWeeksTheAlertsFollowTheScheduleQuietWhileRunsSucceedAndFiringWhenTheyFailOrStop(@TempDir Path dir)
            throws Exception {
        Tool.require(Tool.PROMTOOL); // before the simulation, not after it
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("rules.yaml").toFile(), rule.path("spec"));
        Instant never = Instant.MAX;
        List<Map<String, Object>> groups = new ArrayList<>();
        for (CronSchedule schedule : List.of(WEEKDAYS, DAILY)) {
            String name = "'" + schedule.line() + "'";
            ScheduleSimulation fine = new ScheduleSimulation(schedule, true, due -> true, never);
            groups.add(group(name + ", every run succeeds", fine, quietUntil(Instant.EPOCH.plus(ScheduleSimulation.LENGTH))));

            // from the second week's Friday (weekdays) or its second day (daily), every run fails
            Instant fromDay9 = Instant.parse("1970-01-09T00:00:00Z");
            ScheduleSimulation failing = new ScheduleSimulation(schedule, true, due -> due.isBefore(fromDay9), never);
            Instant failed = failing.firstFailure().orElseThrow();
            List<Map<String, Object>> checks = quietUntil(failed.plus(ScheduleSimulation.RUN));
            checks.add(ScheduleSimulation.firing(failed.plus(Duration.ofMinutes(45)), List.of("AuroraRefreshLastRunFailed")));
            checks.add(ScheduleSimulation.firing(failed.plus(Duration.ofHours(4)),
                    List.of("AuroraRefreshLastRunFailed", "AuroraRefreshNoRecentSuccess")));
            groups.add(group(name + ", runs fail from " + failed, failing, checks));

            // from the second week's Wednesday no run starts (suspended, or the task cannot start)
            Instant stop = Instant.parse("1970-01-07T00:00:00Z");
            ScheduleSimulation stopped = new ScheduleSimulation(schedule, true, due -> true, stop);
            Instant missed = stopped.dues().stream().filter(d -> !d.isBefore(stop)).findFirst().orElseThrow();
            checks = quietUntil(missed.plus(Duration.ofHours(3)));
            checks.add(ScheduleSimulation.firing(missed.plus(Duration.ofHours(4)),
                    List.of("AuroraRefreshNoRecentSuccess", "AuroraRefreshRunOverdue")));
            groups.add(group(name + ", runs stop before " + missed, stopped, checks));
        }
        // not told its schedule: fixed hours, and the weekday schedule's first Sunday fires
        ScheduleSimulation untold = new ScheduleSimulation(WEEKDAYS, false, due -> true, never);
        groups.add(group("'30 5 * * 1-5' without --schedule", untold, List.of(ScheduleSimulation.firing(
                Instant.parse("1970-01-04T12:00:00Z"), List.of("AuroraRefreshCloneTooOld", "AuroraRefreshNoRecentSuccess")))));

        Map<String, Object> file = new LinkedHashMap<>();
        file.put("rule_files", List.of("rules.yaml"));
        file.put("evaluation_interval", "5m"); // for: 5m still holds one evaluation
        file.put("tests", groups);
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("schedules-test.yaml").toFile(), file);
        int checks = groups.stream().mapToInt(g -> ((List<?>) g.get("promql_expr_test")).size()).sum();
        assertThat(checks).as("hourly checks over the simulated weeks").isGreaterThan(1000);
        assertThat(promtool(dir, "test", "rules", "schedules-test.yaml")).contains("SUCCESS");
        System.out.printf("alert rules: %d promtool checks over %d simulated two-week runs passed%n", checks, groups.size());
    }

    /** No alert firing at each hour from time 0 up to {@code until}. */
    private static List<Map<String, Object>> quietUntil(Instant until) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Instant t = Instant.EPOCH.plus(Duration.ofMinutes(30)); t.isBefore(until); t = t.plus(Duration.ofHours(1))) {
            checks.add(ScheduleSimulation.firing(t, List.of()));
        }
        return checks;
    }

    private static Map<String, Object> group(String name, ScheduleSimulation sim, List<Map<String, Object>> checks) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", name);
        g.put("interval", ScheduleSimulation.STEP.toMinutes() + "m");
        g.put("input_series", sim.inputSeries());
        g.put("promql_expr_test", checks);
        return g;
    }

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Tool.PROMTOOL.command()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
