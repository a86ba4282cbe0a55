package dev.aurorarefresh.fault;

import dev.aurorarefresh.testing.LastingRefusals;
import dev.aurorarefresh.testing.RefusalDays;
import dev.aurorarefresh.testing.RefusalDays.Day;
import dev.aurorarefresh.testing.RefusalDays.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not a test but a measurement, run by scripts/bench-refusals.sh (its name keeps it out of the
 * suite): for each lasting refusal of issue 21, 10 days of daily passes with it on and 2 with it
 * lifted, on a fake clock through the strict twin; prints what the pipeline holds each day and
 * where the bound of docs/design.md breaks. Asserts nothing. {@code -Drefusals.only=TEXT} runs the
 * refusals whose name contains TEXT.
 */
class RefusalDaysBench {
    static final int DAYS = 10;

    @Test
    void printFigures() {
        String only = System.getProperty("refusals.only", "");
        for (Scenario s : LastingRefusals.ALL) {
            if (!s.name().contains(only)) {
                continue;
            }
            List<Day> days = RefusalDays.run(s, DAYS, 2);
            Day last = days.get(DAYS - 1);
            System.out.printf("refusals| %s%n", s.name());
            days.forEach(d -> System.out.printf("refusals|   %s | %s%n", d.figures(), firstLine(d.message())));
            long broken = days.stream().filter(d -> !RefusalDays.boundBroken(d, 0).isEmpty()).count();
            System.out.printf("refusals|   after %d days: %d clusters, %d without instances, %d snapshots, %d full copies;"
                    + " bound broken on %d of %d days; day %d (lifted) exit %d with %d clusters%n", DAYS, last.clusters().size(),
                    last.instanceless().size(), last.snapshots(), last.fullCopies(), broken, days.size(), DAYS + 1,
                    days.get(DAYS).exitCode(), days.get(DAYS).clusters().size());
        }
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
