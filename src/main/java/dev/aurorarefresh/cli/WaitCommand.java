package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait for clones to become available; tag them ready or failed.")
class WaitCommand extends StepCommand {
    @Override
    Set<Step> steps() {
        return Set.of(Step.WAIT);
    }

}
