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

    @Override
    public Integer call() {
        PassReport report;
        Pipeline pipeline;
        Optional<PushTarget> push;
        try {
            logging.apply();
            pipeline = options.toPipeline();
            push = metrics.target(System.getenv());
            report = wiring.pass(probes.toSettings()).run(pipeline, steps(), plan.dryRun);
        } catch (ConfigurationException e) {
            return Output.invalid(e.getMessage(), spec);
        }
        if (report.outcome() == PassReport.Outcome.INVALID) {
            Output.invalid(report.message(), spec);
        } else if (plan.output == OutputFormat.JSON) {
            Output.out().println(Output.forecastJson(report));
        } else {
            Output.summary(spec.name(), report, wiring.calls());
        }
        // Every run pushes (success, failure, dry run); a failed push is a warning, never the exit code.
        push.ifPresent(t -> new PushgatewayExporter(t).export(pipeline, report, wiring.calls().snapshot()));
        return report.exitCode();
    }
}
