package dev.aurorarefresh.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one model of what each {@link Action} does to the world, once AWS accepted it: an
 * observation with actions applied. Used three ways: the report and the observer's polls
 * ({@link #after}: what the pass did since its last look), the planner's replay of its own plan
 * ({@link #replaying}: the lifecycle and the records after the actions planned so far), and the
 * forecast ({@link #expecting}, through {@link ExpectedWorld}).
 *
 * <p>Tags, the records, deletion protection and "deleting" are applied. A new cluster or
 * instance shows up at the next observation, except where new resources are expected (the
 * forecast: "creating").
 *
 * <p>In use ({@link #inUse}): a clone a record points at. A switch (the writer record moves to
 * another clone) frees every clone the records pointed at: the replaced clone is tagged aborted
 * and its grace period (--keep-replaced-for) starts. A correction of the reader record (the
 * writer record already on that clone) frees nothing until the next look: the clone the reader
 * record left had no grace period, so clean does not delete it in the pass that moved the record.
 */
public final class Projection implements Action.Handler<Observation> {
    private Observation obs;
    private final boolean showsCreated;
    /** Clones a reader-record correction moved off: in use until the next look. */
    private final Set<String> leftByCorrection = new HashSet<>();

    private Projection(Observation obs, boolean showsCreated) {
        this.obs = obs;
        this.showsCreated = showsCreated;
    }

    /** The observation with what the pass did since it was made: new resources show at the next look. */
    public static Observation after(Observation obs, List<Action> done) {
        Projection p = new Projection(obs, false);
        done.forEach(p::apply);
        return p.obs;
    }

    /** The observation as the forecast expects it after {@code planned}: new clusters and instances "creating". */
    static Observation expecting(Observation obs, List<Action> planned) {
        Projection p = new Projection(obs, true);
        planned.forEach(p::apply);
        return p.obs;
    }

    /** A replay of the planner's own plan, one action at a time, from the observation it plans on. */
    static Projection replaying(Observation obs) {
        return new Projection(obs, false);
    }

    void apply(Action action) {
        try {
            obs = action.accept(this);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a projection does not wait", e);
        }
    }

    /** The clone's lifecycle after the actions applied so far (empty for a clone not seen, or untagged). */
    Optional<Lifecycle> lifecycleOf(String cloneId) {
        return cluster(cloneId).flatMap(ClusterView::lifecycle);
    }

    /** Whether clean must leave the clone: a record points at it, or a correction just moved the reader record off it. */
    boolean inUse(String cloneId) {
        return leftByCorrection.contains(cloneId) || cluster(cloneId).map(this::pointedAt).orElse(false);
    }

    @Override
    public Observation createClone(Action.CreateClone a) {
        if (!showsCreated) {
            return obs;
        }
        CloneSpec s = a.spec();
        List<ClusterView> clusters = new ArrayList<>(obs.clusters());
        clusters.add(new ClusterView(s.cloneId(), "arn:forecast:cluster:" + s.cloneId(), "creating", obs.source().engine(),
                endpointOf(s.cloneId(), false), endpointOf(s.cloneId(), true), s.deletionProtection(), Optional.empty(),
                s.tags(), s.port(), s.serverlessV2()));
        return new Observation(obs.source(), List.copyOf(clusters), obs.instances(), obs.writerRecord(), obs.readerRecord(), obs.finalSnapshots());
    }

    @Override
    public Observation createInstance(Action.CreateInstance a) {
        if (!showsCreated) {
            return obs;
        }
        List<InstanceView> instances = new ArrayList<>(obs.instances());
        instances.add(new InstanceView(a.instanceId(), "arn:forecast:db:" + a.instanceId(), a.cloneId(), "creating",
                a.instanceClass(), a.dbParameterGroup().orElse("default"), a.monitoring()));
        return new Observation(obs.source(), obs.clusters(), List.copyOf(instances), obs.writerRecord(), obs.readerRecord(), obs.finalSnapshots());
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

    /** The records moved; what that frees is the rule in this class's comment. */
    @Override
    public Observation switchRecord(Action.SwitchRecord a) {
        DnsRecord w = obs.writerRecord();
        if (w.pointsAt(a.writerEndpoint())) {
            obs.clusters().stream().filter(c -> !c.id().equals(a.cloneId()) && pointedAt(c))
                    .forEach(c -> leftByCorrection.add(c.id()));
        } else {
            leftByCorrection.clear();
        }
        Optional<DnsRecord> r = obs.readerRecord().map(old -> a.readerEndpoint()
                .map(e -> new DnsRecord(old.name(), Optional.of("CNAME"), Optional.of(e))).orElse(old));
        return new Observation(obs.source(), obs.clusters(), obs.instances(),
                new DnsRecord(w.name(), Optional.of("CNAME"), Optional.of(a.writerEndpoint())), r, obs.finalSnapshots());
    }

    /**
     * The records that still point where they did are gone (a record pointing elsewhere is not
     * touched): the clone they left is free at once, as after a switch; nothing else is.
     */
    @Override
    public Observation removeRecords(Action.RemoveRecords a) {
        DnsRecord w = removed(obs.writerRecord(), a);
        Optional<DnsRecord> r = obs.readerRecord().map(old -> removed(old, a));
        leftByCorrection.remove(a.cloneId());
        return new Observation(obs.source(), obs.clusters(), obs.instances(), w, r, obs.finalSnapshots());
    }

    private static DnsRecord removed(DnsRecord record, Action.RemoveRecords a) {
        boolean asObserved = a.records().stream().anyMatch(o -> o.name().equals(record.name()) && o.value().isPresent()
                && o.value().equals(record.value()));
        return asObserved ? DnsRecord.absent(record.name()) : record;
    }

    /** Until RDS has finished, the cluster resets its credentials; the secret is there from the start. */
    @Override
    public Observation replaceMasterPassword(Action.ReplaceMasterPassword a) {
        return withCluster(a.cloneId(), c -> c.withStatus(AwsStatus.RESETTING_MASTER_CREDENTIALS)
                .withMasterUserSecret(c.masterUserSecretArn().orElse("(a secret RDS manages)")));
    }

    /** Likewise; the tag follows the change. */
    @Override
    public Observation setMasterPasswordFromSecret(Action.SetMasterPasswordFromSecret a) {
        return withCluster(a.cloneId(), c -> withTag(c, Tags.MASTER_PASSWORD, a.secretArn())
                .withStatus(AwsStatus.RESETTING_MASTER_CREDENTIALS));
    }

    @Override
    public Observation protectFromDeletion(Action.ProtectFromDeletion a) {
        return withCluster(a.cloneId(), c -> c.withDeletionProtection(true));
    }

    @Override
    public Observation disableDeletionProtection(Action.DisableDeletionProtection a) {
        return withCluster(a.cloneId(), c -> c.withDeletionProtection(false));
    }

    @Override
    public Observation deleteInstance(Action.DeleteInstance a) {
        List<InstanceView> instances = new ArrayList<>();
        for (InstanceView i : obs.instances()) {
            instances.add(!i.id().equals(a.instanceId()) ? i : new InstanceView(i.id(), i.arn(), i.clusterId(), "deleting",
                    i.instanceClass(), i.parameterGroup(), i.monitoring()));
        }
        return new Observation(obs.source(), obs.clusters(), instances, obs.writerRecord(), obs.readerRecord(), obs.finalSnapshots());
    }

    @Override
    public Observation deleteCluster(Action.DeleteCluster a) {
        return withCluster(a.cloneId(), c -> c.withStatus("deleting"));
    }

    @Override
    public Observation deleteFinalSnapshot(Action.DeleteFinalSnapshot a) {
        return new Observation(obs.source(), obs.clusters(), obs.instances(), obs.writerRecord(), obs.readerRecord(),
                obs.finalSnapshots().stream().filter(s -> !s.id().equals(a.snapshotId())).toList());
    }

    private boolean pointedAt(ClusterView c) {
        return obs.writerRecord().pointsAt(c.endpoint())
                || obs.readerRecord().map(r -> r.pointsAt(c.readerEndpoint())).orElse(false);
    }

    private Optional<ClusterView> cluster(String id) {
        return obs.clusters().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Where RDS puts a new cluster's endpoints: the source's domain, or a placeholder when that is unknown. */
    private String endpointOf(String cloneId, boolean reader) {
        String sourceEndpoint = obs.clusters().stream().filter(c -> c.id().equalsIgnoreCase(obs.source().id()))
                .map(ClusterView::endpoint).filter(e -> e != null && e.contains(".cluster-")).findFirst().orElse(null);
        if (sourceEndpoint == null) {
            return cloneId + (reader ? " reader endpoint" : " endpoint");
        }
        String domain = sourceEndpoint.substring(sourceEndpoint.indexOf(".cluster-") + ".cluster-".length());
        return cloneId + (reader ? ".cluster-ro-" : ".cluster-") + domain;
    }

    private Observation tagged(String cloneId, String key, String value) {
        return withCluster(cloneId, c -> withTag(c, key, value));
    }

    private static ClusterView withTag(ClusterView c, String key, String value) {
        Map<String, String> tags = new LinkedHashMap<>(c.tags());
        tags.put(key, value);
        return c.withTags(Map.copyOf(tags));
    }

    private Observation withCluster(String id, UnaryOperator<ClusterView> change) {
        List<ClusterView> clusters = obs.clusters().stream().map(c -> c.id().equals(id) ? change.apply(c) : c).toList();
        return new Observation(obs.source(), clusters, obs.instances(), obs.writerRecord(), obs.readerRecord(), obs.finalSnapshots());
    }
}
