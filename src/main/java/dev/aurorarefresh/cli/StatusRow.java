package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One clone as {@code status} shows it; the JSON field names are the record's components. */
@RegisterForReflection(targets = {StatusRow.class, StatusRow.Instance.class})
record StatusRow(String id, String lifecycle, String status, String createdAt, long ageSeconds, String endpoint,
        String readerEndpoint, boolean recordTarget, List<Instance> instances) {

    record Instance(String id, String status) {
    }

    static StatusRow of(ClusterView c, Observation obs, Instant now) {
        return new StatusRow(c.id(), c.lifecycle().map(l -> l.tagValue()).orElse("unknown"), c.status(),
                c.createdAt().toString(), Duration.between(c.createdAt(), now).getSeconds(), c.endpoint(),
                c.readerEndpoint(), obs.writerRecord().pointsAt(c.endpoint()),
                obs.instancesOf(c.id()).stream().map(i -> new Instance(i.id(), String.valueOf(i.status()))).toList());
    }
}
