package dev.aurorarefresh.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every option can also come from the environment, for CronJob and ECS use:
 * {@code --source-cluster} reads {@code AURORA_REFRESH_SOURCE_CLUSTER}. The command line wins.
 */
public final class EnvDefaults implements CommandLine.IDefaultValueProvider {
    public static final String PREFIX = "AURORA_REFRESH_";

    private final Map<String, String> env;

    public EnvDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** {@code --source-cluster} -> {@code AURORA_REFRESH_SOURCE_CLUSTER}. */
    public static String variableFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (argSpec instanceof CommandLine.Model.OptionSpec option && option.longestName().startsWith("--")) {
            String value = env.get(variableFor(option.longestName()));
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return argSpec.defaultValue();
    }
}
