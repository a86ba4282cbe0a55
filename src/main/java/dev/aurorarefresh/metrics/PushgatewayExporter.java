package dev.aurorarefresh.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.PassReport;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.HttpConnectionFactory;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Pushes one run's metrics to a Pushgateway, replacing the group {job, pipeline, dry_run} (HTTP
 * PUT), so the group always shows exactly the last run. The last success would be lost by that
 * replacement after a failed run, so such a run first reads it back from the gateway and pushes
 * it again. Dry runs go to their own group (dry_run="true") and never disturb the real one.
 *
 * <p>Never throws and never changes the run's exit code: a failure is one warning line.
 */
public final class PushgatewayExporter {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");
    static final String LAST_SUCCESS = "aurora_refresh_last_success_timestamp_seconds";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final PushTarget target;
    private final HttpConnectionFactory connections;

    public PushgatewayExporter(PushTarget target) {
        this.target = target;
        this.connections = url -> {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            target.credentials().ifPresent(cred -> c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((cred.username() + ":" + cred.password()).getBytes(StandardCharsets.UTF_8))));
            return c;
        };
    }

    /** The grouping key besides job: one group per pipeline, dry runs apart. */
    public static Map<String, String> groupingKey(String pipeline, boolean dryRun) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("pipeline", pipeline);
        key.put("dry_run", String.valueOf(dryRun));
        return key;
    }

    /** @return true if the metrics were pushed */
    public boolean export(Pipeline pipeline, PassReport report, Map<AwsCallRecorder.Call, Long> calls) {
        MDC.put("pipeline", pipeline.name());
        try {
            Optional<Instant> previousSuccess = RunMetrics.succeeded(report) || report.dryRun()
                    ? Optional.empty() : lastSuccess(pipeline.name());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            RunMetrics.register(registry, pipeline, report, calls, previousSuccess, target.schedule());
            PushGateway gateway = new PushGateway(target.gateway());
            gateway.setConnectionFactory(connections);
            gateway.push(registry.getPrometheusRegistry(), target.job(), groupingKey(pipeline.name(), report.dryRun()));
            LOG.infof("metrics pushed to %s (job %s, pipeline %s%s)", target.where(), target.job(), pipeline.name(),
                    report.dryRun() ? ", dry_run" : "");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("metrics not pushed to %s: %s", target.where(), oneLine(e));
            return false;
        } finally {
            MDC.remove("pipeline");
        }
    }

    /**
     * The last success the gateway holds for this pipeline's real group, if any.
     *
     * @throws IOException if the gateway cannot be read: pushing then would erase the last success
     */
    Optional<Instant> lastSuccess(String pipeline) throws IOException {
        HttpURLConnection c = connections.create(base() + "/api/v1/metrics");
        try {
            int code = c.getResponseCode();
            if (code != 200) {
                throw new IOException("reading the last success back: HTTP " + code + " from " + base() + "/api/v1/metrics");
            }
            JsonNode doc;
            try (InputStream in = c.getInputStream()) {
                doc = new ObjectMapper().readTree(in);
            }
            Map<String, String> labels = new LinkedHashMap<>(groupingKey(pipeline, false));
            labels.put("job", target.job());
            for (JsonNode group : doc.path("data")) {
                if (labelsOf(group.path("labels")).equals(labels)) {
                    JsonNode value = group.path(LAST_SUCCESS).path("metrics").path(0).path("value");
                    return value.isMissingNode() ? Optional.empty()
                            : Optional.of(Instant.ofEpochMilli(Math.round(Double.parseDouble(value.asText()) * 1000)));
                }
            }
            return Optional.empty();
        } finally {
            c.disconnect();
        }
    }

    private static Map<String, String> labelsOf(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private String base() {
        String s = target.gateway().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
