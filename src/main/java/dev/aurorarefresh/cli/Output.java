package dev.aurorarefresh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** What a step command prints: the summary of a pass on stdout, a failure as one line on stderr. */
final class Output {
    private Output() {
    }

    /** AWS calls as the summary counts them: all, and those that change something. */
    record Calls(long total, long mutating) {
        static Calls of(Map<AwsCallRecorder.Call, Long> snapshot) {
            return new Calls(snapshot.values().stream().mapToLong(Long::longValue).sum(),
                    snapshot.entrySet().stream().filter(e -> e.getKey().mutating()).mapToLong(Map.Entry::getValue).sum());
        }
    }

    static void summary(CommandLine cl, PassReport report, Calls calls) {
        summary(cl, report, calls, "");
    }

    /** @param failurePrefix put before the failure line on stderr (a fleet names the pipeline) */
    static void summary(CommandLine cl, PassReport report, Calls calls, String failurePrefix) {
        PrintWriter out = cl.getOut();
        String command = cl.getCommandName();
        out.printf("aurora-refresh %s%s: pipeline %s%n", command, report.dryRun() ? " --dry-run" : "", report.pipeline());
        report.forecast().ifPresent(f -> forecast(out, f));
        for (Step step : Step.values()) {
            Duration d = report.stepDurations().get(step);
            var events = report.events().stream().filter(e -> e.step() == step).toList();
            if (d == null && events.isEmpty()) {
                continue;
            }
            out.printf("  %-8s %7s  %s%n", step.label(), d == null ? "" : Durations.format(d),
                    events.isEmpty() ? "nothing to do" : events.get(0).cloneId() + ": " + events.get(0).text());
            events.stream().skip(1).forEach(e -> out.printf("  %-8s %7s  %s: %s%n", "", "", e.cloneId(), e.text()));
        }
        report.hold().ifPresent(h -> out.printf("  %s: runs clone nothing and switch nothing until 'aurora-refresh release'%n",
                h.describe()));
        report.inGrace().forEach(k -> out.printf("  kept %s: grace period (--keep-replaced-for) left %s, until %s%s%n", k.cloneId(),
                Durations.format(Duration.between(report.startedAt().plus(report.elapsed()), k.until())), k.until(),
                sessions(report, k.cloneId())));
        report.openSessions().forEach((clone, n) -> {
            if (report.inGrace().stream().noneMatch(k -> k.cloneId().equals(clone))) {
                out.printf("  deleted %s: %d client session(s) were still open on it%n", clone, n);
            }
        });
        out.printf("result: %s (exit %d) in %s; AWS calls: %d (%d mutating)%n",
                report.message(), report.exitCode(), Durations.format(report.elapsed()), calls.total(), calls.mutating());
        failure(cl, report, failurePrefix);
        out.flush();
        cl.getErr().flush();
    }

    /** The dry run's whole pass: what happens now, then what follows once AWS has finished, numbered in order. */
    private static void forecast(PrintWriter out, Forecast f) {
        if (f.entries().isEmpty()) {
            out.println("  plan: nothing to change");
        }
        boolean afterAws = false;
        int n = 1;
        for (Forecast.Entry e : f.entries()) {
            if (e.afterAws() && !afterAws) {
                out.println("  once AWS has finished:");
                afterAws = true;
            }
            if (e.action().isPresent()) {
                out.printf("  %2d. [%s] would %s%n", n++, e.step().label(), e.text());
            } else {
                out.printf("      [%s] %s: %s%n", e.step().label(), e.cloneId(), e.text());
            }
        }
    }

    private static String sessions(PassReport report, String clone) {
        Integer n = report.openSessions().get(clone);
        return n == null ? "" : "; " + n + " client session(s) still open on it";
    }

    /** The report for scripts (--output json): the dry run's plan, in the same order, and the hold and grace left. */
    static void json(CommandLine cl, PassReport report) {
        print(cl, document(report));
        failure(cl, report, "");
        cl.getOut().flush();
        cl.getErr().flush();
    }

    /** A failed pass on stderr, one line; in a fleet also a pipeline found invalid once AWS was read. */
    static void failure(CommandLine cl, PassReport report, String prefix) {
        if (report.outcome() == PassReport.Outcome.FAILED) {
            cl.getErr().println("aurora-refresh: " + prefix + report.message());
        } else if (report.outcome() == PassReport.Outcome.INVALID && !prefix.isEmpty()) {
            cl.getErr().println("aurora-refresh: " + prefix + "invalid configuration: " + report.message());
        }
    }

    static void print(CommandLine cl, Object doc) {
        try {
            cl.getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> document(PassReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pipeline", report.pipeline());
        doc.put("dryRun", report.dryRun());
        doc.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
        doc.put("message", report.message());
        doc.put("exitCode", report.exitCode());
        doc.put("plan", report.forecast().map(f -> f.entries().stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", e.afterAws() ? "after-aws" : "now");
            row.put("step", e.step().label());
            row.put("action", e.action().map(a -> a.getClass().getSimpleName()).orElse("Wait"));
            row.put("clone", e.cloneId());
            row.put("text", e.text());
            return row;
        }).toList()).orElse(List.of()));
        doc.put("events", report.events().stream().map(e -> Map.of("step", e.step().label(), "clone", e.cloneId(),
                "text", e.text())).toList());
        report.hold().ifPresent(h -> doc.put("hold", Map.of("since", h.since().toString(), "reason", h.reason(),
                "clone", h.cloneId())));
        doc.put("kept", report.inGrace().stream().map(k -> Map.of("clone", k.cloneId(), "until", k.until().toString())).toList());
        doc.put("openSessions", report.openSessions());
        return doc;
    }
}
