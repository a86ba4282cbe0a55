package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.metrics.PushTarget;
import dev.aurorarefresh.metrics.PushgatewayExporter;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs some steps of the pass: it only wires options to the pass and prints the report. */
abstract class StepCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Mixin
    ProbeOptions probes;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    LoggingOptions logging;

    @Mixin
    PlanOutputOptions plan = new PlanOutputOptions();

    @Inject
    Wiring wiring;

    abstract Set<Step> steps();

    @Spec
    CommandSpec spec;

    /** @throws ConfigurationException for a bad value or an invalid pipeline (exit 2, see {@link UsageErrors}) */
    @Override
    public Integer call() {
        logging.apply();
        Pipeline pipeline = options.toPipeline();
        Optional<PushTarget> push = metrics.target(System.getenv());
        PassReport report = wiring.pass(probes.toSettings()).run(pipeline, steps(), plan.dryRun);
        if (report.outcome() != PassReport.Outcome.INVALID) {
            if (plan.output == OutputFormat.JSON) {
                Output.json(spec.commandLine(), report);
            } else {
                Output.summary(spec.commandLine(), report, wiring.calls());
            }
        }
        // Every run pushes (success, failure, dry run); a failed push is a warning, never the exit code.
        push.ifPresent(t -> new PushgatewayExporter(t).export(pipeline, report, wiring.calls().snapshot()));
        if (report.outcome() == PassReport.Outcome.INVALID) {
            throw new ConfigurationException(report.message());
        }
        return ExitCode.of(report.outcome()).code;
    }
}
