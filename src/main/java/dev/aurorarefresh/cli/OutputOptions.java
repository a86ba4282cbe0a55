package dev.aurorarefresh.cli;

import picocli.CommandLine.Option;

/** --output, the same option on every command that prints a result. */
public class OutputOptions {
    @Option(names = "--output", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text or json (json: the summary, the plan or the status as one JSON document; table is "
                    + "another name for text). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    boolean json() {
        return format == OutputFormat.JSON;
    }
}
