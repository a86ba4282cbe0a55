package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import java.time.Instant;
import picocli.CommandLine.Command;

@Command(name = "release", mixinStandardHelpOptions = true, description = "Lift a hold: the next run refreshes again.")
class ReleaseCommand extends OperatorCommand {
    @Override
    OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now) {
        return OperatorPlans.release(pipeline, obs);
    }
}
