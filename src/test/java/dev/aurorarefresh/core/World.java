package dev.aurorarefresh.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small builder of observations for planner tests: one source, clones, instances, the record. */
final class World {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final String SOURCE = "prod";
    static final String RECORD = "dev-db.example.internal";

    final List<ClusterView> clusters = new ArrayList<>();
    final List<InstanceView> instances = new ArrayList<>();
    String recordValue;
    String readerRecordValue;
    String sourceId = SOURCE;
    Map<String, String> sourceTags = Map.of();
    String sourceStatus = "available";
    ClusterFeatures sourceFeatures = ClusterFeatures.NONE;
    InstanceMonitoring writerMonitoring = InstanceMonitoring.NONE;
    Optional<ServerlessScaling> sourceScaling = Optional.empty();
    String writerClass = "db.r6g.large";

    static Pipeline pipeline() {
        return pipeline(0, Optional.empty());
    }

    static Pipeline pipeline(int retain, Optional<String> readerRecord) {
        return pipeline("dev", "dev", SOURCE, retain, readerRecord);
    }

    static Pipeline pipeline(String name, String prefix, String source, int retain, Optional<String> readerRecord) {
        return new Pipeline(name, source, new CloneNaming(prefix, "yyyyMMdd", ZoneOffset.UTC),
                new RecordTarget(new RecordTarget.ZoneRef("example.internal", false), RECORD, readerRecord, 60),
                new CloneSettings(Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), false, false),
                retain, Duration.ofMinutes(45), Duration.ofHours(6));
    }

    /** The default pipeline with other clone settings. */
    static Pipeline pipeline(CloneSettings settings) {
        Pipeline p = pipeline();
        return new Pipeline(p.name(), p.sourceClusterId(), p.naming(), p.record(), settings, p.retain(), p.waitTimeout(),
                p.giveUpAfter());
    }

    static Map<String, String> tags(String pipeline, String source, Lifecycle lifecycle, Instant createdAt) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Tags.PIPELINE, pipeline);
        t.put(Tags.SOURCE, source);
        t.put(Tags.LIFECYCLE, lifecycle.tagValue());
        t.put(Tags.CREATED_AT, createdAt.toString());
        return t;
    }

    /** A clone of pipeline "dev" made {@code daysAgo} days before NOW, with one instance of the same status. */
    World clone(String id, Lifecycle lifecycle, String status, int daysAgo) {
        return cluster(id, tags("dev", SOURCE, lifecycle, NOW.minus(Duration.ofDays(daysAgo))), status, false);
    }

    World cluster(String id, Map<String, String> tags, String status, boolean deletionProtection) {
        clusters.add(new ClusterView(id, "arn:aws:rds:us-east-1:1:cluster:" + id, status, "aurora-postgresql",
                endpoint(id), readerEndpoint(id), deletionProtection, Optional.empty(), Map.copyOf(tags), null));
        instances.add(instance(id + "-1", id, status));
        return this;
    }

    World withoutInstances(String clusterId) {
        instances.removeIf(i -> i.clusterId().equals(clusterId));
        return this;
    }

    World instanceStatus(String instanceId, String status) {
        InstanceView old = instances.stream().filter(i -> i.id().equals(instanceId)).findFirst().orElseThrow();
        instances.set(instances.indexOf(old), instance(instanceId, old.clusterId(), status));
        return this;
    }

    World recordAt(String clusterId) {
        recordValue = endpoint(clusterId);
        return this;
    }

    World readerRecordAt(String clusterId) {
        readerRecordValue = readerEndpoint(clusterId);
        return this;
    }

    World sourceStatus(String status) {
        sourceStatus = status;
        return this;
    }

    World source(String id, Map<String, String> tags) {
        sourceId = id;
        sourceTags = tags;
        return this;
    }

    static String endpoint(String id) {
        return id + ".cluster-abc.us-east-1.rds.amazonaws.com";
    }

    static String readerEndpoint(String id) {
        return id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com";
    }

    private static InstanceView instance(String id, String clusterId, String status) {
        return new InstanceView(id, "arn:aws:rds:us-east-1:1:db:" + id, clusterId, status, "db.r6g.large", "default.pg15",
                InstanceMonitoring.NONE);
    }

    Observation observe() {
        List<ClusterView> all = new ArrayList<>(clusters);
        all.add(new ClusterView(sourceId, "arn:aws:rds:us-east-1:1:cluster:" + sourceId, "available", "aurora-postgresql",
                endpoint(sourceId), readerEndpoint(sourceId), true, Optional.empty(), sourceTags, null));
        List<InstanceView> inst = new ArrayList<>(instances);
        inst.add(new InstanceView(sourceId + "-writer", "arn:aws:rds:us-east-1:1:db:" + sourceId + "-writer", sourceId,
                "available", writerClass, "default.pg15", writerMonitoring));
        SourceCluster source = new SourceCluster(sourceId, "aurora-postgresql", sourceStatus, Optional.empty(), "subnets",
                List.of("sg-0123456789abcdef0"), "pg15-cluster", 5432, sourceScaling, Optional.of(sourceId + "-writer"),
                false, sourceFeatures);
        return new Observation(source, all, inst,
                new DnsRecord(RECORD, Optional.ofNullable(recordValue).map(v -> "CNAME"), Optional.ofNullable(recordValue)),
                Optional.of(new DnsRecord("dev-ro.example.internal", Optional.ofNullable(readerRecordValue).map(v -> "CNAME"),
                        Optional.ofNullable(readerRecordValue))));
    }
}
