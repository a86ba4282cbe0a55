package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a fleet run prints: each pipeline's report as a single run prints it, then the totals. */
final class FleetOutput {
    private FleetOutput() {
    }

    /**
     * The AWS settings (region, endpoints) and clients, checked once before any pipeline starts: a
     * bad one is one line and exit 2 for the run, not the same failure in every pipeline.
     */
    static void checkAwsSettings(Wiring wiring) {
        wiring.rds();
        wiring.dns();
    }

    /** A pass that threw instead of reporting: its pipeline failed, the others carry on. */
    static PassReport crashed(Fleet.Member m, Throwable e, boolean dryRun) {
        return report(m, PassReport.Outcome.FAILED, "crashed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), dryRun);
    }

    /** A setting found invalid while the pass was being built (its probes' login, say): that pipeline alone. */
    static PassReport invalid(Fleet.Member m, ConfigurationException e, boolean dryRun) {
        return report(m, PassReport.Outcome.INVALID, e.getMessage(), dryRun);
    }

    private static PassReport report(Fleet.Member m, PassReport.Outcome outcome, String message, boolean dryRun) {
        return new PassReport(m.name(), outcome, message, dryRun, Instant.now(), Duration.ZERO, List.of(),
                Map.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());
    }

    /** @return the exit code: the worst of the pipelines' (2 over 1 over 0) */
    static int print(picocli.CommandLine cl, List<PassReport> reports, AwsCallRecorder calls, OutputFormat format,
            Duration wall) {
        int exit = reports.stream().mapToInt(PassReport::exitCode).max().orElse(0);
        Output.Calls total = Output.Calls.of(calls.snapshot());
        Map<PassReport.Outcome, Long> counts = reports.stream()
                .collect(Collectors.groupingBy(PassReport::outcome, Collectors.counting()));
        long done = counts.getOrDefault(PassReport.Outcome.DONE, 0L);
        long nothing = counts.getOrDefault(PassReport.Outcome.NOTHING_TO_DO, 0L);
        long failed = reports.size() - done - nothing;
        if (format == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exitCode", exit);
            doc.put("pipelines", reports.stream().map(r -> {
                Map<String, Object> one = Output.document(r);
                Output.Calls c = Output.Calls.of(calls.snapshot(r.pipeline()));
                one.put("awsCalls", Map.of("total", c.total(), "mutating", c.mutating()));
                return one;
            }).toList());
            doc.put("done", done);
            doc.put("nothingToDo", nothing);
            doc.put("failed", failed);
            doc.put("wallSeconds", wall.toMillis() / 1000.0);
            doc.put("awsCalls", Map.of("total", total.total(), "mutating", total.mutating()));
            Output.print(cl, doc);
            reports.forEach(r -> Output.failure(cl, r, "pipeline " + r.pipeline() + ": "));
        } else {
            for (PassReport r : reports) {
                Output.summary(cl, r, Output.Calls.of(calls.snapshot(r.pipeline())), "pipeline " + r.pipeline() + ": ");
                cl.getOut().println();
            }
            cl.getOut().printf(Locale.ROOT, "fleet: %d pipelines: %d done, %d nothing to do, %d failed (exit %d) in %s; "
                    + "AWS calls: %d (%d mutating)%n", reports.size(), done, nothing, failed, exit, Durations.format(wall),
                    total.total(), total.mutating());
        }
        cl.getOut().flush();
        cl.getErr().flush();
        return exit;
    }
}
