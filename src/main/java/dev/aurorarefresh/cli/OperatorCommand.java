package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** hold, release, rollback: observe, decide (core/OperatorPlans), act through the pass, print as a pass does. */
abstract class OperatorCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Mixin
    LoggingOptions logging;

    @Mixin
    PlanOutputOptions plan = new PlanOutputOptions();

    @Inject
    Wiring wiring;

    @Spec
    CommandSpec spec;

    abstract OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now);

    @Override
    public Integer call() {
        PassReport report;
        try {
            logging.apply();
            Pipeline pipeline = options.toPipeline();
            report = wiring.operatorPass().operate(pipeline, obs -> decide(pipeline, obs, Instant.now()), plan.dryRun);
        } catch (ConfigurationException e) {
            return Output.invalid(e.getMessage(), spec);
        }
        if (report.outcome() == PassReport.Outcome.INVALID) {
            return Output.invalid(report.message(), spec);
        }
        if (plan.output == OutputFormat.JSON) {
            Output.out().println(Output.forecastJson(report));
            if (report.outcome() == PassReport.Outcome.FAILED) {
                spec.commandLine().getErr().println("aurora-refresh: " + report.message());
            }
        } else {
            Output.summary(spec.name(), report, wiring.calls());
        }
        return report.exitCode();
    }
}
