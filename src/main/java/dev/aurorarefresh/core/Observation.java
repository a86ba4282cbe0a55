package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/**
 * Everything one observe step saw: the source, every candidate clone cluster (owned or not:
 * the planner decides ownership), their instances and the record(s).
 */
public record Observation(
        SourceCluster source,
        List<ClusterView> clusters,
        List<InstanceView> instances,
        DnsRecord writerRecord,
        Optional<DnsRecord> readerRecord,
        List<FinalSnapshot> finalSnapshots) {

    /** An observation without final snapshots: they are read only with --final-snapshot. */
    public Observation(SourceCluster source, List<ClusterView> clusters, List<InstanceView> instances,
            DnsRecord writerRecord, Optional<DnsRecord> readerRecord) {
        this(source, clusters, instances, writerRecord, readerRecord, List.of());
    }

    public List<InstanceView> instancesOf(String clusterId) {
        return instances.stream().filter(i -> i.clusterId().equalsIgnoreCase(clusterId)).toList();
    }

    public Optional<InstanceView> sourceWriter() {
        return source.writerInstanceId().flatMap(id -> instances.stream().filter(i -> i.id().equals(id)).findFirst());
    }
}
