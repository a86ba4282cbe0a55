package dev.aurorarefresh.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observation as it is expected to look after planned actions: what {@link Forecast} plans
 * against. Each action's effect is the one its port call has once AWS accepted it; "AWS has
 * finished" makes everything in progress available and everything being deleted gone.
 */
final class ExpectedWorld {
    private final SourceCluster source;
    private final List<ClusterView> clusters;
    private final List<InstanceView> instances;
    private DnsRecord writerRecord;
    private Optional<DnsRecord> readerRecord;

    ExpectedWorld(Observation obs) {
        this.source = obs.source();
        this.clusters = new ArrayList<>(obs.clusters());
        this.instances = new ArrayList<>(obs.instances());
        this.writerRecord = obs.writerRecord();
        this.readerRecord = obs.readerRecord();
    }

    Observation observation() {
        return new Observation(source, List.copyOf(clusters), List.copyOf(instances), writerRecord, readerRecord);
    }

    /** The clone whose writer or reader endpoint this is. */
    Optional<String> cloneAt(String endpoint) {
        DnsRecord probe = new DnsRecord("", Optional.empty(), Optional.of(endpoint));
        return clusters.stream().filter(c -> probe.pointsAt(c.endpoint()) || probe.pointsAt(c.readerEndpoint()))
                .map(ClusterView::id).findFirst();
    }

    /** A new cluster or instance "creating"; every other effect as {@link Projection} applies it. */
    void apply(Action action) {
        if (action instanceof Action.CreateClone a) {
            CloneSpec s = a.spec();
            clusters.add(new ClusterView(s.cloneId(), "arn:forecast:cluster:" + s.cloneId(), "creating", source.engine(),
                    endpointOf(s.cloneId(), false), endpointOf(s.cloneId(), true), s.deletionProtection(), Optional.empty(),
                    s.tags(), s.port(), s.serverlessV2()));
        } else if (action instanceof Action.CreateInstance a) {
            instances.add(new InstanceView(a.instanceId(), "arn:forecast:db:" + a.instanceId(), a.cloneId(), "creating",
                    a.instanceClass(), a.dbParameterGroup().orElse("default"), a.monitoring()));
        } else {
            Observation after = Projection.after(observation(), List.of(action));
            clusters.clear();
            clusters.addAll(after.clusters());
            instances.clear();
            instances.addAll(after.instances());
            writerRecord = after.writerRecord();
            readerRecord = after.readerRecord();
        }
    }

    /** Everything RDS was asked to make is available; everything it was asked to delete is gone. */
    void awsFinished() {
        clusters.removeIf(c -> AwsStatus.isDeleting(c.status()));
        instances.removeIf(i -> AwsStatus.isDeleting(i.status()));
        clusters.replaceAll(c -> inProgress(c.status()) ? withStatus(c, "available") : c);
        instances.replaceAll(i -> inProgress(i.status()) ? withStatus(i, "available") : i);
    }

    private static boolean inProgress(String status) {
        return !AwsStatus.isAvailable(status) && !AwsStatus.neverAvailableByItself(status) && !AwsStatus.isStopped(status);
    }

    /** Where RDS puts a new cluster's endpoints: the source's domain, or a placeholder when that is unknown. */
    private String endpointOf(String cloneId, boolean reader) {
        String sourceEndpoint = clusters.stream().filter(c -> c.id().equalsIgnoreCase(source.id()))
                .map(ClusterView::endpoint).filter(e -> e != null && e.contains(".cluster-")).findFirst().orElse(null);
        if (sourceEndpoint == null) {
            return cloneId + (reader ? " reader endpoint" : " endpoint");
        }
        String domain = sourceEndpoint.substring(sourceEndpoint.indexOf(".cluster-") + ".cluster-".length());
        return cloneId + (reader ? ".cluster-ro-" : ".cluster-") + domain;
    }

    private static ClusterView withStatus(ClusterView c, String status) {
        return new ClusterView(c.id(), c.arn(), status, c.engine(), c.endpoint(), c.readerEndpoint(),
                c.deletionProtection(), c.createTime(), c.tags(), c.port(), c.serverlessV2(), c.cloneGroupId());
    }

    private static InstanceView withStatus(InstanceView i, String status) {
        return new InstanceView(i.id(), i.arn(), i.clusterId(), status, i.instanceClass(), i.parameterGroup(), i.monitoring());
    }
}
