package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.probe.ProbeSettings;
import java.time.Instant;

/** hold, release, rollback: observe, decide (core/OperatorPlans), act through the pass, print as a pass does. */
abstract class OperatorCommand extends PassCommand {

    abstract OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now);

    @Override
    PassReport pass(Pipeline pipeline, ProbeSettings probeSettings) {
        return wiring.operatorPass().operate(pipeline, obs -> decide(pipeline, obs, Instant.now()), plan.dryRun);
    }
}
