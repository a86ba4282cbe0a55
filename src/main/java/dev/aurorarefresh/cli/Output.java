package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** What the commands print: the summary of a pass on stdout, errors as one line on stderr. */
final class Output {
    private Output() {
    }

    static PrintStream out() {
        return System.out;
    }

    /** Invalid usage or configuration: one line, exit code 2. */
    static int invalid(String message) {
        System.err.println("aurora-refresh: invalid configuration: " + message);
        return PassReport.Outcome.INVALID.exitCode();
    }

    /** As {@link #invalid(String)}, naming the environment variable when the bad value came from there. */
    static int invalid(String message, CommandSpec spec) {
        return invalid(namingVariable(message, spec, System.getenv()));
    }

    /**
     * "--retain: '-2' is not valid..." becomes "--retain (from AURORA_REFRESH_RETAIN): '-2' is not
     * valid..." when --retain is not on the command line but its variable is set: in a CronJob or an
     * ECS task the operator looks for the variable, not the option.
     */
    static String namingVariable(String message, CommandSpec spec, Map<String, String> env) {
        int colon = message.indexOf(": ");
        if (!message.startsWith("--") || colon < 0 || spec.findOption(message.substring(0, colon)) == null) {
            return message;
        }
        String option = message.substring(0, colon);
        String variable = EnvDefaults.variableFor(option);
        ParseResult parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
        boolean onCommandLine = parsed != null && parsed.hasMatchedOption(option);
        return onCommandLine || env.get(variable) == null ? message
                : option + " (from " + variable + ")" + message.substring(colon);
    }

    static void summary(String command, PassReport report, AwsCallRecorder calls) {
        PrintStream out = out();
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
            System.err.println("aurora-refresh: " + report.message());
        }
    }
}
