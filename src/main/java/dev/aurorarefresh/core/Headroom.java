package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether what the clone step is about to create fits, checked before it is created: the account's
 * cluster and instance quotas (DescribeAccountAttributes, read once per run) and the source's
 * copy-on-write clones (AWS makes 15 of one source; past them a restore makes a full copy, slow
 * and fully billed). Pure: the pass asks before the clone step, the dry run shows the same line.
 */
public final class Headroom {
    /** Copy-on-write clones AWS makes of one source (Aurora user guide, "Limitations of Aurora cloning"). */
    public static final int COPY_ON_WRITE_CLONES = 15;

    private Headroom() {
    }

    /**
     * The source's copy-on-write clones the observation shows: the clusters of its clone group, the
     * source aside (every pipeline's and everyone else's: AWS counts them all). Clones of clones are
     * in the group too, and DescribeDBClusters does not tell them apart: the count may overstate,
     * never understate, what AWS counts (--allow-full-copy is the way past it).
     */
    public static long copyOnWriteClones(Observation obs) {
        Optional<String> group = obs.source().cloneGroupId();
        return group.isEmpty() ? 0 : obs.clusters().stream()
                .filter(c -> !c.id().equalsIgnoreCase(obs.source().id()) && group.equals(c.cloneGroupId())).count();
    }

    /** Whether the clone step would create anything (a cluster or instances) on this observation. */
    public static boolean createsAnything(Pipeline pipeline, Observation obs, Instant now) {
        return !Planner.plan(pipeline, obs, now, EnumSet.of(Step.CLONE)).actions().isEmpty();
    }

    /**
     * Why the clone step cannot go ahead, in one line (which quota, used/max, what this pass's clean
     * frees), or empty when what it would create fits. {@code allowFullCopy}: a restore past the
     * source's copy-on-write clones is made anyway (--allow-full-copy).
     */
    public static Optional<String> forClone(Pipeline pipeline, Observation obs, AccountQuotas quotas, Instant now,
            boolean allowFullCopy) {
        List<ClusterView> inTheWay = pipeline.cloneCycle() == CloneCycle.REPLACE ? Planner.ownedClones(pipeline, obs) : List.of();
        if (!inTheWay.isEmpty() && obs.clusters().stream().noneMatch(c -> c.id().equalsIgnoreCase(pipeline.naming().cloneName(now)))) {
            // --clone-cycle replace: checked as the restore will find the account, before the record comes off the clone
            Observation madeWay = withoutClones(obs, inTheWay);
            long instances = obs.instances().size() - madeWay.instances().size();
            return forClone(pipeline, madeWay, quotas.less(AccountQuotas.CLUSTERS, inTheWay.size())
                    .less(AccountQuotas.INSTANCES, instances), now, allowFullCopy);
        }
        Plan clone = Planner.plan(pipeline, obs, now, EnumSet.of(Step.CLONE));
        Optional<String> restored = clone.actions().stream().filter(a -> a instanceof Action.CreateClone)
                .map(Action::cloneId).findFirst();
        long instances = clone.actions().stream().filter(a -> a instanceof Action.CreateInstance).count()
                + (restored.isPresent() ? pipeline.settings().instanceCount() : 0);
        if (restored.isEmpty() && instances == 0) {
            return Optional.empty();
        }
        String name = restored.orElseGet(() -> clone.actions().get(0).cloneId());
        List<String> freed = freedByClean(pipeline, obs, now);
        List<String> shortOf = new ArrayList<>();
        if (restored.isPresent()) {
            quotas.get(AccountQuotas.CLUSTERS).filter(q -> q.headroom() < 1)
                    .ifPresent(q -> shortOf.add("the account's DBClusters quota is full (" + q.usage() + " used, the clone needs 1)"));
        }
        quotas.get(AccountQuotas.INSTANCES).filter(q -> q.headroom() < instances)
                .ifPresent(q -> shortOf.add("the account's DBInstances quota has room for " + Math.max(0, q.headroom())
                        + " (" + q.usage() + " used, the clone needs " + instances + ")"));
        long clones = copyOnWriteClones(obs);
        if (restored.isPresent() && !allowFullCopy && clones >= COPY_ON_WRITE_CLONES) {
            shortOf.add("source " + obs.source().id() + " already has " + clones + " copy-on-write clones (AWS makes "
                    + COPY_ON_WRITE_CLONES + "; a restore now would be a full copy, slow and fully billed;"
                    + " --allow-full-copy makes it anyway)");
        }
        if (shortOf.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("cannot clone " + name + ": " + String.join("; ", shortOf) + "; nothing was created; "
                + (freed.isEmpty() ? "pipeline " + pipeline.name() + " has nothing to free: delete clusters or raise the quota"
                        + " (Service Quotas, Amazon RDS)"
                        : "this run's clean frees " + freed.size() + " (" + String.join(", ", freed) + ")"));
    }

    /** The observation once these clones and their instances are gone. */
    private static Observation withoutClones(Observation obs, List<ClusterView> gone) {
        List<String> ids = gone.stream().map(ClusterView::id).toList();
        return new Observation(obs.source(), obs.clusters().stream().filter(c -> !ids.contains(c.id())).toList(),
                obs.instances().stream().filter(i -> !ids.contains(i.clusterId())).toList(), obs.writerRecord(),
                obs.readerRecord(), obs.finalSnapshots());
    }

    /** The clusters this pass's clean step deletes, on this observation. */
    private static List<String> freedByClean(Pipeline pipeline, Observation obs, Instant now) {
        return Planner.plan(pipeline, obs, now, EnumSet.of(Step.CONNECT, Step.CLEAN)).actions().stream()
                .filter(a -> a instanceof Action.DeleteCluster).map(Action::cloneId).toList();
    }
}
