package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Plan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one poll reads: everything (a full look), or only what the step waits on: the clusters of
 * the clones it waits for or acted on (described by identifier) and the instances of those whose
 * cluster is available or whose instances it created, deleted or waits for (one filtered call).
 * The rest of the observation is carried from the last look with the pass's own actions applied
 * (docs/design.md, Observe).
 */
record Look(boolean full, Set<String> clusters, Set<String> instancesOf) {
    static final Look FULL = new Look(true, Set.of(), Set.of());

    /**
     * The poll after a plan: its pending clones, and the clones its actions (and the earlier steps'
     * since the last look) were on; a clone whose action answered "not yet" is looked at whole.
     */
    static Look after(Plan plan, Collection<Action> doneSince, Set<String> notYet, Observation latest) {
        List<Action> acted = new ArrayList<>(plan.actions());
        acted.addAll(doneSince);
        Set<String> clones = new LinkedHashSet<>();
        plan.pending().forEach(p -> clones.add(p.cloneId()));
        acted.forEach(a -> clones.add(a.cloneId()));
        Set<String> clusters = new LinkedHashSet<>();
        Set<String> instancesOf = new LinkedHashSet<>();
        for (String id : clones) {
            if (readsCluster(id, acted, notYet, latest)) {
                clusters.add(id);
            }
            if (readsInstances(id, acted, notYet, latest)) {
                instancesOf.add(id);
            }
        }
        return new Look(false, clusters, instancesOf);
    }

    /**
     * A clone's instances are read (one filtered call) when its cluster is seen and they may have
     * moved: the cluster is available, the pass acted on them, one of them is not available, or
     * the clone's action answered "not yet".
     */
    private static boolean readsInstances(String id, Collection<Action> acted, Set<String> notYet, Observation latest) {
        return seen(id, latest).isPresent() && (available(id, latest) || onInstances(acted, id)
                || latest.instancesOf(id).stream().anyMatch(i -> !AwsStatus.isAvailable(i.status())) || notYet.contains(id));
    }

    /**
     * A clone's cluster is described unless it is available, the pass acted only on its instances
     * and they are read: then the cluster has not moved.
     */
    private static boolean readsCluster(String id, Collection<Action> acted, Set<String> notYet, Observation latest) {
        return !available(id, latest) || onCluster(acted, id) || !readsInstances(id, acted, notYet, latest) || notYet.contains(id);
    }

    private static Optional<ClusterView> seen(String id, Observation latest) {
        return latest.clusters().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private static boolean available(String id, Observation latest) {
        return seen(id, latest).filter(c -> AwsStatus.isAvailable(c.status())).isPresent();
    }

    private static boolean onInstances(Collection<Action> actions, String cloneId) {
        return actions.stream().anyMatch(a -> a.cloneId().equals(cloneId)
                && (a instanceof Action.CreateInstance || a instanceof Action.DeleteInstance));
    }

    private static boolean onCluster(Collection<Action> actions, String cloneId) {
        return actions.stream().anyMatch(a -> a.cloneId().equals(cloneId)
                && !(a instanceof Action.CreateInstance || a instanceof Action.DeleteInstance));
    }
}
