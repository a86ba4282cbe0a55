package dev.aurorarefresh.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron line as a Kubernetes CronJob takes it (minute hour day-of-month month
 * day-of-week; numbers, names, *, ranges, lists and steps; @daily and friends), in a time zone.
 * The job is told its own schedule so it can say when its next run is due, and the alerts compare
 * the clock against that instead of a fixed number of hours.
 */
public record CronSchedule(String line, ZoneId zone, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
        BitSet daysOfWeek, boolean anyDayOfMonth, boolean anyDayOfWeek) {
    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough for any valid line (Feb 29 on a given weekday recurs within 28 years). */
    private static final int SEARCH_DAYS = 366 * 29;

    /** @throws IllegalArgumentException with a short reason, for the caller's one-line message */
    public static CronSchedule parse(String text, ZoneId zone) {
        String line = text.trim().replaceAll("\\s+", " ");
        String[] f = MACROS.getOrDefault(line.toLowerCase(Locale.ROOT), line).split(" ");
        if (f.length != 5) {
            throw new IllegalArgumentException("it has " + f.length + " fields, not 5");
        }
        BitSet dow = field(f[4], 0, 7, DAYS, "day of week");
        if (dow.get(7)) {
            dow.set(0); // 7 is Sunday too
        }
        return new CronSchedule(line, zone, field(f[0], 0, 59, List.of(), "minute"), field(f[1], 0, 23, List.of(), "hour"),
                field(f[2], 1, 31, List.of(), "day of month"), field(f[3], 1, 12, MONTHS, "month"), dow,
                f[2].startsWith("*"), f[4].startsWith("*"));
    }

    /** The first scheduled time strictly after {@code after}; empty if the line never matches (e.g. 30 2 31 2 *). */
    public Optional<Instant> nextAfter(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!matches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    LocalDateTime local = day.atTime(h, m);
                    if (zone.getRules().getValidOffsets(local).isEmpty()) {
                        continue; // skipped by a daylight-saving change
                    }
                    Instant t = local.atZone(zone).toInstant();
                    if (t.isAfter(after)) {
                        return Optional.of(t);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean matches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        // cron: when both day fields are restricted, either one matching is enough
        if (!anyDayOfMonth && !anyDayOfWeek) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String text, int min, int max, List<String> names, String what) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String[] stepped = part.split("/", -1);
            if (stepped.length > 2) {
                throw new IllegalArgumentException(what + " '" + part + "' has two steps");
            }
            int step = stepped.length == 2 ? number(stepped[1], 1, max, List.of(), what) : 1;
            int from;
            int to;
            if (stepped[0].equals("*")) {
                from = min;
                to = max;
            } else if (stepped[0].contains("-")) {
                String[] range = stepped[0].split("-", -1);
                if (range.length != 2) {
                    throw new IllegalArgumentException(what + " '" + part + "' is not a range");
                }
                from = number(range[0], min, max, names, what);
                to = number(range[1], min, max, names, what);
                if (to < from) {
                    throw new IllegalArgumentException(what + " range '" + part + "' runs backwards");
                }
            } else {
                from = number(stepped[0], min, max, names, what);
                to = stepped.length == 2 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, List<String> names, String what) {
        int named = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + (names == MONTHS ? 1 : 0);
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not " + min + "-" + max
                + (names.isEmpty() ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1)));
    }
}
