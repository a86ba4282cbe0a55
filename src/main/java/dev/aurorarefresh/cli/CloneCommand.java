package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "clone", mixinStandardHelpOptions = true, description = "Request today's clone and its instances.")
class CloneCommand extends StepCommand {
    @Override
    Set<Step> steps() {
        return Set.of(Step.CLONE);
    }

}
