package dev.aurorarefresh.metrics;

import dev.aurorarefresh.core.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Two simulated weeks of a scheduled job as Prometheus sees it through the Pushgateway, written as
 * a promtool unit test. Time 0 of promtool is 1970-01-01T00:00Z (a Thursday); runs start when the
 * schedule says, take 40 minutes, push at the end what the job pushes (RunMetrics), and the
 * gateway keeps showing the last push until the next. A successful run connects a clone made at
 * its start.
 */
final class ScheduleSimulation {
    static final Duration STEP = Duration.ofMinutes(5);
    static final Duration LENGTH = Duration.ofDays(14);
    static final Duration RUN = Duration.ofMinutes(40);
    private static final String LABELS = "job=\"aurora-refresh\",pipeline=\"dev\",dry_run=\"false\"";

    private final CronSchedule schedule;
    private final boolean toldSchedule;
    private final Predicate<Instant> succeeds;
    private final Instant stopsAt;
    /** name{labels} -> value at each step */
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private final List<Instant> dues = new ArrayList<>();

    /**
     * @param succeeds whether the run due at that time succeeds
     * @param stopsAt  no run starts from then on (the schedule was suspended, or tasks stopped starting)
     */
    ScheduleSimulation(CronSchedule schedule, boolean toldSchedule, Predicate<Instant> succeeds, Instant stopsAt) {
        this.schedule = schedule;
        this.toldSchedule = toldSchedule;
        this.succeeds = succeeds;
        this.stopsAt = stopsAt;
        simulate();
    }

    /** The scheduled times within the two weeks (the runs that did or should have started). */
    List<Instant> dues() {
        return dues;
    }

    private void simulate() {
        int steps = (int) (LENGTH.toSeconds() / STEP.toSeconds()) + 1;
        // before time 0: the last scheduled run succeeded
        Instant previousDue = previousDue(Instant.EPOCH);
        Instant lastRun = previousDue.plus(RUN);
        Instant lastSuccess = lastRun;
        Instant cloneMade = previousDue;
        boolean lastOk = true;
        TreeMap<Instant, Boolean> pushes = new TreeMap<>(); // run end -> succeeded
        for (Instant due = schedule.nextAfter(previousDue).orElseThrow(); due.isBefore(Instant.EPOCH.plus(LENGTH));
                due = schedule.nextAfter(due).orElseThrow()) {
            dues.add(due);
            if (due.isBefore(stopsAt)) {
                pushes.put(due.plus(RUN), succeeds.test(due));
            }
        }
        String[] names = {"aurora_refresh_last_run_timestamp_seconds", "aurora_refresh_last_success_timestamp_seconds",
            "aurora_refresh_next_run_timestamp_seconds", "aurora_refresh_success_due_timestamp_seconds",
            "aurora_refresh_connected_clone_age_seconds", "aurora_refresh_run_result_done",
            "aurora_refresh_run_result_failed"};
        for (String n : names) {
            series.put(n, new double[steps]);
        }
        var pending = new ArrayList<>(pushes.entrySet());
        for (int i = 0; i < steps; i++) {
            Instant now = Instant.EPOCH.plus(STEP.multipliedBy(i));
            while (!pending.isEmpty() && !pending.get(0).getKey().isAfter(now)) {
                var push = pending.remove(0);
                lastRun = push.getKey();
                lastOk = push.getValue();
                if (lastOk) {
                    lastSuccess = lastRun;
                    cloneMade = lastRun.minus(RUN);
                }
            }
            Instant runStart = lastRun.minus(RUN);
            set("aurora_refresh_last_run_timestamp_seconds", i, seconds(lastRun));
            set("aurora_refresh_last_success_timestamp_seconds", i, seconds(lastSuccess));
            set("aurora_refresh_next_run_timestamp_seconds", i, seconds(schedule.nextAfter(runStart).orElseThrow()));
            set("aurora_refresh_success_due_timestamp_seconds", i, seconds(schedule.nextAfter(lastSuccess).orElseThrow()));
            set("aurora_refresh_connected_clone_age_seconds", i, seconds(lastRun) - seconds(cloneMade));
            set("aurora_refresh_run_result_done", i, lastOk ? 1 : 0);
            set("aurora_refresh_run_result_failed", i, lastOk ? 0 : 1);
        }
    }

    private Instant previousDue(Instant before) {
        Instant t = schedule.nextAfter(before.minus(Duration.ofDays(8))).orElseThrow();
        Instant previous = t;
        while (t.isBefore(before)) {
            previous = t;
            t = schedule.nextAfter(t).orElseThrow();
        }
        return previous;
    }

    private void set(String name, int i, double v) {
        series.get(name)[i] = v;
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond();
    }

    /** The promtool input_series: what the job pushes (without --schedule, the two schedule gauges are absent). */
    List<Map<String, String>> inputSeries() {
        List<Map<String, String>> out = new ArrayList<>();
        series.forEach((name, values) -> {
            if (!toldSchedule && (name.contains("next_run") || name.contains("success_due"))) {
                return;
            }
            String selector = name.startsWith("aurora_refresh_run_result_")
                    ? "aurora_refresh_run_result{" + LABELS + ",outcome=\"" + name.substring(name.lastIndexOf('_') + 1) + "\"}"
                    : name + "{" + LABELS + "}";
            out.add(Map.of("series", selector, "values", compress(values)));
        });
        return out;
    }

    /** promtool's expanding notation: "v+0xN" is N+1 samples of v. */
    static String compress(double[] values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < values.length) {
            int j = i;
            while (j + 1 < values.length && values[j + 1] == values[i]) {
                j++;
            }
            out.append(out.isEmpty() ? "" : " ").append(String.format("%.0f+0x%d", values[i], j - i));
            i = j + 1;
        }
        return out.toString();
    }

    /** promtool's duration for an instant of the simulation. */
    static String at(Instant t) {
        return Duration.between(Instant.EPOCH, t).toMinutes() + "m";
    }

    /** A promql_expr_test: exactly these alerts are firing at that time (none: an empty list). */
    static Map<String, Object> firing(Instant t, List<String> alerts) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("expr", "count by (alertname) (ALERTS{alertstate=\"firing\", alertname=~\"AuroraRefresh.*\"})");
        test.put("eval_time", at(t));
        test.put("exp_samples", alerts.stream().sorted()
                .map(a -> Map.of("labels", "{alertname=\"" + a + "\"}", "value", 1)).toList());
        return test;
    }

    Optional<Instant> firstFailure() {
        return dues.stream().filter(d -> d.isBefore(stopsAt) && !succeeds.test(d)).findFirst();
    }
}
