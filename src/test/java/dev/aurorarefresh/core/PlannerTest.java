package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.ABORTED;
import static dev.aurorarefresh.core.Lifecycle.CONNECTED;
import static dev.aurorarefresh.core.Lifecycle.CREATED;
import static dev.aurorarefresh.core.Lifecycle.FAILED;
import static dev.aurorarefresh.core.Lifecycle.READY;
import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lifecycle transition of docs/design.md ("Transitions"), one row each: the world, the steps, the exact plan. */
class PlannerTest {
    private static final String TODAY = "dev-20261125";
    private static final String YESTERDAY = "dev-20261124";
    private static final String TWO_DAYS = "dev-20261123";

    static Stream<Arguments> transitions() {
        return Stream.of(
                row("none -> created: the clone; its instance once the cluster is available",
                        () -> FakeAws.at(NOW), Step.CLONE,
                        List.of("CreateClone " + TODAY)),
                row("created, cluster still creating, no instance: wait (RDS refuses instances until available)",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "creating", 0).withoutInstances(TODAY), Step.CLONE,
                        List.of()),
                row("created after a crash before the instance: only the instance",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).withoutInstances(TODAY), Step.CLONE,
                        List.of("CreateInstance " + TODAY + "-1")),
                row("today's clone exists (any lifecycle): no second clone",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY), Step.CLONE,
                        List.of()),
                row("today's clone failed: not cloned again until clean removed it",
                        () -> FakeAws.at(NOW).clone(TODAY, FAILED, "cloning-failed", 0), Step.CLONE,
                        List.of()),
                row("created, cluster and instance available, production's master password: it is replaced first",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0), Step.WAIT,
                        List.of("ReplaceMasterPassword " + TODAY)),
                row("created -> ready: cluster and instance available, the master password RDS's",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).masterSecret(TODAY), Step.WAIT,
                        List.of("PromoteReady " + TODAY)),
                row("created, cluster available but instance creating: keep waiting",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).instanceStatus(TODAY + "-1", "creating"),
                        Step.WAIT, List.of()),
                row("created -> failed: cloning-failed",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "cloning-failed", 0), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed")),
                row("created -> failed: an instance incompatible-parameters",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0)
                                .instanceStatus(TODAY + "-1", "incompatible-parameters"), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed")),
                row("created -> failed: still creating past give-up-after (6h)",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CREATED, "creating", 1), Step.WAIT,
                        List.of("SetLifecycle " + YESTERDAY + " failed")),
                row("ready -> connected, and the previous connected -> aborted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY)
                                .clone(TODAY, READY, "available", 0), Step.CONNECT,
                        List.of("SwitchRecord " + TODAY, "SetLifecycle " + TODAY + " connected",
                                "SetLifecycle " + YESTERDAY + " aborted")),
                row("ready -> connected when the record does not exist yet",
                        () -> FakeAws.at(NOW).clone(TODAY, READY, "available", 0), Step.CONNECT,
                        List.of("SwitchRecord " + TODAY, "SetLifecycle " + TODAY + " connected")),
                row("crash between DNS change and tag: record on a ready clone -> tagged connected, no switch",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1)
                                .clone(TODAY, READY, "available", 0).recordAt(TODAY), Step.CONNECT,
                        List.of("SetLifecycle " + TODAY + " connected", "SetLifecycle " + YESTERDAY + " aborted")),
                row("connected that the record does not point at -> aborted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1), Step.CONNECT,
                        List.of("SetLifecycle " + YESTERDAY + " aborted")),
                row("older ready -> aborted once a newer one is connected",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, READY, "available", 1), Step.CONNECT,
                        List.of("SetLifecycle " + YESTERDAY + " aborted")),
                row("connected and pointed at: nothing to do",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY), Step.CONNECT,
                        List.of()),
                row("aborted -> deleted: instances first, then the cluster",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, ABORTED, "available", 1), Step.CLEAN,
                        List.of("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY)),
                row("failed -> deleted",
                        () -> FakeAws.at(NOW).clone(TODAY, FAILED, "cloning-failed", 0), Step.CLEAN,
                        List.of("DeleteInstance " + TODAY + "-1", "DeleteCluster " + TODAY)),
                row("deletion protection is turned off first",
                        () -> FakeAws.at(NOW).cluster(YESTERDAY, FakeAws.tags("dev", FakeAws.SOURCE, ABORTED, NOW.minus(Duration.ofDays(1))),
                                "available", true), Step.CLEAN,
                        List.of("DisableDeletionProtection " + YESTERDAY, "DeleteInstance " + YESTERDAY + "-1",
                                "DeleteCluster " + YESTERDAY)),
                row("instances already deleting: only the cluster",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "available", 1).instanceStatus(YESTERDAY + "-1", "deleting"),
                        Step.CLEAN, List.of("DeleteCluster " + YESTERDAY)),
                row("cluster already deleting: nothing",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "deleting", 1), Step.CLEAN, List.of()));
    }

    private static Arguments row(String name, Supplier<FakeAws> world, Step step, List<String> expected) {
        return Arguments.of(name, world, step, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void plansEachTransition(String name, Supplier<FakeAws> world, Step step, List<String> expected) {
        Plan plan = Planner.plan(Pipelines.dev().build(), world.get().observation(), NOW, Set.of(step));
        assertThat(plan.actions()).extracting(PlannerTest::brief).containsExactlyElementsOf(expected);
        assertThat(plan.blockers()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void instancesArePlannedOnlyOnceTheClusterIsAvailableAndTheStepWaitsUntilThen() {
        Plan first = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).observation(), NOW, Set.of(Step.CLONE));
        assertThat(first.pending()).extracting(Plan.Pending::reason)
                .containsExactly("its instances are created once the cluster is available");
        Plan creating = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).clone(TODAY, CREATED, "creating", 0).withoutInstances(TODAY)
                .observation(), NOW, Set.of(Step.CLONE));
        assertThat(creating.actions()).isEmpty();
        assertThat(creating.pending()).extracting(Plan.Pending::reason)
                .containsExactly("cluster creating: its instances are created once it is available");
        Plan failed = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).clone(TODAY, CREATED, "cloning-failed", 0).withoutInstances(TODAY)
                .observation(), NOW, Set.of(Step.CLONE));
        assertThat(failed.isSettled()).as("a failed clone is the wait step's to report, not waited for").isTrue();
    }

    @org.junit.jupiter.api.Test
    void newCloneCarriesOwnershipTagsAndSourceSettings() {
        Plan plan = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).observation(), NOW, Set.of(Step.CLONE));
        CloneSpec spec = ((Action.CreateClone) plan.actions().get(0)).spec();
        assertThat(spec.tags()).containsEntry(Tags.PIPELINE, "dev").containsEntry(Tags.SOURCE, "prod-db")
                .containsEntry(Tags.LIFECYCLE, "created").containsEntry(Tags.CREATED_AT, "2026-11-25T10:00:00Z");
        assertThat(spec.dbSubnetGroup()).isEqualTo("subnets");
        assertThat(spec.dbClusterParameterGroup()).isEqualTo("pg15-cluster");
        assertThat(spec.port()).isEqualTo(5432);
        assertThat(spec.deletionProtection()).isFalse();
        Plan next = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).withoutInstances(TODAY)
                .observation(), NOW, Set.of(Step.CLONE));
        Action.CreateInstance instance = (Action.CreateInstance) next.actions().get(0);
        assertThat(instance.instanceClass()).isEqualTo("db.r6g.large");
        assertThat(instance.engine()).isEqualTo("aurora-postgresql");
        assertThat(instance.tags()).containsEntry(Tags.PIPELINE, "dev");
    }

    @org.junit.jupiter.api.Test
    void aFinalSnapshotIsNamedByThePassClockSoAReusedCloneNameNeverCollides() {
        Pipeline withSnapshot = Pipelines.dev().withFinalSnapshot(true).build();
        FakeAws world = FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY).clone(YESTERDAY, ABORTED, "available", 1);

        List<Optional<String>> names = Stream.of(NOW, NOW.plus(Duration.ofHours(1)))
                .map(now -> Planner.plan(withSnapshot, world.observation(), now, Set.of(Step.CLEAN)).actions().stream()
                        .filter(a -> a instanceof Action.DeleteCluster).map(a -> ((Action.DeleteCluster) a).finalSnapshotId())
                        .findFirst().orElseThrow())
                .toList();

        assertThat(names).containsExactly(Optional.of(YESTERDAY + "-final-20261125100000"),
                Optional.of(YESTERDAY + "-final-20261125110000"));
        assertThat(Planner.plan(Pipelines.dev().build(), world.observation(), NOW, Set.of(Step.CLEAN)).actions())
                .filteredOn(a -> a instanceof Action.DeleteCluster)
                .extracting(a -> ((Action.DeleteCluster) a).finalSnapshotId()).containsExactly(Optional.empty());
    }

    @org.junit.jupiter.api.Test
    void theCloneCopiesTheSourcesFeaturesAndTheWritersMonitoringUnlessOverridden() {
        FakeAws w = FakeAws.at(NOW);
        w.sourceFeatures = new ClusterFeatures(Optional.of("aurora-iopt1"), List.of("postgresql"), true, Optional.of(3600L));
        InstanceMonitoring monitoring = new InstanceMonitoring(true, Optional.of("arn:aws:kms:us-east-1:1:key/pi"),
                Optional.of(93), 60, Optional.of("arn:aws:iam::1:role/rds-monitoring"));
        w.writerMonitoring(monitoring);
        CloneSpec spec = ((Action.CreateClone) Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CLONE))
                .actions().get(0)).spec();
        assertThat(spec.features()).as("no backtracking on aurora-postgresql")
                .isEqualTo(new ClusterFeatures(Optional.of("aurora-iopt1"), List.of("postgresql"), true, Optional.empty()));
        w.clone(TODAY, CREATED, "available", 0).withoutInstances(TODAY);
        Action.CreateInstance copied = (Action.CreateInstance) Planner.plan(Pipelines.dev().build(), w.observation(), NOW,
                Set.of(Step.CLONE)).actions().get(0);
        assertThat(copied.monitoring()).isEqualTo(monitoring);

        Pipeline overridden = Pipelines.dev().withOverrides(new FeatureOverrides(Optional.of("aurora"), Optional.of(List.of()),
                Optional.of(false), Optional.empty(), Optional.of(false), Optional.empty(), Optional.of(0), Optional.empty()))
                .build();
        Action.CreateInstance plain = (Action.CreateInstance) Planner.plan(overridden, w.observation(), NOW, Set.of(Step.CLONE))
                .actions().get(0);
        assertThat(plain.monitoring()).isEqualTo(InstanceMonitoring.NONE);
        FakeAws fresh = FakeAws.at(NOW);
        fresh.sourceFeatures = w.sourceFeatures;
        CloneSpec overriddenSpec = ((Action.CreateClone) Planner.plan(overridden, fresh.observation(), NOW, Set.of(Step.CLONE))
                .actions().get(0)).spec();
        assertThat(overriddenSpec.features()).isEqualTo(new ClusterFeatures(Optional.of("aurora"), List.of(), false, Optional.empty()));
    }

    @org.junit.jupiter.api.Test
    void creatingCloneIsPendingWithItsProgress() {
        Plan plan = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).clone(TODAY, CREATED, "creating", 0).observation(), NOW,
                Set.of(Step.WAIT));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.pending()).singleElement().satisfies(p -> {
            assertThat(p.cloneId()).isEqualTo(TODAY);
            assertThat(p.reason()).contains("cluster creating").contains(TODAY + "-1 creating");
        });
    }

    @org.junit.jupiter.api.Test
    void retainKeepsTheNewestAbortedButNeverAFailedOne() {
        FakeAws w = FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                .clone(YESTERDAY, ABORTED, "available", 1)
                .clone(TWO_DAYS, ABORTED, "available", 2)
                .clone("dev-20261122", FAILED, "cloning-failed", 3);
        Plan plan = Planner.plan(Pipelines.dev().withRetain(1).withReaderRecord(Optional.empty()).build(), w.observation(), NOW, Set.of(Step.CLEAN));
        assertThat(plan.actions()).extracting(PlannerTest::brief).containsExactly(
                "DeleteInstance " + TWO_DAYS + "-1", "DeleteCluster " + TWO_DAYS,
                "DeleteInstance dev-20261122-1", "DeleteCluster dev-20261122");
    }

    @org.junit.jupiter.api.Test
    void readerRecordFollowsTheWriterAndIsRepairedWhenStale() {
        Optional<String> reader = Optional.of("dev-ro.example.internal");
        FakeAws w = FakeAws.at(NOW).clone(TODAY, READY, "available", 0);
        Action.SwitchRecord sw = (Action.SwitchRecord) Planner.plan(Pipelines.dev().withRetain(0).withReaderRecord(reader).build(), w.observation(), NOW,
                Set.of(Step.CONNECT)).actions().get(0);
        assertThat(sw.readerEndpoint()).contains(FakeAws.readerEndpoint(TODAY));

        FakeAws connected = FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY).readerRecordAt(YESTERDAY);
        assertThat(Planner.plan(Pipelines.dev().withRetain(0).withReaderRecord(reader).build(), connected.observation(), NOW, Set.of(Step.CONNECT)).actions())
                .extracting(PlannerTest::brief).containsExactly("SwitchRecord " + TODAY);
    }

    @org.junit.jupiter.api.Test
    void aCloneTheReaderRecordIsCorrectedOffIsDeletedFromTheNextLookOnNotInThePassThatMovedIt() {
        // Projection's rule: a switch frees what the records left (the replaced clone has its grace
        // period); a reader-record correction frees nothing until the next look.
        Pipeline p = Pipelines.dev().withRetain(0).withReaderRecord(Optional.of("dev-ro.example.internal")).build();
        FakeAws stale = FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                .clone(YESTERDAY, ABORTED, "available", 1).readerRecordAt(YESTERDAY);
        assertThat(Planner.plan(p, stale.observation(), NOW, Set.of(Step.CONNECT, Step.CLEAN)).actions())
                .extracting(PlannerTest::brief).containsExactly("SwitchRecord " + TODAY);
        assertThat(Planner.planStep(p, stale.observation(), NOW, Step.CLEAN, Set.of(Step.CONNECT), Optional.empty())
                .actions()).isEmpty();
        // the clean of a pass that plans on its own projection, and the next look, see the record on today's clone
        Observation corrected = Projection.after(stale.observation(),
                List.of(new Action.SwitchRecord(TODAY, FakeAws.endpoint(TODAY), Optional.of(FakeAws.readerEndpoint(TODAY)))));
        assertThat(corrected.readerRecord().orElseThrow().pointsAt(FakeAws.readerEndpoint(TODAY))).isTrue();
        assertThat(Planner.plan(p, corrected, NOW, Set.of(Step.CONNECT, Step.CLEAN)).actions())
                .extracting(PlannerTest::brief).containsExactly("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY);
    }

    @org.junit.jupiter.api.Test
    void allStepsAtOnceCarryConnectIntoClean() {
        // What dry-run shows: the clone switched to today's, so yesterday's is aborted and deleted.
        FakeAws w = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY)
                .clone(TODAY, CREATED, "available", 0).masterSecret(TODAY);
        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Step.ALL);
        assertThat(plan.actions()).extracting(PlannerTest::brief).containsExactly(
                "PromoteReady " + TODAY, "SwitchRecord " + TODAY, "SetLifecycle " + TODAY + " connected",
                "SetLifecycle " + YESTERDAY + " aborted", "DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY);
    }

    @org.junit.jupiter.api.Test
    void postCloneSqlIsAPlannedStepBeforeTheReadyTagUntilTheCloneRecordsItsDigest() {
        PostCloneSql hooks = new PostCloneSql("d1", List.of("01-functions.sql", "02-mask.sql"));
        FakeAws w = FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).masterSecret(TODAY);
        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.WAIT), Optional.of(hooks));
        assertThat(plan.actions()).extracting(PlannerTest::brief).containsExactly("RunPostCloneSql " + TODAY,
                "PromoteReady " + TODAY);
        assertThat(plan.actions().get(0).describe()).isEqualTo("run post-clone SQL on " + TODAY
                + ": 01-functions.sql, 02-mask.sql");

        Map<String, String> done = new java.util.LinkedHashMap<>(FakeAws.tags("dev", FakeAws.SOURCE, CREATED, NOW));
        done.put(Tags.HOOKS_DIGEST, "d1");
        FakeAws hooked = FakeAws.at(NOW).cluster(TODAY, done, "available", false).masterSecret(TODAY);
        assertThat(Planner.plan(Pipelines.dev().build(), hooked.observation(), NOW, Set.of(Step.WAIT), Optional.of(hooks)).actions())
                .extracting(PlannerTest::brief).containsExactly("PromoteReady " + TODAY);
        // other hooks (the files changed): they run on a clone that has not had them
        assertThat(Planner.plan(Pipelines.dev().build(), hooked.observation(), NOW, Set.of(Step.WAIT),
                Optional.of(new PostCloneSql("d2", List.of("03-more.sql")))).actions())
                .extracting(PlannerTest::brief).containsExactly("RunPostCloneSql " + TODAY, "PromoteReady " + TODAY);
    }

    @org.junit.jupiter.api.Test
    void aStepPlannedOnAnObservationThatDoesNotShowTheEarlierStepsYetCarriesTheirEffects() {
        FakeAws w = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY)
                .clone(TODAY, CREATED, "available", 0).masterSecret(TODAY);
        Plan clean = Planner.planStep(Pipelines.dev().build(), w.observation(), NOW, Step.CLEAN, EnumSet.of(Step.WAIT, Step.CONNECT),
                Optional.empty());
        assertThat(clean.actions()).extracting(PlannerTest::brief).containsExactly(
                "DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY);
        // nothing carried: the observation is the truth, and yesterday's clone is still the one in use
        assertThat(Planner.planStep(Pipelines.dev().build(), w.observation(), NOW, Step.CLEAN, EnumSet.noneOf(Step.class),
                Optional.empty()).actions()).isEmpty();
    }

    static String brief(Action a) {
        if (a instanceof Action.SetLifecycle s) {
            return "SetLifecycle " + s.cloneId() + " " + s.to().tagValue();
        }
        if (a instanceof Action.CreateInstance i) {
            return "CreateInstance " + i.instanceId();
        }
        if (a instanceof Action.DeleteInstance i) {
            return "DeleteInstance " + i.instanceId();
        }
        return a.getClass().getSimpleName() + " " + a.cloneId();
    }
}
