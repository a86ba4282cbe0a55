package dev.aurorarefresh.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An observation with the effects of actions done since it was made: what the report (and the
 * metrics) show when a pass ends on steps it did not observe again. Tags, the record, deletion
 * protection and "deleting" are applied; a new cluster or instance shows up at the next observation.
 */
public final class Projection implements Action.Handler<Observation> {
    private Observation obs;

    private Projection(Observation obs) {
        this.obs = obs;
    }

    public static Observation after(Observation obs, List<Action> done) {
        Projection p = new Projection(obs);
        for (Action a : done) {
            try {
                p.obs = a.accept(p);
            } catch (InterruptedException e) {
                throw new IllegalStateException("a projection does not wait", e);
            }
        }
        return p.obs;
    }

    @Override
    public Observation createClone(Action.CreateClone a) {
        return obs;
    }

    @Override
    public Observation createInstance(Action.CreateInstance a) {
        return obs;
    }

    @Override
    public Observation runPostCloneSql(Action.RunPostCloneSql a) {
        return tagged(a.cloneId(), Tags.HOOKS_DIGEST, a.sql().digest());
    }

    @Override
    public Observation promoteReady(Action.PromoteReady a) {
        return tagged(a.cloneId(), Tags.LIFECYCLE, Lifecycle.READY.tagValue());
    }

    @Override
    public Observation setLifecycle(Action.SetLifecycle a) {
        for (Map.Entry<String, String> extra : a.extraTags().entrySet()) {
            obs = tagged(a.cloneId(), extra.getKey(), extra.getValue());
        }
        return tagged(a.cloneId(), Tags.LIFECYCLE, a.to().tagValue());
    }

    @Override
    public Observation switchRecord(Action.SwitchRecord a) {
        DnsRecord w = obs.writerRecord();
        Optional<DnsRecord> r = obs.readerRecord().map(old -> a.readerEndpoint()
                .map(e -> new DnsRecord(old.name(), Optional.of("CNAME"), Optional.of(e))).orElse(old));
        return new Observation(obs.source(), obs.clusters(), obs.instances(),
                new DnsRecord(w.name(), Optional.of("CNAME"), Optional.of(a.writerEndpoint())), r);
    }

    @Override
    public Observation protectFromDeletion(Action.ProtectFromDeletion a) {
        return withCluster(a.cloneId(), c -> new ClusterView(c.id(), c.arn(), c.status(), c.engine(), c.endpoint(),
                c.readerEndpoint(), true, c.createTime(), c.tags(), c.port(), c.serverlessV2(), c.cloneGroupId()));
    }

    @Override
    public Observation disableDeletionProtection(Action.DisableDeletionProtection a) {
        return withCluster(a.cloneId(), c -> new ClusterView(c.id(), c.arn(), c.status(), c.engine(), c.endpoint(),
                c.readerEndpoint(), false, c.createTime(), c.tags(), c.port(), c.serverlessV2(), c.cloneGroupId()));
    }

    @Override
    public Observation deleteInstance(Action.DeleteInstance a) {
        List<InstanceView> instances = new ArrayList<>();
        for (InstanceView i : obs.instances()) {
            instances.add(!i.id().equals(a.instanceId()) ? i : new InstanceView(i.id(), i.arn(), i.clusterId(), "deleting",
                    i.instanceClass(), i.parameterGroup(), i.monitoring()));
        }
        return new Observation(obs.source(), obs.clusters(), instances, obs.writerRecord(), obs.readerRecord());
    }

    @Override
    public Observation deleteCluster(Action.DeleteCluster a) {
        return withCluster(a.cloneId(), c -> new ClusterView(c.id(), c.arn(), "deleting", c.engine(), c.endpoint(),
                c.readerEndpoint(), c.deletionProtection(), c.createTime(), c.tags(), c.port(), c.serverlessV2(),
                c.cloneGroupId()));
    }

    private Observation tagged(String cloneId, String key, String value) {
        return withCluster(cloneId, c -> {
            Map<String, String> tags = new LinkedHashMap<>(c.tags());
            tags.put(key, value);
            return new ClusterView(c.id(), c.arn(), c.status(), c.engine(), c.endpoint(), c.readerEndpoint(),
                    c.deletionProtection(), c.createTime(), Map.copyOf(tags), c.port(), c.serverlessV2(), c.cloneGroupId());
        });
    }

    private Observation withCluster(String id, java.util.function.UnaryOperator<ClusterView> change) {
        List<ClusterView> clusters = obs.clusters().stream().map(c -> c.id().equals(id) ? change.apply(c) : c).toList();
        return new Observation(obs.source(), clusters, obs.instances(), obs.writerRecord(), obs.readerRecord());
    }
}
