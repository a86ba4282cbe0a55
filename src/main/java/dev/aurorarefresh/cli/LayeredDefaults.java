package dev.aurorarefresh.cli;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The value of each option of one fleet pipeline, from the first layer that sets it: the command
 * line, the pipeline's entry in the file, the file's {@code defaults}, the environment
 * (AURORA_REFRESH_*), the option's built-in default. Options of one exclusive group (the zone by
 * name or by id) count as one: the layer that sets either of them decides both.
 */
final class LayeredDefaults implements CommandLine.IDefaultValueProvider {

    enum Layer {
        COMMAND_LINE("the command line"), ENTRY("the pipeline's entry"), DEFAULTS("defaults"), ENVIRONMENT("the environment");

        final String label;

        Layer(String label) {
            this.label = label;
        }
    }

    private final Map<Layer, Map<String, String>> layers = new EnumMap<>(Layer.class);
    private final EnvDefaults env;
    private final Map<String, Layer> used = new HashMap<>();

    /** Each map is keyed by option name without the dashes ("ttl"). */
    LayeredDefaults(Map<String, String> commandLine, Map<String, String> entry, Map<String, String> defaults, EnvDefaults env) {
        layers.put(Layer.COMMAND_LINE, commandLine);
        layers.put(Layer.ENTRY, entry);
        layers.put(Layer.DEFAULTS, defaults);
        this.env = env;
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return arg.defaultValue();
        }
        String key = key(option);
        List<String> group = option.group() != null && option.group().exclusive()
                ? option.group().options().stream().map(LayeredDefaults::key).toList() : List.of(key);
        for (Layer layer : Layer.values()) {
            Map<String, String> values = layer == Layer.ENVIRONMENT ? environment(group) : layers.get(layer);
            if (values.containsKey(key)) {
                used.put(key, layer);
                return values.get(key);
            }
            if (group.stream().anyMatch(values::containsKey)) {
                return null; // another option of the group is set here: it wins, this one stays unset
            }
        }
        return option.defaultValue();
    }

    private Map<String, String> environment(List<String> keys) {
        Map<String, String> out = new HashMap<>();
        keys.forEach(k -> env.value("--" + k).ifPresent(v -> out.put(k, v)));
        return out;
    }

    /** Where the value of this option came from, for messages; empty when it is the built-in default. */
    Optional<Layer> layerOf(String key) {
        return Optional.ofNullable(used.get(key));
    }
}
