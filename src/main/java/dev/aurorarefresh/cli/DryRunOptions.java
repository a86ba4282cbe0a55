package dev.aurorarefresh.cli;

import picocli.CommandLine.Option;

/** --dry-run, shared by the pass commands and the operators' commands. */
public class DryRunOptions {
    @Option(names = "--dry-run", description = "Print the whole plan, in order; make no change in AWS.")
    boolean dryRun;
}
