package dev.aurorarefresh.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aurorarefresh.pass.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The fleet file as written: its {@code defaults} and its {@code pipelines}, each a map of option
 * names (without the dashes) to their text, exactly as the command line would give them. What the
 * keys and values mean is checked by {@link Fleet}, with the options' own converters.
 *
 * @param origin the file's name, or {@value FleetOptions#CONFIG_YAML}: the start of every message about it
 */
record FleetFile(String origin, Map<String, String> defaults, List<Entry> entries) {

    /** One pipeline's entry; {@code label} names it in messages before its options are read. */
    record Entry(String label, Map<String, String> values) {
    }

    /** The file given by {@code --config}, or the text in {@value FleetOptions#CONFIG_YAML}; empty without either. */
    static Optional<FleetFile> of(String configOption, String configOptionLabel, Map<String, String> env) {
        String text = env.get(FleetOptions.CONFIG_YAML);
        boolean inline = text != null && !text.isBlank();
        if (configOption != null && inline) {
            throw new ConfigurationException(configOptionLabel + " / " + FleetOptions.CONFIG_YAML
                    + ": give the fleet one way (both are set)");
        }
        if (inline) {
            return Optional.of(parse(FleetOptions.CONFIG_YAML, text));
        }
        return Optional.ofNullable(configOption).map(file -> parse(file, read(configOptionLabel, file)));
    }

    private static String read(String label, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
            throw new ConfigurationException(label + ": cannot read '" + file + "' ("
                    + e.getClass().getSimpleName().replace("Exception", "") + "); use a readable YAML file listing pipelines");
        }
    }

    static FleetFile parse(String origin, String text) {
        JsonNode doc;
        try {
            doc = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigurationException(origin + ": not valid YAML" + where + " ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (doc == null || !doc.isObject()) {
            throw new ConfigurationException(origin + ": not a fleet file; it needs a 'pipelines' list (and optional 'defaults')");
        }
        for (Iterator<String> keys = doc.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("defaults") && !key.equals("pipelines")) {
                throw new ConfigurationException(origin + ": unknown key '" + key + "' at the top; use defaults and pipelines");
            }
        }
        JsonNode list = doc.get("pipelines");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigurationException(origin + ": no 'pipelines' list; give at least one pipeline");
        }
        Map<String, String> defaults = doc.has("defaults") ? values(origin, "defaults", doc.get("defaults")) : Map.of();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String label = "pipeline " + Optional.ofNullable(node.get("pipeline")).filter(JsonNode::isValueNode)
                    .or(() -> Optional.ofNullable(node.get("clone-prefix")).filter(JsonNode::isValueNode))
                    .map(JsonNode::asText).orElse("#" + (i + 1));
            entries.add(new Entry(label, values(origin, label, node)));
        }
        return new FleetFile(origin, defaults, entries);
    }

    /** A mapping of option names to scalars (a list of scalars is comma-separated, as on the command line). */
    private static Map<String, String> values(String origin, String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigurationException(origin + ": " + where + ": not a mapping of option names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isArray() && StreamSupport.stream(v.spliterator(), false).allMatch(JsonNode::isValueNode)) {
                out.put(f.getKey(), StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText)
                        .collect(Collectors.joining(",")));
            } else if (v.isValueNode() && !v.isNull()) {
                out.put(f.getKey(), v.asText());
            } else {
                throw new ConfigurationException(origin + ": " + where + ": " + f.getKey() + ": "
                        + (v.isNull() ? "has no value" : "not a single value") + "; give it as on the command line");
            }
        }
        return out;
    }
}
