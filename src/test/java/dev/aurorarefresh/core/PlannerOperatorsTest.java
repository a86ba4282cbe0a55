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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What operators control: the grace period of a replaced clone, a hold, a rollback within the period. */
class PlannerOperatorsTest {
    private static final String TODAY = "dev-20261125";
    private static final String YESTERDAY = "dev-20261124";
    private static final Pipeline GRACE_2H = Pipelines.dev().withKeepReplacedFor(Duration.ofHours(2)).build();

    private static FakeAws replacedAt(Instant abortedAt) {
        Map<String, String> tags = new java.util.LinkedHashMap<>(FakeAws.tags("dev", FakeAws.SOURCE, ABORTED, NOW.minus(Duration.ofDays(1))));
        tags.put(Tags.ABORTED_AT, abortedAt.toString());
        return FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY).cluster(YESTERDAY, tags, "available", false);
    }

    @Test
    void aReplacedCloneIsKeptForItsGracePeriodThenDeleted() {
        Plan inside = Planner.plan(GRACE_2H, replacedAt(NOW.minus(Duration.ofMinutes(30))).observation(), NOW, Set.of(Step.CLEAN));
        assertThat(inside.actions()).isEmpty();
        assertThat(inside.inGrace()).containsExactly(new Plan.InGrace(YESTERDAY, NOW.plus(Duration.ofMinutes(90))));

        Plan after = Planner.plan(GRACE_2H, replacedAt(NOW.minus(Duration.ofHours(3))).observation(), NOW, Set.of(Step.CLEAN));
        assertThat(after.actions()).extracting(PlannerTest::brief)
                .containsExactly("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY);
        assertThat(after.inGrace()).isEmpty();
    }

    @Test
    void retainStillAppliesBeyondTheGracePeriod() {
        Pipeline graceAndRetain = Pipelines.dev().withKeepReplacedFor(Duration.ofHours(2)).withRetain(1).build();
        Plan plan = Planner.plan(graceAndRetain, replacedAt(NOW.minus(Duration.ofHours(3))).observation(), NOW, Set.of(Step.CLEAN));
        assertThat(plan.actions()).as("past its grace, retained by --retain 1").isEmpty();
    }

    @Test
    void theSwitchStampsTheReplacedCloneAndAWholePassKeepsIt() {
        FakeAws w = FakeAws.at(NOW).clone(YESTERDAY, CONNECTED, "available", 1).recordAt(YESTERDAY).clone(TODAY, READY, "available", 0);
        Plan plan = Planner.plan(GRACE_2H, w.observation(), NOW, Step.ALL);
        Action.SetLifecycle aborted = plan.actions().stream().filter(a -> a instanceof Action.SetLifecycle s && s.to() == ABORTED)
                .map(a -> (Action.SetLifecycle) a).findFirst().orElseThrow();
        assertThat(aborted.extraTags()).containsEntry(Tags.ABORTED_AT, "2026-11-25T10:00:00Z");
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.DeleteCluster);
        assertThat(plan.inGrace()).extracting(Plan.InGrace::cloneId).containsExactly(YESTERDAY);
    }

    @Test
    void aHoldClonesNothingAndSwitchesNothingButCleanStillRuns() {
        Map<String, String> held = new java.util.LinkedHashMap<>(FakeAws.tags("dev", FakeAws.SOURCE, CONNECTED, NOW.minus(Duration.ofDays(2))));
        held.put(Tags.HELD_SINCE, "2026-11-23T09:00:00Z");
        held.put(Tags.HOLD_REASON, "QA cycle");
        FakeAws w = FakeAws.at(NOW).cluster("dev-20261123", held, "available", false).recordAt("dev-20261123")
                .clone(TODAY, READY, "available", 0).clone(YESTERDAY, Lifecycle.FAILED, "available", 1);

        Plan plan = Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Step.ALL);

        assertThat(plan.hold()).contains(new Hold("dev-20261123", Instant.parse("2026-11-23T09:00:00Z"), "QA cycle"));
        assertThat(plan.actions()).extracting(PlannerTest::brief)
                .containsExactly("DeleteInstance " + YESTERDAY + "-1", "DeleteCluster " + YESTERDAY);

        held.put(Tags.HELD_SINCE, ""); // released
        FakeAws released = FakeAws.at(NOW).cluster("dev-20261123", held, "available", false).recordAt("dev-20261123")
                .clone(TODAY, READY, "available", 0);
        assertThat(Planner.plan(Pipelines.dev().build(), released.observation(), NOW, Step.ALL).actions())
                .extracting(PlannerTest::brief).contains("SwitchRecord " + TODAY);
    }

    @Test
    void afterARollbackThisPeriodsCloneIsNotMadeAgainButTomorrowsIs() {
        Map<String, String> rolledTo = new java.util.LinkedHashMap<>(FakeAws.tags("dev", FakeAws.SOURCE, CONNECTED, NOW.minus(Duration.ofDays(1))));
        rolledTo.put(Tags.ROLLED_BACK_AT, NOW.minus(Duration.ofHours(1)).toString());
        FakeAws w = FakeAws.at(NOW).cluster(YESTERDAY, rolledTo, "available", false).recordAt(YESTERDAY);

        assertThat(Planner.plan(Pipelines.dev().build(), w.observation(), NOW, Set.of(Step.CLONE)).actions()).isEmpty();
        assertThat(Planner.plan(Pipelines.dev().build(), w.observation(), NOW.plus(Duration.ofDays(1)), Set.of(Step.CLONE)).actions())
                .extracting(PlannerTest::brief).containsExactly("CreateClone dev-20261126");
    }
}
