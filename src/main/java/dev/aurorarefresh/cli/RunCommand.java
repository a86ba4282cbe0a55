package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "The whole pass once: clone, wait, connect, clean.")
class RunCommand extends StepCommand {
    @Override
    Set<Step> steps() {
        return Step.ALL;
    }

}
