package dev.aurorarefresh.cli;

import picocli.CommandLine.Option;

/** --dry-run and --output, shared by the pass commands and the operators' commands. */
public class PlanOutputOptions {
    @Option(names = "--dry-run", description = "Print the whole plan, in order; make no change in AWS.")
    boolean dryRun;

    @Option(names = "--output", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text or json (json: the plan, or the summary, as one JSON document). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;
}
