package dev.aurorarefresh.aws;

import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call by service, operation and outcome (one count per call, after the
 * SDK's retries). Registered on both SDK clients; feeds the summary, the metrics and the tests.
 */
@Singleton
public class AwsCallRecorder implements ExecutionInterceptor {

    /** One counted call kind. */
    public record Call(String service, String operation, String outcome) {
        /** Describe*, List*, Get* calls read; everything else changes something. */
        public boolean mutating() {
            String op = operation.toLowerCase(Locale.ROOT);
            return !(op.startsWith("describe") || op.startsWith("list") || op.startsWith("get"));
        }
    }

    private final Map<Call, LongAdder> counts = new ConcurrentHashMap<>();
    /** The same counts by the pipeline whose pass made the call (the MDC key the pass sets): a fleet's runs apart. */
    private final Map<String, Map<Call, LongAdder>> byPipeline = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, "error");
    }

    private void count(ExecutionAttributes attributes, String outcome) {
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String operation = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        Call call = new Call(service, operation, outcome);
        counts.computeIfAbsent(call, k -> new LongAdder()).increment();
        Object pipeline = MDC.get("pipeline");
        if (pipeline != null) {
            byPipeline.computeIfAbsent(pipeline.toString(), k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(call, k -> new LongAdder()).increment();
        }
    }

    public Map<Call, Long> snapshot() {
        return sorted(counts);
    }

    /** The calls made while {@code pipeline}'s pass ran on the calling thread (a read two passes share counts once). */
    public Map<Call, Long> snapshot(String pipeline) {
        return sorted(byPipeline.getOrDefault(pipeline, Map.of()));
    }

    private static Map<Call, Long> sorted(Map<Call, LongAdder> counts) {
        Map<Call, Long> out = new java.util.TreeMap<>(java.util.Comparator.comparing(Call::service)
                .thenComparing(Call::operation).thenComparing(Call::outcome));
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long mutating() {
        return counts.entrySet().stream().filter(e -> e.getKey().mutating()).mapToLong(e -> e.getValue().sum()).sum();
    }

    public void reset() {
        counts.clear();
        byPipeline.clear();
    }
}
