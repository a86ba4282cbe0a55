package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** A command that runs some steps of the pass: it only wires options to the pass and prints the report. */
abstract class StepCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Option(names = "--dry-run", description = "Print the plan; make no change in AWS.")
    boolean dryRun;

    @Inject
    Wiring wiring;

    abstract Set<Step> steps();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PassReport report;
        try {
            report = wiring.pass().run(options.toPipeline(), steps(), dryRun);
        } catch (ConfigurationException e) {
            return Output.invalid(e.getMessage(), spec);
        }
        if (report.outcome() == PassReport.Outcome.INVALID) {
            return Output.invalid(report.message(), spec);
        }
        Output.summary(spec.name(), report, wiring.calls());
        return report.exitCode();
    }
}
