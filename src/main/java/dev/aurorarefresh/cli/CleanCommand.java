package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Step;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "clean", mixinStandardHelpOptions = true, description = "Delete aborted and failed clones beyond --retain.")
class CleanCommand extends StepCommand {
    @Override
    Set<Step> steps() {
        return Set.of(Step.CLEAN);
    }

}
