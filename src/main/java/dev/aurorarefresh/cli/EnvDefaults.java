package dev.aurorarefresh.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
            Optional<String> value = value(option.longestName());
            if (value.isPresent()) {
                return value.get();
            }
        }
        return argSpec.defaultValue();
    }

    /** The value of the option's variable, if set (and not blank). */
    Optional<String> value(String longOption) {
        return Optional.ofNullable(env.get(variableFor(longOption))).filter(v -> !v.isBlank()).map(String::trim);
    }

    Map<String, String> environment() {
        return env;
    }

    /** The environment the command line was set up with (tests give their own), for what commands read from it. */
    static EnvDefaults of(CommandLine cl) {
        return cl.getDefaultValueProvider() instanceof EnvDefaults e ? e : new EnvDefaults(System.getenv());
    }
}
