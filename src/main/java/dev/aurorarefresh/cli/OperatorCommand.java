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

    /** @throws ConfigurationException for a bad value or an invalid pipeline (exit 2, see {@link UsageErrors}) */
    @Override
    public Integer call() {
        logging.apply();
        Pipeline pipeline = options.toPipeline();
        PassReport report = wiring.operatorPass().operate(pipeline, obs -> decide(pipeline, obs, Instant.now()), plan.dryRun);
        if (report.outcome() == PassReport.Outcome.INVALID) {
            throw new ConfigurationException(report.message());
        }
        if (plan.output == OutputFormat.JSON) {
            Output.json(spec.commandLine(), report);
        } else {
            Output.summary(spec.commandLine(), report, wiring.calls());
        }
        return ExitCode.of(report.outcome()).code;
    }
}
