package dev.aurorarefresh.cli;

import dev.aurorarefresh.pass.ConfigurationException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A fleet: {@code --config FILE} (or the file's text in {@value #CONFIG_YAML}) lists pipelines,
 * {@code --only} picks some, {@code --parallel} bounds how many run at once. Without a file the
 * command runs the one pipeline its options describe, as ever.
 */
public class FleetOptions {
    /** The fleet file's text itself, e.g. an SSM parameter an ECS task definition passes in as a secret. */
    public static final String CONFIG_YAML = EnvDefaults.PREFIX + "CONFIG_YAML";
    static final int MAX_PARALLEL = 32;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file listing the pipelines to refresh in this run (a fleet); see docs/configuration.md. "
                    + "Or its text in " + CONFIG_YAML + ". Default: none (one pipeline, from the options).")
    String config;

    @Option(names = "--only", paramLabel = "NAME[,NAME]", converter = OptionTypes.PipelineNames.class,
            description = "With --config: only these pipelines. Default: every pipeline in the file.")
    OptionTypes.Names only;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", converter = OptionTypes.Parallel.class,
            description = "With --config: pipelines run at once, 1-" + MAX_PARALLEL + ". Default: ${DEFAULT-VALUE}.")
    int parallel;

    /**
     * The fleet file, if one is given; {@code --only} and {@code --parallel} without one are an error.
     *
     * @throws ConfigurationException when the file cannot be read or is not a fleet file
     */
    Optional<FleetFile> file(CommandSpec spec, EnvDefaults env) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        String label = parsed.hasMatchedOption("--config") || config == null ? "--config"
                : "--config (from " + EnvDefaults.variableFor("--config") + ")";
        Optional<FleetFile> file = FleetFile.of(config, label, env.environment());
        if (file.isEmpty()) {
            for (String option : List.of("--only", "--parallel")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new ConfigurationException(option + ": only with a fleet; give --config FILE (or "
                            + CONFIG_YAML + ")");
                }
            }
        }
        return file;
    }

    List<String> only() {
        return Optional.ofNullable(only).map(OptionTypes.Names::values).orElse(List.of());
    }
}
