package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CloneShape;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One clone as {@code status} shows it; the JSON field names are the record's components. */
@RegisterForReflection(targets = {StatusRow.class, StatusRow.Instance.class, StatusRow.Scaling.class})
record StatusRow(String id, String lifecycle, String status, String createdAt, long ageSeconds, String endpoint,
        String readerEndpoint, boolean recordTarget, String instanceClass, String capacity, Scaling serverlessV2,
        List<Instance> instances, String masterUserSecretArn,
        /** --master-password secret:ARN: the secret whose password the clone's master password was set to (its tag) */
        String masterPasswordSecretArn) {

    /** The clone's Serverless v2 scaling; null fields are not set. */
    record Scaling(double minCapacity, double maxCapacity, Integer secondsUntilAutoPause) {
    }

    record Instance(String id, String status) {
    }

    static StatusRow of(ClusterView c, Observation obs, Instant now) {
        CloneShape shape = CloneShape.of(c, obs.instancesOf(c.id()));
        return new StatusRow(c.id(), c.lifecycle().map(l -> l.tagValue()).orElse("unknown"), c.status(),
                c.createdAt().toString(), Duration.between(c.createdAt(), now).getSeconds(), c.endpoint(),
                c.readerEndpoint(), obs.writerRecord().pointsAt(c.endpoint()),
                shape.instanceClass(), shape.capacity(), shape.serverlessV2()
                        .map(s -> new Scaling(s.minCapacity(), s.maxCapacity(), s.secondsUntilAutoPause().orElse(null)))
                        .orElse(null),
                obs.instancesOf(c.id()).stream().map(i -> new Instance(i.id(), String.valueOf(i.status()))).toList(),
                // the secret's ARN only: its value is never read here
                c.masterUserSecretArn().orElse(null), c.tags().get(Tags.MASTER_PASSWORD));
    }
}
