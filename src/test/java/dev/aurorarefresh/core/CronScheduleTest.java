package dev.aurorarefresh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the next run is due, as Kubernetes' cron would start it. */
class CronScheduleTest {
    private static Instant next(String line, String after) {
        return CronSchedule.parse(line, ZoneOffset.UTC).nextAfter(Instant.parse(after)).orElseThrow();
    }

    @Test
    void theShippedWeekdayScheduleSkipsTheWeekend() {
        assertThat(next("30 5 * * 1-5", "2026-11-25T06:10:00Z")).isEqualTo("2026-11-26T05:30:00Z"); // Wed -> Thu
        assertThat(next("30 5 * * 1-5", "2026-11-27T05:30:00Z")).isEqualTo("2026-11-30T05:30:00Z"); // Fri -> Mon
        assertThat(next("30 5 * * MON-FRI", "2026-11-28T12:00:00Z")).isEqualTo("2026-11-30T05:30:00Z"); // Sat -> Mon
        assertThat(next("30 5 * * 1-5", "2026-11-30T05:29:59Z")).isEqualTo("2026-11-30T05:30:00Z");
    }

    @Test
    void listsStepsNamesAndMacros() {
        assertThat(next("@daily", "2026-11-25T06:00:00Z")).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(next("*/20 */6 * * *", "2026-11-25T06:41:00Z")).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(next("0 3 1,15 * *", "2026-11-02T00:00:00Z")).isEqualTo("2026-11-15T03:00:00Z");
        assertThat(next("0 0 * JAN sun", "2026-11-25T00:00:00Z")).isEqualTo("2027-01-03T00:00:00Z");
        assertThat(next("0 0 * * 7", "2026-11-25T00:00:00Z")).isEqualTo("2026-11-29T00:00:00Z"); // 7 is Sunday
        // both day fields restricted: either matches (the 1st, or any Monday)
        assertThat(next("0 0 1 * 1", "2026-11-25T00:00:00Z")).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
    }

    @Test
    void inItsTimeZoneAcrossADaylightSavingChange() {
        CronSchedule berlin = CronSchedule.parse("30 5 * * *", ZoneId.of("Europe/Berlin"));
        assertThat(berlin.nextAfter(Instant.parse("2026-03-28T12:00:00Z"))).hasValue(Instant.parse("2026-03-29T03:30:00Z"));
        CronSchedule gap = CronSchedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin")); // 02:30 does not exist on 29 March
        assertThat(gap.nextAfter(Instant.parse("2026-03-28T12:00:00Z"))).hasValue(Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void badLinesSayWhichField() {
        assertThatThrownBy(() -> CronSchedule.parse("30 5 * *", ZoneOffset.UTC)).hasMessage("it has 4 fields, not 5");
        assertThatThrownBy(() -> CronSchedule.parse("60 5 * * *", ZoneOffset.UTC)).hasMessage("minute '60' is not 0-59");
        assertThatThrownBy(() -> CronSchedule.parse("0 5 * * 5-1", ZoneOffset.UTC))
                .hasMessage("day of week range '5-1' runs backwards");
        assertThatThrownBy(() -> CronSchedule.parse("0 5 * DEX *", ZoneOffset.UTC)).hasMessage("month 'DEX' is not 1-12 or JAN-DEC");
        assertThat(CronSchedule.parse("0 0 30 2 *", ZoneOffset.UTC).nextAfter(Instant.EPOCH)).isEmpty();
    }
}
