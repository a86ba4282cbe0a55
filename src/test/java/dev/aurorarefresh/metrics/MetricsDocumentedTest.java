package dev.aurorarefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/metrics.md names every series a run pushes and every alert the rules ship. */
class MetricsDocumentedTest {
    private static final Path DOC = Path.of("docs/metrics.md");
    private static final Path RULES = Path.of("k8s/monitoring/prometheus-rules.yaml");

    @Test
    void everyPushedSeriesAndEveryAlertIsInTheMetricsDocument() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> undocumented = new TreeSet<>();
        RunMetricsTest.emittedNames().stream().filter(name -> !doc.contains("`" + name + "`")).forEach(undocumented::add);
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            String alert = r.path("alert").asText();
            if (!alert.isEmpty() && !doc.contains("`" + alert + "`")) {
                undocumented.add(alert);
            }
        }));
        assertThat(undocumented).as("series and alerts docs/metrics.md does not mention").isEmpty();
    }
}
