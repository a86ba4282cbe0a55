package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;

/** What a step command prints: the summary of a pass on stdout, a failure as one line on stderr. */
final class Output {
    private Output() {
    }

    static void summary(CommandLine cl, PassReport report, AwsCallRecorder calls) {
        PrintWriter out = cl.getOut();
        String command = cl.getCommandName();
        out.printf("aurora-refresh %s%s: pipeline %s%n", command, report.dryRun() ? " --dry-run" : "", report.pipeline());
        if (report.dryRun()) {
            if (report.dryRunActions().isEmpty()) {
                out.println("  plan: nothing to change");
            }
            int n = 1;
            for (Action a : report.dryRunActions()) {
                out.printf("  %2d. [%s] would %s%n", n++, a.step().label(), a.describe());
            }
            report.dryRunPending().forEach(p -> out.printf("      then wait for %s (%s)%n", p.cloneId(), p.reason()));
        }
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
        out.printf("result: %s (exit %d) in %s; AWS calls: %d (%d mutating)%n",
                report.message(), report.exitCode(), Durations.format(report.elapsed()), calls.total(), calls.mutating());
        if (report.outcome() == PassReport.Outcome.FAILED) {
            cl.getErr().println("aurora-refresh: " + report.message());
        }
        out.flush();
        cl.getErr().flush();
    }
}
