package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/**
 * The observation as it is expected to look after planned actions: what {@link Forecast} plans
 * against. Each action's effect is {@link Projection}'s, with new clusters and instances expected
 * ("creating"); "AWS has finished" makes everything in progress available and everything being
 * deleted gone.
 */
final class ExpectedWorld {
    private Observation obs;

    ExpectedWorld(Observation obs) {
        this.obs = obs;
    }

    Observation observation() {
        return obs;
    }

    /** The clone whose writer or reader endpoint this is. */
    Optional<String> cloneAt(String endpoint) {
        DnsRecord probe = new DnsRecord("", Optional.empty(), Optional.of(endpoint));
        return obs.clusters().stream().filter(c -> probe.pointsAt(c.endpoint()) || probe.pointsAt(c.readerEndpoint()))
                .map(ClusterView::id).findFirst();
    }

    void apply(Action action) {
        obs = Projection.expecting(obs, List.of(action));
    }

    /** Everything RDS was asked to make is available; everything it was asked to delete is gone. */
    void awsFinished() {
        List<ClusterView> clusters = obs.clusters().stream().filter(c -> !AwsStatus.isDeleting(c.status()))
                .map(c -> inProgress(c.status()) ? c.withStatus("available") : c).toList();
        List<InstanceView> instances = obs.instances().stream().filter(i -> !AwsStatus.isDeleting(i.status()))
                .map(i -> inProgress(i.status()) ? withStatus(i, "available") : i).toList();
        obs = new Observation(obs.source(), clusters, instances, obs.writerRecord(), obs.readerRecord(), obs.finalSnapshots());
    }

    private static boolean inProgress(String status) {
        return !AwsStatus.isAvailable(status) && !AwsStatus.neverAvailableByItself(status) && !AwsStatus.isStopped(status);
    }

    private static InstanceView withStatus(InstanceView i, String status) {
        return new InstanceView(i.id(), i.arn(), i.clusterId(), status, i.instanceClass(), i.parameterGroup(), i.monitoring());
    }
}
