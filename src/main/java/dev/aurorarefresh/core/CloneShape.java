package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/** What a clone costs by the hour: its instances' class(es) and its Serverless v2 range, as observed. */
public record CloneShape(String instanceClass, Optional<ServerlessScaling> serverlessV2) {

    /** Distinct instance classes joined by {@code +} (a mixed cluster), {@code none} before any instance exists. */
    public static CloneShape of(ClusterView clone, List<InstanceView> instances) {
        List<String> classes = instances.stream().map(InstanceView::instanceClass).filter(c -> c != null).distinct().sorted()
                .toList();
        return new CloneShape(classes.isEmpty() ? "none" : String.join("+", classes), clone.serverlessV2());
    }

    /** {@code 0-4 ACU, pauses after 5m00s idle}, or {@code provisioned} without a range. */
    public String capacity() {
        return serverlessV2.map(ServerlessScaling::describe).orElse("provisioned");
    }
}
