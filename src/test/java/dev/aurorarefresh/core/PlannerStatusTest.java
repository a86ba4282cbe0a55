package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.ABORTED;
import static dev.aurorarefresh.core.Lifecycle.CONNECTED;
import static dev.aurorarefresh.core.Lifecycle.CREATED;
import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The odd RDS statuses, one row each: a stopped or broken source, a clone that will never become
 * available by itself, a clone clean cannot delete. Each has one outcome: the actions, what is
 * waited for, what blocks the step, what the step leaves (and reports) while doing the rest.
 */
class PlannerStatusTest {
    private static final String TODAY = "dev-20261125";
    private static final String YESTERDAY = "dev-20261124";
    private static final String TWO_DAYS = "dev-20261123";

    record Outcome(List<String> actions, List<String> pending, List<String> blockers, List<String> held) {
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                row("stopped source: cloned all the same (Aurora keeps its log for restores while stopped)",
                        () -> FakeAws.at(NOW).sourceStatus("stopped"), Step.CLONE,
                        List.of("CreateClone " + TODAY), List.of("instances are created once"), List.of(), List.of()),
                row("source being deleted: nothing cloned, the step says why",
                        () -> FakeAws.at(NOW).sourceStatus("deleting"), Step.CLONE,
                        List.of(), List.of(), List.of("source prod-db is deleting: RDS cannot clone it"), List.of()),
                row("source whose KMS key is lost: nothing cloned",
                        () -> FakeAws.at(NOW).sourceStatus("inaccessible-encryption-credentials-recoverable"), Step.CLONE,
                        List.of(), List.of(), List.of("is inaccessible-encryption-credentials-recoverable: RDS cannot clone it"), List.of()),
                row("source failed (incompatible-network): nothing cloned",
                        () -> FakeAws.at(NOW).sourceStatus("incompatible-network"), Step.CLONE,
                        List.of(), List.of(), List.of("is incompatible-network"), List.of()),
                row("clone modifying: waited for",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "modifying", 0), Step.WAIT,
                        List.of(), List.of("cluster modifying"), List.of(), List.of()),
                row("clone lost its KMS key (recoverable): failed, with what to check",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "inaccessible-encryption-credentials-recoverable", 0), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed: cluster status inaccessible-encryption-credentials-recoverable: "
                                + "the KMS key is disabled, deleted or not granted"), List.of(), List.of(), List.of()),
                row("clone lost its KMS key: failed",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "inaccessible-encryption-credentials", 0), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed: cluster status inaccessible-encryption-credentials"),
                        List.of(), List.of(), List.of()),
                row("clone incompatible-restore: failed",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "incompatible-restore", 0), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed: cluster status incompatible-restore: RDS cannot run it"),
                        List.of(), List.of(), List.of()),
                row("an instance with no capacity: failed, naming the instance",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).instanceStatus(TODAY + "-1", "insufficient-capacity"),
                        Step.WAIT, List.of("SetLifecycle " + TODAY + " failed: instance " + TODAY + "-1 status insufficient-capacity"),
                        List.of(), List.of(), List.of()),
                row("clone stopped before it was ready: failed, not waited for",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "stopped", 0), Step.WAIT,
                        List.of("SetLifecycle " + TODAY + " failed: cluster status stopped: someone stopped it"),
                        List.of(), List.of(), List.of()),
                row("clone stopped with no instance yet: the clone step does not wait for it",
                        () -> FakeAws.at(NOW).clone(TODAY, CREATED, "stopped", 0).withoutInstances(TODAY), Step.CLONE,
                        List.of(), List.of(), List.of(), List.of()),
                row("stopped clone to clean: left, with how to unblock it",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, ABORTED, "stopped", 1), Step.CLEAN,
                        List.of(), List.of(), List.of(), List.of(YESTERDAY + " is stopped: RDS deletes neither")),
                row("a stopped clone never blocks cleaning the others",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, ABORTED, "stopping", 1).clone(TWO_DAYS, ABORTED, "available", 2), Step.CLEAN,
                        List.of("DeleteInstance " + TWO_DAYS + "-1", "DeleteCluster " + TWO_DAYS), List.of(), List.of(),
                        List.of(YESTERDAY + " is stopping")),
                row("a starting clone to clean: waited for, then deleted",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, ABORTED, "starting", 1), Step.CLEAN,
                        List.of(), List.of("starting: deleted once it is available"), List.of(), List.of()),
                row("a broken clone to clean (incompatible-parameters) is deleted like any other",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY)
                                .clone(YESTERDAY, ABORTED, "incompatible-parameters", 1), Step.CLEAN,
                        List.of("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY), List.of(), List.of(), List.of()),
                row("the connected clone stopped: left alone (the record is on it), no failure",
                        () -> FakeAws.at(NOW).clone(TODAY, CONNECTED, "stopped", 0).recordAt(TODAY), Step.CLEAN,
                        List.of(), List.of(), List.of(), List.of()));
    }

    private static Arguments row(String name, Supplier<FakeAws> world, Step step, List<String> actions, List<String> pending,
            List<String> blockers, List<String> held) {
        return Arguments.of(name, world, step, new Outcome(actions, pending, blockers, held));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void eachStatusHasOneOutcome(String name, Supplier<FakeAws> world, Step step, Outcome expected) {
        Plan plan = Planner.plan(Pipelines.dev().build(), world.get().observation(), NOW, Set.of(step));

        assertThat(plan.actions()).extracting(PlannerStatusTest::brief).hasSameSizeAs(expected.actions());
        for (int i = 0; i < expected.actions().size(); i++) {
            assertThat(brief(plan.actions().get(i))).startsWith(expected.actions().get(i));
        }
        assertPrefixes(plan.pending().stream().map(Plan.Pending::reason).toList(), expected.pending());
        assertPrefixes(plan.blockers(), expected.blockers());
        assertPrefixes(plan.leftStopped(), expected.held());
    }

    /** Same count, and each message contains the expected words. */
    private static void assertPrefixes(List<String> actual, List<String> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).contains(expected.get(i));
        }
    }

    private static String brief(Action a) {
        if (a instanceof Action.SetLifecycle s) {
            return "SetLifecycle " + s.cloneId() + " " + s.to().tagValue() + ": " + s.reason();
        }
        return PlannerTest.brief(a);
    }
}
