package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Freeze the pipeline on the connected clone: runs clone nothing and switch nothing (they still clean) "
                + "until 'release'. Kept in tags on the clone.")
class HoldCommand extends OperatorCommand {

    @Option(names = "--reason", required = true, converter = OptionTypes.TagValue.class,
            description = "Why, shown by every run and by status (an RDS tag value: up to 256 letters, digits, spaces, _ . : / = + - @).")
    String reason;

    @Override
    OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now) {
        return OperatorPlans.hold(pipeline, obs, now, reason);
    }
}
