package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Point the record (and reader record) back at the newest retained aborted clone, or --to CLONE; "
                + "runs in the same period keep it.")
class RollbackCommand extends OperatorCommand {

    @Option(names = "--to", converter = OptionTypes.ClusterId.class,
            description = "The clone to roll back to (see 'status'). Default: the newest aborted clone still available.")
    String to;

    @Override
    OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now) {
        return OperatorPlans.rollback(pipeline, obs, now, Optional.ofNullable(to));
    }
}
