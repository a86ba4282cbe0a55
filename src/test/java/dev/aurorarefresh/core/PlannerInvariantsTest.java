package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.ABORTED;
import static dev.aurorarefresh.core.Lifecycle.CONNECTED;
import static dev.aurorarefresh.core.Lifecycle.READY;
import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The safety invariants of docs/design.md, each shown on a fixture, then checked over randomised worlds. */
class PlannerInvariantsTest {
    private static final Instant YESTERDAY = NOW.minus(Duration.ofDays(1));

    @Test
    void invariant1_onlyClustersWithBothTagsAndThePrefixAreOurs() {
        FakeAws w = FakeAws.at(NOW)
                .cluster("dev-20261120", FakeAws.tags("qa", FakeAws.SOURCE, ABORTED, YESTERDAY), "available", false)
                .cluster("dev-20261121", FakeAws.tags("dev", "other-source", ABORTED, YESTERDAY), "available", false)
                .cluster("devx-20261122", FakeAws.tags("dev", FakeAws.SOURCE, ABORTED, YESTERDAY), "available", false)
                .cluster("dev-20261123", Map.of(Tags.LIFECYCLE, "aborted"), "available", false)
                .cluster("dev-20261124", Map.of(), "available", false);
        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Step.ALL);
        assertThat(touched(plan)).isSubsetOf(Set.of("dev-20261125"));
    }

    @Test
    void invariant1_aClusterWithTodaysNameThatIsNotOursBlocksTheCloneStep() {
        FakeAws w = FakeAws.at(NOW).cluster("dev-20261125", Map.of("team", "someone-else"), "available", false);
        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CLONE));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.blockers()).singleElement().asString().contains("dev-20261125").contains("not owned");
    }

    @Test
    void invariant2_theSourceIsNeverTouchedWhateverItsTags() {
        // The source is named like a clone of this pipeline and carries our tags, lifecycle aborted.
        Pipeline p = Pipelines.dev().withSource("dev-main").build();
        FakeAws w = FakeAws.at(NOW).source("dev-main", FakeAws.tags("dev", "dev-main", ABORTED, YESTERDAY));
        Plan plan = Planner.plan(p, w.observation(), NOW, Step.ALL);
        assertThat(touched(plan)).doesNotContain("dev-main");
    }

    @Test
    void invariant3_theRecordsTargetIsNeverDeletedEvenIfTaggedAborted() {
        FakeAws w = FakeAws.at(NOW).clone("dev-20261124", ABORTED, "available", 1).recordAt("dev-20261124")
                .clone("dev-20261123", ABORTED, "available", 2).readerRecordAt("dev-20261123");
        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CLEAN, Step.CONNECT));
        assertThat(deleted(plan)).isEmpty();
    }

    /** --clone-cycle replace deletes the connected clone to make way, but only once the records are off it. */
    @Test
    void invariant3_theReplaceCycleTakesTheRecordsOffBeforeItDeletes() {
        FakeAws w = FakeAws.at(NOW).clone("dev-20261124", CONNECTED, "available", 1).recordAt("dev-20261124")
                .readerRecordAt("dev-20261124");
        Pipeline p = Pipelines.dev().withCloneCycle(CloneCycle.REPLACE).withReaderRecord(Optional.of(FakeAws.READER_RECORD)).build();
        Plan plan = Planner.plan(p, w.observation(), NOW, Step.ALL);
        assertThat(plan.actions().get(0)).isInstanceOf(Action.RemoveRecords.class);
        assertThat(((Action.RemoveRecords) plan.actions().get(0)).records()).hasSize(2);
        assertThat(deletedWhilePointedAt(plan, w.observation())).isEmpty();
        assertThat(deleted(plan)).containsExactly("dev-20261124");
    }

    @Test
    void invariant4_atMostOneClonePerPeriod() {
        for (Lifecycle l : Lifecycle.values()) {
            FakeAws w = FakeAws.at(NOW).clone("dev-20261125", l, "available", 0);
            Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CLONE));
            assertThat(plan.actions()).noneMatch(a -> a instanceof Action.CreateClone);
        }
        // Later in the same day, still the same name.
        Plan plan = Planner.plan(Pipelines.dev().build(), FakeAws.at(NOW).observation(), NOW.plus(Duration.ofHours(13)), Set.of(Step.CLONE));
        assertThat(((Action.CreateClone) plan.actions().get(0)).spec().cloneId()).isEqualTo("dev-20261125");
    }

    @Test
    void invariant5_theRecordIsSwitchedOnlyToAReadyAvailableClone() {
        FakeAws created = FakeAws.at(NOW).clone("dev-20261125", Lifecycle.CREATED, "available", 0);
        FakeAws stopped = FakeAws.at(NOW).clone("dev-20261125", READY, "stopped", 0);
        for (FakeAws w : List.of(created, stopped)) {
            Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CONNECT));
            assertThat(plan.actions()).noneMatch(a -> a instanceof Action.SwitchRecord);
        }
    }

    @Test
    void invariant9_lifecycleTagsGoOnTheInstancesBeforeTheCluster() {
        FakeAws waiting = FakeAws.at(NOW).clone("dev-20261124", CONNECTED, "available", 1).recordAt("dev-20261124")
                .clone("dev-20261125", Lifecycle.CREATED, "available", 0).masterSecret("dev-20261125");
        FakeAws connecting = FakeAws.at(NOW).clone("dev-20261124", CONNECTED, "available", 1).recordAt("dev-20261124")
                .clone("dev-20261125", READY, "available", 0);
        List<Action> actions = new ArrayList<>(
                Planner.plan(Pipelines.dev().build(), waiting.observation(), NOW, Set.of(Step.WAIT)).actions());
        actions.addAll(Planner.plan(Pipelines.dev().build(), connecting.observation(), NOW, Set.of(Step.CONNECT)).actions());
        int tagWrites = 0;
        for (Action a : actions) {
            List<String> arns = a instanceof Action.PromoteReady p ? p.promoted().resourceArns()
                    : a instanceof Action.SetLifecycle l ? l.resourceArns() : null;
            if (arns != null) {
                tagWrites++;
                assertThat(arns).as(a.describe()).containsExactly(
                        "arn:aws:rds:us-east-1:123456789012:db:" + a.cloneId() + "-1",
                        "arn:aws:rds:us-east-1:123456789012:cluster:" + a.cloneId());
            }
        }
        assertThat(tagWrites).as("ready, connected and aborted").isEqualTo(3);
    }

    /**
     * Random worlds of our clones and lookalikes: invariants 1, 2, 3 and 5 hold in every plan.
     * (A switch may also repair a stale reader record of the connected clone: connected was ready.)
     */
    @Test
    void invariantsHoldOverRandomWorlds() {
        Random random = new Random(20261125);
        String[] statuses = {"available", "creating", "deleting", "cloning-failed", "stopped"};
        int plans = 0;
        for (int round = 0; round < 500; round++) {
            boolean replace = random.nextBoolean(); // --clone-cycle replace keeps no clone (--retain 0)
            Pipeline p = Pipelines.dev().withRetain(replace ? 0 : random.nextInt(3)).withCloneCycle(replace ? CloneCycle.REPLACE
                    : CloneCycle.OVERLAP).withReaderRecord(Optional.of("dev-ro.example.internal")).build();
            FakeAws w = FakeAws.at(NOW);
            Set<String> ours = new HashSet<>();
            Set<String> ready = new HashSet<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String id = "dev-202611" + (10 + i);
                Lifecycle l = Lifecycle.values()[random.nextInt(Lifecycle.values().length)];
                String status = statuses[random.nextInt(statuses.length)];
                Instant created = NOW.minus(Duration.ofHours(random.nextInt(24 * 10)));
                switch (random.nextInt(4)) {
                    case 0 -> w.cluster(id, FakeAws.tags("qa", FakeAws.SOURCE, l, created), status, random.nextBoolean());
                    case 1 -> w.cluster("x" + id, FakeAws.tags("dev", FakeAws.SOURCE, l, created), status, false);
                    default -> {
                        w.cluster(id, FakeAws.tags("dev", FakeAws.SOURCE, l, created), status, random.nextBoolean());
                        ours.add(id);
                        if ((l == READY || l == CONNECTED) && status.equals("available")) {
                            ready.add(id);
                        }
                    }
                }
            }
            List<String> all = w.clusters.keySet().stream().filter(id -> !id.equals(FakeAws.SOURCE)).toList();
            if (!all.isEmpty() && random.nextBoolean()) {
                w.recordAt(all.get(random.nextInt(all.size())));
            }
            if (!all.isEmpty() && random.nextBoolean()) {
                w.readerRecordAt(all.get(random.nextInt(all.size())));
            }
            if (random.nextBoolean()) {
                w.source(FakeAws.SOURCE, FakeAws.tags("dev", FakeAws.SOURCE, ABORTED, NOW));
            }
            Observation obs = w.observation();
            for (Step step : Step.values()) {
                Plan plan = Planner.plan(p, obs, NOW, Set.of(step));
                plans++;
                Set<String> touched = touched(plan);
                touched.remove("dev-20261125"); // today's new clone
                assertThat(touched).as("round %d step %s", round, step).isSubsetOf(ours);
                assertThat(touched).doesNotContain(FakeAws.SOURCE);
                Set<String> inUse = new HashSet<>();
                for (String id : all) {
                    if (obs.writerRecord().pointsAt(FakeAws.endpoint(id))
                            || obs.readerRecord().get().pointsAt(FakeAws.readerEndpoint(id))) {
                        inUse.add(id);
                    }
                }
                Set<String> deletedInUse = deleted(plan);
                deletedInUse.retainAll(inUse);
                if (replace) { // a clone the records were taken off first, never one a record still points at
                    assertThat(deletedWhilePointedAt(plan, obs)).as("round %d", round).isEmpty();
                    assertThat(deletedInUse).as("round %d", round).isSubsetOf(recordsRemoved(plan));
                    assertThat(recordsRemoved(plan)).as("round %d", round).isSubsetOf(ours);
                } else {
                    assertThat(deletedInUse).as("round %d", round).isEmpty();
                }
                if (replace && plan.actions().stream().anyMatch(a -> a instanceof Action.CreateClone)) {
                    assertThat(ours).as("round %d: restored only once no clone of ours is left", round).isEmpty();
                }
                for (Action a : plan.actions()) {
                    if (a instanceof Action.SwitchRecord) {
                        assertThat(ready).as("round %d", round).contains(a.cloneId());
                    }
                }
            }
        }
        assertThat(plans).isEqualTo(2000);
    }

    /** The clones the plan deletes while, after the actions before the delete, a record still points at them. */
    private static Set<String> deletedWhilePointedAt(Plan plan, Observation obs) {
        Projection world = Projection.replaying(obs);
        Set<String> ids = new HashSet<>();
        for (Action a : plan.actions()) {
            if (deleted(new Plan(List.of(a), List.of(), List.of(), List.of(), List.of(), Optional.empty())).contains(a.cloneId())
                    && world.inUse(a.cloneId())) {
                ids.add(a.cloneId());
            }
            world.apply(a);
        }
        return ids;
    }

    private static Set<String> recordsRemoved(Plan plan) {
        Set<String> ids = new HashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.RemoveRecords).forEach(a -> ids.add(a.cloneId()));
        return ids;
    }

    private static Set<String> touched(Plan plan) {
        Set<String> ids = new HashSet<>();
        plan.actions().forEach(a -> ids.add(a.cloneId()));
        return ids;
    }

    private static Set<String> deleted(Plan plan) {
        Set<String> ids = new HashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.DeleteCluster || a instanceof Action.DeleteInstance
                || a instanceof Action.DisableDeletionProtection).forEach(a -> ids.add(a.cloneId()));
        return ids;
    }
}
