package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Plan;
import java.util.Collection;
import java.util.LinkedHashSet;
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
        Set<String> clones = new LinkedHashSet<>();
        plan.pending().forEach(p -> clones.add(p.cloneId()));
        plan.actions().forEach(a -> clones.add(a.cloneId()));
        doneSince.forEach(a -> clones.add(a.cloneId()));
        Set<String> clusters = new LinkedHashSet<>();
        Set<String> instancesOf = new LinkedHashSet<>();
        for (String id : clones) {
            Optional<ClusterView> seen = latest.clusters().stream().filter(c -> c.id().equals(id)).findFirst();
            boolean available = seen.filter(c -> AwsStatus.isAvailable(c.status())).isPresent();
            boolean onInstances = onInstances(plan.actions(), id) || onInstances(doneSince, id);
            boolean onCluster = onCluster(plan.actions(), id) || onCluster(doneSince, id);
            boolean instancesMoving = latest.instancesOf(id).stream().anyMatch(i -> !AwsStatus.isAvailable(i.status()));
            boolean readInstances = seen.isPresent() && (available || onInstances || instancesMoving || notYet.contains(id));
            if (!available || onCluster || !readInstances || notYet.contains(id)) {
                clusters.add(id);
            }
            if (readInstances) {
                instancesOf.add(id);
            }
        }
        return new Look(false, clusters, instancesOf);
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
