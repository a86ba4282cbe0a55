package dev.aurorarefresh.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "aurora-refresh", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Keeps a fresh copy-on-write clone of an Aurora cluster behind a stable Route53 name.",
        subcommands = {RunCommand.class, CloneCommand.class, WaitCommand.class, ConnectCommand.class,
                CleanCommand.class, StatusCommand.class,
                HoldCommand.class, ReleaseCommand.class, RollbackCommand.class, IamPolicyCommand.class},
        footer = {"", "Every option can also be set by environment variable: --source-cluster is AURORA_REFRESH_SOURCE_CLUSTER.",
                "--config FILE runs every pipeline of a YAML file side by side (see docs/configuration.md, Fleet file).",
                "Exit codes: 0 done or nothing to do, 1 a step failed, 2 invalid usage or configuration (nothing changed);"
                        + " a fleet exits with its worst pipeline's."})
public class AuroraRefreshCommand {
}
