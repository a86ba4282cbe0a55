package dev.aurorarefresh.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.Pipelines;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry run's forecast against what the real pass then does: for every world of the planner's
 * table, each action the pass took was forecast, in the same order. The forecast is the planner
 * simulated forward, so this is what keeps the simulation honest.
 */
class ForecastTest {

    static List<org.junit.jupiter.params.provider.Arguments> worlds() {
        return PlannerTest.transitions().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void everyActionThePassTookWasForecastInOrder(String name, Supplier<FakeAws> world, Step step, List<String> ignored) {
        FakeAws aws = world.get(); // the planner's world is the pass's AWS
        FakeClock clock = aws.clock;

        PassReport dryRun = new RefreshPass(aws, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(Pipelines.dev().build(), Step.ALL, true);
        assertThat(aws.mutatingCalls()).as("a dry run changes nothing").isZero();
        List<String> forecast = dryRun.forecast().orElseThrow().actions().stream().map(PlannerTest::brief).toList();

        PassReport real = new RefreshPass(aws, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(Pipelines.dev().build(), Step.ALL, false);
        List<String> taken = real.events().stream().map(e -> PlannerTest.brief(e.action())).toList();

        if (!taken.isEmpty()) { // a pass that only waited (and timed out) took nothing to compare
            assertThat(forecast).as("what the pass took (" + real.message() + "), in order").containsSubsequence(taken);
        }
        if (real.outcome() == PassReport.Outcome.NOTHING_TO_DO) {
            assertThat(dryRun.forecast().orElseThrow().entries()).as("nothing to do, nothing forecast").isEmpty();
        }
    }
}
