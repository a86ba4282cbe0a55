package dev.aurorarefresh.core;

import dev.aurorarefresh.core.CloneLifecycle.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The pure heart of a pass: from what was observed, the pipeline and the clock, decide what to
 * do. No I/O, so dry-run, tests and logs all see the same plan.
 *
 * <p>When several steps are planned at once (dry-run), the connect step's tag and record changes
 * are carried into the clean step, so the plan shows what a real pass would delete: the planner
 * replays its own plan through {@link Projection}, the one model of what each action does.
 */
public final class Planner {

    private static final Comparator<ClusterView> NEWEST_FIRST =
            Comparator.comparing(ClusterView::createdAt).reversed().thenComparing(ClusterView::id, Comparator.reverseOrder());

    private final Pipeline pipeline;
    private final Observation obs;
    private final Instant now;
    private final Optional<PostCloneSql> hooks;
    private final List<ClusterView> owned;
    private final List<Action> actions = new ArrayList<>();
    private final List<Plan.Pending> pending = new ArrayList<>();
    private final List<String> blockers = new ArrayList<>();
    private final List<String> leftStopped = new ArrayList<>();
    private final List<Plan.InGrace> inGrace = new ArrayList<>();
    /** An operator's hold: no clone, no switch. */
    private final Optional<Hold> hold;
    /** The world after the actions planned so far: {@link #replayed()}. */
    private final Projection replay;
    /** How many of {@link #actions} {@link #replay} has applied. */
    private int replayedActions;

    private Planner(Pipeline pipeline, Observation obs, Instant now, Optional<PostCloneSql> hooks) {
        this.pipeline = pipeline;
        this.obs = obs;
        this.now = now;
        this.hooks = hooks;
        this.owned = ownedClones(pipeline, obs);
        this.replay = Projection.replaying(obs);
        this.hold = owned.stream().filter(c -> !AwsStatus.isDeleting(c.status())).flatMap(c -> Hold.on(c).stream()).findFirst();
    }

    /** A plan for a pipeline without post-clone SQL hooks. */
    public static Plan plan(Pipeline pipeline, Observation obs, Instant now, Set<Step> steps) {
        return plan(pipeline, obs, now, steps, Optional.empty());
    }

    /** The plan; {@code hooks} are the post-clone SQL to run on each clone before it is tagged ready. */
    public static Plan plan(Pipeline pipeline, Observation obs, Instant now, Set<Step> steps, Optional<PostCloneSql> hooks) {
        Planner p = new Planner(pipeline, obs, now, hooks);
        for (Step step : Step.values()) {
            if (steps.contains(step)) {
                p.planOnly(step);
            }
        }
        return new Plan(List.copyOf(p.actions), List.copyOf(p.pending), List.copyOf(p.blockers), List.copyOf(p.leftStopped),
                List.copyOf(p.inGrace), p.hold);
    }

    /**
     * The plan of one step on an observation that does not show yet what the earlier steps in
     * {@code carried} have just done: those are planned first, for their effects only (the tags
     * and the record they set), and only {@code step}'s part is returned.
     */
    public static Plan planStep(Pipeline pipeline, Observation obs, Instant now, Step step, Set<Step> carried,
            Optional<PostCloneSql> hooks) {
        Planner p = new Planner(pipeline, obs, now, hooks);
        for (Step earlier : Step.values()) {
            if (earlier.compareTo(step) < 0 && carried.contains(earlier)) {
                p.planOnly(earlier);
            }
        }
        int actions = p.actions.size();
        int pending = p.pending.size();
        int blockers = p.blockers.size();
        int leftStopped = p.leftStopped.size();
        int inGrace = p.inGrace.size();
        p.planOnly(step);
        return new Plan(List.copyOf(p.actions.subList(actions, p.actions.size())),
                List.copyOf(p.pending.subList(pending, p.pending.size())),
                List.copyOf(p.blockers.subList(blockers, p.blockers.size())),
                List.copyOf(p.leftStopped.subList(leftStopped, p.leftStopped.size())),
                List.copyOf(p.inGrace.subList(inGrace, p.inGrace.size())), p.hold);
    }

    private void planOnly(Step step) {
        if (hold.isPresent() && (step == Step.CLONE || step == Step.CONNECT)) {
            return; // an operator's hold: no new clone, no switch; wait and clean still run
        }
        switch (step) {
            case CLONE -> planClone();
            case WAIT -> planWait();
            case CONNECT -> planConnect();
            case CLEAN -> planClean();
        }
    }

    /** The pipeline's clones, newest first: what {@code status} lists. */
    public static List<ClusterView> ownedClones(Pipeline pipeline, Observation obs) {
        return obs.clusters().stream().filter(pipeline::owns).sorted(NEWEST_FIRST).toList();
    }

    // ---- clone -------------------------------------------------------------------------------

    private void planClone() {
        String name = pipeline.naming().cloneName(now);
        Optional<ClusterView> existing = obs.clusters().stream().filter(c -> c.id().equalsIgnoreCase(name)).findFirst();
        if (existing.isPresent() && !pipeline.owns(existing.get())) {
            blockers.add("cluster " + name + " exists but is not owned by pipeline " + pipeline.name()
                    + " (its tags do not match); refusing to touch it");
            return;
        }
        if (existing.isEmpty() && rolledBackThisPeriod()) {
            return; // the operator rolled back to the connected clone: this period's clone is not made again
        }
        if (existing.isPresent() && existing.get().lifecycle().orElse(null) != Lifecycle.CREATED) {
            return; // already past created (or failed): nothing to clone this period
        }
        if (existing.isPresent() && AwsStatus.isDeleting(existing.get().status())) {
            return;
        }
        if (existing.isEmpty() && !isCloneable(obs.source().status())) {
            blockers.add("source " + pipeline.sourceClusterId() + " is " + obs.source().status()
                    + ": RDS cannot clone it in that state; nothing was created (the record stays on the current clone)");
            return;
        }
        // another account's cluster shows this one no instances (docs/deploy.md): its owner keeps them
        if (existing.isEmpty() && !obs.source().isShared() && obs.instancesOf(obs.source().id()).isEmpty()) {
            blockers.add("source " + pipeline.sourceClusterId() + " has no DB instances: RDS clones only a cluster with at least"
                    + " one; nothing was created (the record stays on the current clone)");
            return;
        }
        Optional<String> instanceClass = ServerlessRules.instanceClass(pipeline.settings(),
                obs.sourceWriter().map(InstanceView::instanceClass));
        if (instanceClass.isEmpty()) {
            blockers.add("cannot tell the instance class: source " + pipeline.sourceClusterId()
                    + " has no writer instance; set --instance-class");
            return;
        }
        Optional<String> classProblem = ServerlessRules.classProblem(instanceClass.get(),
                ServerlessRules.scaling(pipeline.settings(), obs.source()), pipeline.sourceClusterId());
        if (existing.isEmpty() && classProblem.isPresent()) {
            blockers.add(classProblem.get() + "; nothing was created");
            return;
        }
        if (existing.isEmpty()) {
            restore(name);
            return;
        }
        planInstances(existing.get(), instanceClass.get());
    }

    /** This period's clone, once nothing is in its way (--clone-cycle replace). */
    private void restore(String name) {
        if (pipeline.cloneCycle() == CloneCycle.REPLACE && makeWayFor(name)) {
            return;
        }
        actions.add(new Action.CreateClone(cloneSpec(name)));
        pending.add(new Plan.Pending(name, "its instances are created once the cluster is available"));
    }

    /** The clone's missing instances, once RDS takes them. */
    private void planInstances(ClusterView clone, String instanceClass) {
        String name = clone.id();
        List<String> missing = missingInstances(name);
        if (missing.isEmpty()) {
            return;
        }
        if (!AwsStatus.isAvailable(clone.status())) {
            // RDS refuses CreateDBInstance (InvalidDBClusterStateFault) until the restored cluster is available;
            // a status it never leaves by itself is the wait step's to report, not something to wait for here
            if (!AwsStatus.neverAvailableByItself(clone.status())) {
                pending.add(new Plan.Pending(name, "cluster " + clone.status()
                        + ": its instances are created once it is available"));
            }
            return;
        }
        Optional<String> parameterGroup = pipeline.settings().dbParameterGroup()
                .or(() -> obs.sourceWriter().map(InstanceView::parameterGroup));
        InstanceMonitoring monitoring = pipeline.settings().overrides()
                .apply(obs.sourceWriter().map(InstanceView::monitoring).orElse(InstanceMonitoring.NONE));
        for (String instanceId : missing) {
            actions.add(new Action.CreateInstance(instanceId, name, obs.source().engine(), instanceClass,
                    parameterGroup, ownershipTags(clone.createdAt()), monitoring));
        }
    }

    // ---- clone: --clone-cycle replace ---------------------------------------------------------

    /**
     * The new period's clone is due and the pipeline still has clones of the source: the records are
     * taken off them, they are tagged aborted and deleted (invariant 3: once no record points at
     * them), and the restore waits until they are gone, since AWS counts a clone being deleted.
     * True while one is left: no restore yet.
     */
    private boolean makeWayFor(String name) {
        if (owned.isEmpty()) {
            return false;
        }
        live().forEach(this::cycleOut);
        for (ClusterView c : owned) {
            if (!AwsStatus.isStopped(c.status()) && !c.status().equals("starting")) {
                pending.add(new Plan.Pending(c.id(), "being deleted first (--clone-cycle replace): " + name
                        + " is restored once it is gone"));
            }
        }
        return true;
    }

    /** One clone in the new clone's way: off the records, tagged aborted, deleted as clean deletes. */
    private void cycleOut(ClusterView c) {
        List<DnsRecord> pointing = recordsAt(c);
        if (!pointing.isEmpty()) {
            actions.add(new Action.RemoveRecords(c.id(), pointing));
        }
        Lifecycle l = lifecycleAfter(c.id());
        if (l == null) {
            blockers.add("clone " + c.id() + " has no " + Tags.LIFECYCLE + " tag: it is not deleted to make way for the new"
                    + " clone; tag it " + Lifecycle.ABORTED.tagValue() + " to have it deleted");
            return;
        }
        if (Transition.CYCLED_OUT.from().contains(l)) {
            setLifecycle(Transition.CYCLED_OUT, c, "a new period's clone is due; --clone-cycle replace deletes this one first");
        }
        if (!inUseAfter(c.id())) { // invariant 3: never the clone a record points at
            planDeletion(c);
        }
    }

    /** The records (writer, reader) that point at the clone, as observed. */
    private List<DnsRecord> recordsAt(ClusterView c) {
        List<DnsRecord> pointing = new ArrayList<>();
        if (obs.writerRecord().pointsAt(c.endpoint())) {
            pointing.add(obs.writerRecord());
        }
        obs.readerRecord().filter(r -> r.pointsAt(c.readerEndpoint())).ifPresent(pointing::add);
        return pointing;
    }

    /** The record's clone was rolled back to within the current naming period. */
    private boolean rolledBackThisPeriod() {
        String period = pipeline.naming().cloneName(now);
        return owned.stream().filter(c -> obs.writerRecord().pointsAt(c.endpoint()))
                .map(c -> c.tags().get(Tags.ROLLED_BACK_AT)).filter(t -> t != null && !t.isBlank())
                .anyMatch(t -> {
                    try {
                        return pipeline.naming().cloneName(Instant.parse(t)).equals(period);
                    } catch (RuntimeException unreadable) {
                        return false;
                    }
                });
    }

    private List<String> missingInstances(String cloneId) {
        Set<String> have = new HashSet<>();
        obs.instancesOf(cloneId).forEach(i -> have.add(i.id()));
        List<String> missing = new ArrayList<>();
        for (int n = 1; n <= pipeline.settings().instanceCount(); n++) {
            String id = CloneNaming.instanceName(cloneId, n);
            if (!have.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    /**
     * A stopped source can be cloned (Aurora keeps its log for point-in-time restores while it is
     * stopped); one being deleted, failed, or whose KMS key is lost cannot.
     */
    private static boolean isCloneable(String sourceStatus) {
        return !AwsStatus.isDeleting(sourceStatus) && !AwsStatus.isTerminalFailure(sourceStatus)
                && !NOT_CLONED_WHILE.contains(sourceStatus);
    }

    /** Source statuses RDS refuses a restore in (InvalidDBClusterStateFault) until they end: not yet, every run says so. */
    private static final Set<String> NOT_CLONED_WHILE = Set.of("backtracking", "upgrading", "resetting-master-credentials",
            "modifying", "migrating", "maintenance", "renaming");

    private CloneSpec cloneSpec(String name) {
        SourceCluster s = obs.source();
        CloneSettings c = pipeline.settings();
        return new CloneSpec(name, s.id(),
                c.dbSubnetGroup().orElse(s.dbSubnetGroup()),
                c.vpcSecurityGroupIds().orElse(s.vpcSecurityGroupIds()),
                c.dbClusterParameterGroup().orElse(s.dbClusterParameterGroup()),
                // without deletion protection: it is turned on once the clone is available (ProtectFromDeletion), so a
                // clone AWS fails before that, in a status RDS refuses ModifyDBCluster in, can still be deleted
                s.port(), ServerlessRules.scaling(c, s), false, ownershipTags(now), s.iamDatabaseAuthentication(),
                c.overrides().apply(s.features(), s.engine()), c.kmsKeyId());
    }

    private Map<String, String> ownershipTags(Instant createdAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Tags.PIPELINE, pipeline.name());
        tags.put(Tags.SOURCE, pipeline.sourceClusterId());
        tags.put(Tags.LIFECYCLE, Lifecycle.CREATED.tagValue());
        tags.put(Tags.CREATED_AT, createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return tags;
    }

    // ---- wait --------------------------------------------------------------------------------

    private void planWait() {
        List<ClusterView> created = live().filter(c -> is(c, Lifecycle.CREATED)).toList();
        for (int i = 0; i < created.size(); i++) {
            ClusterView c = created.get(i);
            boolean newest = i == 0;
            List<InstanceView> instances = obs.instancesOf(c.id());
            Optional<String> failure = failure(c, instances);
            Duration age = Duration.between(c.createdAt(), now);
            Optional<ClusterView> newer = supersededBy(c);
            if (failure.isPresent()) {
                setLifecycle(Transition.NEVER_AVAILABLE, c, failure.get());
            } else if (newer.isPresent()) {
                setLifecycle(Transition.SUPERSEDED, c, "superseded by " + newer.get().id() + " before it became ready");
            } else if (age.compareTo(pipeline.giveUpAfter()) > 0) {
                setLifecycle(Transition.GAVE_UP, c, "still not ready " + Durations.format(age)
                        + " after it was requested (give-up-after " + Durations.format(pipeline.giveUpAfter()) + ")");
            } else if (isUsable(c, instances) && carriesProductionsPassword(c)) {
                actions.add(new Action.ReplaceMasterPassword(c.id(), pipeline.settings().masterUserSecretKmsKeyId()));
                if (newest) { // the step goes on: the clone is ready only once RDS has reset its credentials
                    pending.add(new Plan.Pending(c.id(), "its master password is being replaced"));
                }
            } else if (isUsable(c, instances) && lacksTheSecretsPassword(c)) {
                actions.add(new Action.SetMasterPasswordFromSecret(c.id(), c.arn(),
                        pipeline.settings().masterPasswordSecretArn().orElseThrow()));
                if (newest) { // as above: RDS resets the credentials before the clone can be ready
                    pending.add(new Plan.Pending(c.id(), "its master password is being set from the operator's secret"));
                }
            } else if (isUsable(c, instances)) {
                if (pipeline.settings().deletionProtection() && !c.deletionProtection()) {
                    actions.add(new Action.ProtectFromDeletion(c.id()));
                }
                Action.SetLifecycle checkFailed = transition(Transition.CHECK_FAILED, c, "a readiness check or hook failed");
                hooks.filter(h -> h.pendingOn(c))
                        .ifPresent(h -> actions.add(new Action.RunPostCloneSql(c.id(), c.arn(), h, checkFailed)));
                actions.add(new Action.PromoteReady(c.id(), c.endpoint(),
                        transition(Transition.PROMOTED, c, "readiness checks passed"), checkFailed));
            } else if (newest) {
                pending.add(new Plan.Pending(c.id(), progress(c, instances)));
            }
        }
    }

    /** With --master-password managed, a clone whose password RDS does not keep in a secret yet (CREDENTIALS_REPLACED). */
    private boolean carriesProductionsPassword(ClusterView c) {
        return pipeline.settings().masterPassword() == MasterPassword.MANAGED && c.masterUserSecretArn().isEmpty();
    }

    /** With --master-password secret:ARN, a clone not tagged with that secret yet (CREDENTIALS_FROM_SECRET). */
    private boolean lacksTheSecretsPassword(ClusterView c) {
        return pipeline.settings().masterPassword() == MasterPassword.SECRET
                && !pipeline.settings().masterPasswordSecretArn().orElseThrow().equals(c.tags().get(Tags.MASTER_PASSWORD));
    }

    /**
     * A newer period's clone of this pipeline (any state but deleting): a clone still created when one
     * exists can never be the one connected, whatever --give-up-after says, and is failed and cleaned.
     */
    private Optional<ClusterView> supersededBy(ClusterView c) {
        return live().filter(o -> o.createdAt().isAfter(c.createdAt())).findFirst();
    }

    private Optional<String> failure(ClusterView c, List<InstanceView> instances) {
        if (AwsStatus.neverAvailableByItself(c.status())) {
            return Optional.of("cluster status " + AwsStatus.explain(c.status()));
        }
        return instances.stream().filter(i -> AwsStatus.neverAvailableByItself(i.status())).findFirst()
                .map(i -> "instance " + i.id() + " status " + AwsStatus.explain(i.status()));
    }

    private boolean isUsable(ClusterView c, List<InstanceView> instances) {
        if (!AwsStatus.isAvailable(c.status())) {
            return false;
        }
        for (int n = 1; n <= pipeline.settings().instanceCount(); n++) {
            String id = CloneNaming.instanceName(c.id(), n);
            if (instances.stream().noneMatch(i -> i.id().equals(id) && AwsStatus.isAvailable(i.status()))) {
                return false;
            }
        }
        return true;
    }

    private String progress(ClusterView c, List<InstanceView> instances) {
        StringBuilder sb = new StringBuilder("cluster ").append(c.status());
        for (int n = 1; n <= pipeline.settings().instanceCount(); n++) {
            String id = CloneNaming.instanceName(c.id(), n);
            String status = instances.stream().filter(i -> i.id().equals(id)).map(InstanceView::status)
                    .findFirst().orElse("missing");
            sb.append(", ").append(id).append(' ').append(status);
        }
        return sb.toString();
    }

    // ---- connect -----------------------------------------------------------------------------

    private void planConnect() {
        Optional<ClusterView> target = owned.stream().filter(c -> obs.writerRecord().pointsAt(c.endpoint())).findFirst();
        Optional<ClusterView> candidate = live()
                .filter(c -> lifecycleAfter(c.id()) == Lifecycle.READY && AwsStatus.isAvailable(c.status()))
                .findFirst();
        boolean switching = candidate.isPresent()
                && (target.isEmpty() || candidate.get().createdAt().isAfter(target.get().createdAt()));
        candidate.ifPresent(this::passOverOlderReady);
        Optional<ClusterView> connected = switching ? Optional.of(switchTo(candidate.get(), target)) : keep(target);
        abortTheOthers(connected);
    }

    /**
     * A ready clone older than the newest ready one is never connected: it is aborted whether or not
     * the switch goes through now (Route53 may keep refusing it), planned before the switch so that
     * it does not wait for it.
     */
    private void passOverOlderReady(ClusterView newest) {
        live().filter(c -> c != newest && lifecycleAfter(c.id()) == Lifecycle.READY && !inUseAfter(c.id())
                && c.createdAt().isBefore(newest.createdAt()))
                .forEach(c -> setLifecycle(Transition.PASSED_OVER, c, "superseded by " + newest.id() + " before it was connected"));
    }

    /** The record to the newer ready clone; the one it pointed at is replaced. */
    private ClusterView switchTo(ClusterView next, Optional<ClusterView> target) {
        actions.add(new Action.SwitchRecord(next.id(), next.endpoint(), readerEndpoint(next)));
        setLifecycle(Transition.SWITCHED_TO, next, "record switched to it");
        target.ifPresent(old -> {
            Lifecycle l = lifecycleAfter(old.id());
            if (l == Lifecycle.READY || l == Lifecycle.CONNECTED) {
                setLifecycle(Transition.REPLACED, old, "replaced by " + next.id());
            }
        });
        return next;
    }

    /** No switch: the record's clone is (tagged) connected, and its reader record brought up to date. */
    private Optional<ClusterView> keep(Optional<ClusterView> target) {
        Optional<ClusterView> connected = target.filter(t -> {
            Lifecycle l = lifecycleAfter(t.id());
            return l == Lifecycle.READY || l == Lifecycle.CONNECTED;
        });
        connected.ifPresent(t -> {
            if (lifecycleAfter(t.id()) == Lifecycle.READY) {
                setLifecycle(Transition.FOUND_CONNECTED, t, "the record already points at it");
            }
            Optional<String> reader = readerEndpoint(t);
            boolean readerStale = reader.isPresent() && AwsStatus.isAvailable(t.status())
                    && obs.readerRecord().map(r -> !r.pointsAt(reader.get())).orElse(false);
            if (readerStale) {
                actions.add(new Action.SwitchRecord(t.id(), t.endpoint(), reader));
            }
        });
        return connected;
    }

    /** Every other clone tagged connected, or ready but older than the connected one, is aborted. */
    private void abortTheOthers(Optional<ClusterView> connected) {
        for (ClusterView c : owned) {
            if (connected.isPresent() && c.id().equals(connected.get().id())) {
                continue;
            }
            Lifecycle l = lifecycleAfter(c.id());
            if (l == Lifecycle.CONNECTED) {
                setLifecycle(Transition.DISCONNECTED, c, "the record no longer points at it");
            } else if (l == Lifecycle.READY && connected.isPresent()
                    && c.createdAt().isBefore(connected.get().createdAt())) {
                setLifecycle(Transition.OUTDATED, c, "older than the connected " + connected.get().id());
            }
        }
    }

    private Optional<String> readerEndpoint(ClusterView c) {
        return pipeline.record().readerRecord().map(r -> c.readerEndpoint());
    }

    // ---- clean -------------------------------------------------------------------------------

    private void planClean() {
        int retained = 0;
        for (ClusterView c : live().toList()) {
            Lifecycle l = lifecycleAfter(c.id());
            if (l == null || !l.isDisposable() || inUseAfter(c.id())) {
                continue; // invariant 3: never the clone a record points at
            }
            Optional<Instant> graceEnds = l == Lifecycle.ABORTED ? graceEnds(c) : Optional.empty();
            if (graceEnds.isPresent() && now.isBefore(graceEnds.get())) {
                inGrace.add(new Plan.InGrace(c.id(), graceEnds.get()));
                continue; // --keep-replaced-for: sessions on it get time to move; --retain counts from here on
            }
            if (l == Lifecycle.ABORTED && retained < pipeline.retain()) {
                retained++;
                continue;
            }
            planDeletion(c);
        }
        planFinalSnapshotRetention();
    }

    /** The delete actions of a clone no record points at: deletion protection off, instances, cluster. */
    private void planDeletion(ClusterView c) {
        if (AwsStatus.isStopped(c.status())) {
            // no StartDBCluster from this tool: starting a clone only to delete it is the operator's call
            leftStopped.add(c.id() + " is " + c.status() + ": RDS deletes neither a stopped cluster nor its instances; start it "
                    + "(aws rds start-db-cluster --db-cluster-identifier " + c.id() + ") and the next run deletes it");
            return;
        }
        if (c.status().equals("starting")) {
            pending.add(new Plan.Pending(c.id(), "starting: deleted once it is available"));
            return;
        }
        if (c.deletionProtection()) {
            actions.add(new Action.DisableDeletionProtection(c.id()));
        }
        obs.instancesOf(c.id()).stream().filter(i -> !AwsStatus.isDeleting(i.status()))
                .forEach(i -> actions.add(new Action.DeleteInstance(i.id(), c.id())));
        actions.add(deleteCluster(c));
    }

    /**
     * --final-snapshot: of the pipeline's own final snapshots ({@link Pipeline#ownsFinalSnapshot}),
     * the --final-snapshot-retain newest are kept, those this clean takes first, and the older ones
     * deleted; one RDS is still taking (not available) is deleted by a later run.
     */
    private void planFinalSnapshotRetention() {
        if (!pipeline.settings().finalSnapshot()) {
            return;
        }
        long takenNow = actions.stream().filter(a -> a instanceof Action.DeleteCluster d && d.finalSnapshotId().isPresent()).count();
        obs.finalSnapshots().stream().filter(pipeline::ownsFinalSnapshot)
                .sorted(Comparator.comparing(FinalSnapshot::createdAt).reversed()
                        .thenComparing(FinalSnapshot::id, Comparator.reverseOrder()))
                .skip(Math.max(0, pipeline.finalSnapshotRetain() - takenNow))
                .filter(snapshot -> AwsStatus.isAvailable(snapshot.status()))
                .forEach(snapshot -> actions.add(new Action.DeleteFinalSnapshot(snapshot.id(), snapshot.clusterId())));
    }

    /**
     * RDS takes a final snapshot only of an available cluster: any other is deleted without one
     * (--final-snapshot), and the summary says why, rather than waiting for a status it may never leave.
     */
    private Action.DeleteCluster deleteCluster(ClusterView c) {
        if (!pipeline.settings().finalSnapshot()) {
            return new Action.DeleteCluster(c.id(), Optional.empty());
        }
        if (!AwsStatus.isAvailable(c.status())) {
            return new Action.DeleteCluster(c.id(), Optional.empty(), Optional.of("it is " + c.status()
                    + ", and RDS takes a final snapshot only of an available cluster"));
        }
        return new Action.DeleteCluster(c.id(), Optional.of(CloneNaming.finalSnapshotName(c.id(), now)));
    }

    /** When the grace period of a replaced clone ends; none without a readable aborted-at tag (tagged before it existed). */
    private Optional<Instant> graceEnds(ClusterView c) {
        if (pipeline.keepReplacedFor().isZero()) {
            return Optional.empty();
        }
        String at = c.tags().get(Tags.ABORTED_AT);
        if (at == null && lifecycleAfter(c.id()) != c.lifecycle().orElse(null)) {
            return Optional.of(now.plus(pipeline.keepReplacedFor())); // aborted by this plan's connect step
        }
        try {
            return Optional.of(Instant.parse(at).plus(pipeline.keepReplacedFor()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Stream<ClusterView> live() {
        return owned.stream().filter(c -> !AwsStatus.isDeleting(c.status()));
    }

    private boolean is(ClusterView c, Lifecycle l) {
        return lifecycleAfter(c.id()) == l;
    }

    /** The world after the actions planned so far, by {@link Projection}'s effects. */
    private Projection replayed() {
        while (replayedActions < actions.size()) {
            replay.apply(actions.get(replayedActions++));
        }
        return replay;
    }

    /** The clone's lifecycle after the actions planned so far; null when it has none. */
    private Lifecycle lifecycleAfter(String cloneId) {
        return replayed().lifecycleOf(cloneId).orElse(null);
    }

    /**
     * Whether a record points at the clone after the actions planned so far: a switch frees the
     * clones it moved the records off, a correction of the reader record not before the next look
     * ({@link Projection}).
     */
    private boolean inUseAfter(String cloneId) {
        return replayed().inUse(cloneId);
    }

    /** Plans {@code t} on {@code c} (see {@link CloneLifecycle}), and goes on planning from its new state. */
    private void setLifecycle(Transition t, ClusterView c, String reason) {
        actions.add(transition(t, c, reason));
    }

    private Action.SetLifecycle transition(Transition t, ClusterView c, String reason) {
        return CloneLifecycle.record(t, c, lifecycleAfter(c.id()), obs, now, reason, Map.of());
    }
}
