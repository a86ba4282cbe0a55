package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "connect", mixinStandardHelpOptions = true, description = "Point the record at the newest ready clone; tag the old one aborted.")
class ConnectCommand extends StepCommand {
    @Override
    Set<Step> steps() {
        return Set.of(Step.CONNECT);
    }

}
