package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.LastingRefusals;
import dev.aurorarefresh.testing.RefreshFixture;
import dev.aurorarefresh.testing.RefusalDays;
import dev.aurorarefresh.testing.RefusalDays.Day;
import dev.aurorarefresh.testing.RefusalDays.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant 11 (docs/design.md): whatever AWS keeps refusing, every day, the pipeline holds at most
 * retain + 2 clusters (besides those in their grace period) and no cluster without instances older
 * than one period; and the day the refusal lifts, the pass completes and converges. Each lasting
 * refusal of issue 21 (LastingRefusals) for 10 daily passes on a fake clock through the strict
 * twin, then lifted.
 */
class RefusalDaysTest {
    static final int DAYS = 10;

    /** Every lasting refusal; {@code -Drefusals.only=TEXT}, those whose name contains TEXT. */
    static Stream<Scenario> refusals() {
        return LastingRefusals.ALL.stream().filter(s -> s.name().contains(System.getProperty("refusals.only", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theBoundHoldsEveryDayAndThePipelineRecoversTheDayTheRefusalLifts(Scenario refusal) {
        List<Day> days = RefusalDays.run(refusal, DAYS, 1, (fixture, day) -> {
            assertThat(RefusalDays.boundBroken(day, 0)).as(day.figures()).isEmpty();
            fixture.assertNothingNotOursChanged();
            if (day.day() == DAYS + 1) {
                assertThat(day.exitCode()).as("the day the refusal lifts: %s", day.message()).isZero();
                fixture.assertConverged(RefreshFixture.cloneFor(RefusalDays.day(day.day())));
            }
        });

        assertThat(days).hasSize(DAYS + 1);
        assertThat(days.subList(0, DAYS)).as("no full copy is ever made").allSatisfy(d -> assertThat(d.fullCopies()).isZero());
    }
}
