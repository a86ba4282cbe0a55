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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --clone-cycle replace (docs/design.md, "The clone cycle"): when a new period's clone is due, the
 * records come off the pipeline's clone, it is tagged aborted and deleted, and the restore waits
 * until it is gone; a run stopped anywhere is finished by the next.
 */
class PlannerCloneCycleTest {
    private static final String TODAY = "dev-20261125";
    private static final String YESTERDAY = "dev-20261124";
    private static final String TWO_DAYS = "dev-20261123";

    static Stream<Arguments> replaceCycle() {
        return Stream.of(
                row("no clone yet: the first clone, as overlap",
                        () -> FakeAws.at(NOW), List.of("CreateClone " + TODAY), List.of(TODAY)),
                row("yesterday's connected clone: record off, tagged aborted, deleted; the restore waits",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY),
                        List.of("RemoveRecords " + YESTERDAY, "SetLifecycle " + YESTERDAY + " aborted",
                                "DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY),
                        List.of(YESTERDAY)),
                row("the reader record comes off with the writer record",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY)
                                .readerRecordAt(YESTERDAY),
                        List.of("RemoveRecords " + YESTERDAY + " [" + FakeAws.RECORD + ", " + FakeAws.READER_RECORD + "]",
                                "SetLifecycle " + YESTERDAY + " aborted", "DeleteInstance " + YESTERDAY + "-1",
                                "DeleteCluster " + YESTERDAY),
                        List.of(YESTERDAY)),
                row("stopped after the record delete: the clone still tagged connected is aborted and deleted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1),
                        List.of("SetLifecycle " + YESTERDAY + " aborted", "DeleteInstance " + YESTERDAY + "-1",
                                "DeleteCluster " + YESTERDAY),
                        List.of(YESTERDAY)),
                row("stopped after the tag: deleted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "available", 1),
                        List.of("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY), List.of(YESTERDAY)),
                row("stopped during the delete: instance deleting, the cluster is deleted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "available", 1).instanceStatus(YESTERDAY + "-1", "deleting"),
                        List.of("DeleteCluster " + YESTERDAY), List.of(YESTERDAY)),
                row("the old clone deleting: the restore waits (AWS counts a clone being deleted)",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "deleting", 1), List.of(), List.of(YESTERDAY)),
                row("a ready clone never connected, and a failed one: both deleted before the restore",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, READY, "available", 1).clone(TWO_DAYS, FAILED, "available", 2),
                        List.of("SetLifecycle " + YESTERDAY + " aborted", "DeleteInstance " + YESTERDAY + "-1",
                                "DeleteCluster " + YESTERDAY, "DeleteInstance " + TWO_DAYS + "-1", "DeleteCluster " + TWO_DAYS),
                        List.of(YESTERDAY, TWO_DAYS)),
                row("yesterday's clone still created: aborted and deleted",
                        () -> FakeAws.at(NOW).clone(YESTERDAY, CREATED, "creating", 1),
                        List.of("SetLifecycle " + YESTERDAY + " aborted", "DeleteInstance " + YESTERDAY + "-1",
                                "DeleteCluster " + YESTERDAY),
                        List.of(YESTERDAY)),
                row("today's clone exists: nothing more to clone, nothing deleted",
                        () -> FakeAws.at(NOW).clone(TODAY, READY, "available", 0), List.of(), List.of()));
    }

    private static Arguments row(String name, Supplier<FakeAws> world, List<String> actions, List<String> waitingFor) {
        return Arguments.of(name, world, actions, waitingFor);
    }

    private static Pipeline replace() {
        return Pipelines.dev().withReaderRecord(Optional.of(FakeAws.READER_RECORD)).withCloneCycle(CloneCycle.REPLACE).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replaceCycle")
    void theCloneStepMakesWayBeforeItRestores(String name, Supplier<FakeAws> world, List<String> actions, List<String> waitingFor) {
        Plan plan = Planner.plan(replace(), world.get().observation(), NOW, Set.of(Step.CLONE));

        assertThat(plan.actions()).extracting(PlannerCloneCycleTest::brief).containsExactlyElementsOf(actions);
        assertThat(plan.pending()).extracting(Plan.Pending::cloneId).containsExactlyElementsOf(waitingFor);
        assertThat(plan.blockers()).isEmpty();
    }

    @Test
    void theOverlapCycleKeepsYesterdaysCloneConnectedWhileTodaysIsMade() {
        Observation obs = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY).observation();

        Plan plan = Planner.plan(Pipelines.dev().build(), obs, NOW, Set.of(Step.CLONE));

        assertThat(plan.actions()).extracting(PlannerCloneCycleTest::brief).containsExactly("CreateClone " + TODAY);
    }

    @Test
    void aHeldCloneBlocksTheReplaceCycleAsItBlocksAClone() {
        Map<String, String> held = new LinkedHashMap<>(FakeAws.tags("dev", FakeAws.SOURCE, CONNECTED, NOW.minus(Duration.ofDays(1))));
        held.put(Tags.HELD_SINCE, "2026-11-24T09:00:00Z");
        held.put(Tags.HOLD_REASON, "QA cycle");
        Observation obs = FakeAws.at(NOW).cluster(YESTERDAY, held, "available", false).recordAt(YESTERDAY).observation();

        Plan plan = Planner.plan(replace(), obs, NOW, Set.of(Step.CLONE, Step.CONNECT, Step.CLEAN));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.hold()).isPresent();
    }

    @Test
    void theRecordsRemovedAreTheOnesObservedOnTheCloneAndNeverOneThatPointsElsewhere() {
        FakeAws world = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY);
        world.records.put(FakeAws.READER_RECORD, "someone-elses-db.example.internal");

        Plan plan = Planner.plan(replace(), world.observation(), NOW, Set.of(Step.CLONE));

        Action.RemoveRecords remove = (Action.RemoveRecords) plan.actions().get(0);
        assertThat(remove.records()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(FakeAws.RECORD);
            assertThat(r.value()).contains(FakeAws.endpoint(YESTERDAY));
        });
        assertThat(remove.describe()).contains("the name has no database until the new clone is connected");
    }

    @Test
    void aStoppedCloneInTheWayIsLeftAsCleanLeavesItAndTheRestoreWaits() {
        Observation obs = FakeAws.at(NOW).clone(YESTERDAY, ABORTED, "stopped", 1).observation();

        Plan plan = Planner.plan(replace(), obs, NOW, Set.of(Step.CLONE));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.leftStopped()).singleElement().asString().contains(YESTERDAY).contains("start-db-cluster");
    }

    @Test
    void theForecastTakesTheRecordOffDeletesWaitsThenClonesAndConnects() {
        Observation obs = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY).observation();

        Forecast f = Forecast.of(replace(), obs, NOW, Step.ALL, List.of(), Optional.empty());

        assertThat(f.blockers()).isEmpty();
        assertThat(f.entries()).extracting(e -> e.step().label() + " " + e.action().map(PlannerCloneCycleTest::brief)
                .orElse("wait " + e.cloneId())).startsWith("clone RemoveRecords " + YESTERDAY,
                        "clone SetLifecycle " + YESTERDAY + " aborted", "clone DeleteInstance " + YESTERDAY + "-1",
                        "clone DeleteCluster " + YESTERDAY, "clone wait " + YESTERDAY, "clone CreateClone " + TODAY)
                .contains("connect SwitchRecord " + TODAY);
        assertThat(f.entries().get(0).text()).contains("the name has no database until the new clone is connected");
    }

    static String brief(Action a) {
        if (a instanceof Action.RemoveRecords r) {
            return "RemoveRecords " + r.cloneId() + (r.records().size() > 1
                    ? " " + r.records().stream().map(DnsRecord::name).toList() : "");
        }
        return PlannerTest.brief(a);
    }
}
