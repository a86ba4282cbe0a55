package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Pipeline;
import java.time.Instant;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.Map;
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

    /** A rollback moves one pipeline's records: in a fleet, --only names it. */
    @Override
    void checkRunWide(Map<String, String> env, Optional<Fleet> fleet) {
        fleet.filter(f -> f.members().size() != 1).ifPresent(f -> {
            throw new ConfigurationException("--only: rollback acts on one pipeline; name it with --only (one of "
                    + String.join(", ", f.members().stream().map(Fleet.Member::name).toList()) + ")");
        });
    }

    @Override
    OperatorPlans.OperatorPlan decide(Pipeline pipeline, Observation obs, Instant now) {
        return OperatorPlans.rollback(pipeline, obs, now, Optional.ofNullable(to));
    }
}
