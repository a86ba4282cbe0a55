package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.AuroraRefreshCommand;
import dev.aurorarefresh.core.Tags;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The documents say what the code does, not only where it is (that is {@link DocumentationTest}):
 * docs/configuration.md lists under each command exactly the options its {@code --help} shows;
 * docs/design.md's tag table holds exactly the tag keys of {@code core/Tags}; README.md and
 * docs/operations.md list exactly the commands there are, with options they take.
 */
class DocumentedFactsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    private static final Pattern OPTION = Pattern.compile("`(--[a-z][a-z0-9-]*)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everyCommandsOptionsAreDocumentedUnderItAndNoOthers() {
        Map<String, Set<String>> documented = optionsByCommand(section("docs/configuration.md", "## Options"));
        Map<String, Set<String>> actual = commands();
        assertThat(documented.keySet()).as("commands docs/configuration.md's Options give options to").isEqualTo(actual.keySet());
        List<String> wrong = new ArrayList<>();
        actual.forEach((command, options) -> {
            Set<String> missing = new TreeSet<>(options);
            missing.removeAll(documented.get(command));
            Set<String> extra = new TreeSet<>(documented.get(command));
            extra.removeAll(options);
            if (!missing.isEmpty()) {
                wrong.add(command + " takes " + missing + ", not listed under it");
            }
            if (!extra.isEmpty()) {
                wrong.add(command + " does not take " + extra + ", listed under it");
            }
        });
        assertThat(wrong).as("docs/configuration.md's Options against each command's --help").isEmpty();
    }

    @Test
    void theDesignsTagTableHoldsEveryTagKeyAndNoOther() throws IllegalAccessException {
        Set<String> keys = new TreeSet<>();
        for (Field f : Tags.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        assertThat(keys).as("core/Tags").hasSizeGreaterThan(5);
        Set<String> table = new TreeSet<>();
        for (List<String> row : firstTable(section("docs/design.md", "### Tags"))) {
            firstCode(row.get(0)).ifPresent(table::add);
        }
        assertThat(table).as("the tag table of docs/design.md, Tags").isEqualTo(keys);
    }

    @Test
    void theReadmeAndOperationsListEveryCommandAndOnlyCommandsThereAre() {
        Map<String, Set<String>> commands = commands();
        for (String doc : List.of("README.md", "docs/operations.md")) {
            Set<String> listed = new TreeSet<>();
            List<String> wrong = new ArrayList<>();
            for (List<String> row : firstTable(section(doc, "## Commands"))) {
                Matcher code = CODE.matcher(row.get(0));
                while (code.find()) {
                    String[] words = code.group(1).split("\\s+");
                    listed.add(words[0]);
                    for (String word : words) {
                        if (word.replaceAll("^\\[", "").startsWith("--")
                                && !commands.getOrDefault(words[0], Set.of()).contains(word.replaceAll("^\\[", ""))) {
                            wrong.add(code.group(1) + ": " + words[0] + " takes no " + word);
                        }
                    }
                }
            }
            assertThat(listed).as(doc + ": the commands of its Commands table").isEqualTo(commands.keySet());
            assertThat(wrong).as(doc + ": options its Commands table gives a command").isEmpty();
        }
    }

    @Test
    void theReadmesOptionsExist() {
        Set<String> all = new TreeSet<>();
        commands().values().forEach(all::addAll);
        Set<String> unknown = new TreeSet<>();
        for (List<String> row : firstTable(section("README.md", "## Configuration"))) {
            Matcher m = OPTION.matcher(row.get(0));
            while (m.find()) {
                if (!all.contains(m.group(1))) {
                    unknown.add(m.group(1));
                }
            }
        }
        assertThat(unknown).as("options README.md's Configuration table names that no command takes").isEmpty();
    }

    @Test
    void noDocumentSaysACommandThatExistsDoesNot() {
        Pattern denial = Pattern.compile("(?i)there is no `?([a-z-]+)`? command|has no `?([a-z-]+)`? command");
        List<String> wrong = new ArrayList<>();
        for (Path doc : DocumentationTest.documents()) {
            Matcher m = denial.matcher(DocumentationTest.read(doc));
            while (m.find()) {
                String named = m.group(1) != null ? m.group(1) : m.group(2);
                if (commands().containsKey(named)) {
                    wrong.add(ROOT.relativize(doc) + ": \"" + m.group() + "\"");
                }
            }
        }
        assertThat(wrong).as("documents denying a command there is").isEmpty();
    }

    /** Every subcommand with its long option names, help and version left out (every command takes them). */
    static Map<String, Set<String>> commands() {
        Map<String, Set<String>> out = new TreeMap<>();
        new CommandLine(new AuroraRefreshCommand()).getSubcommands().forEach((name, sub) -> out.put(name,
                new TreeSet<>(sub.getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp())
                        .map(OptionSpec::longestName).toList())));
        return out;
    }

    /**
     * The options of each command as the Options section gives them: each {@code ###} group names
     * its commands on a line "Commands: `run`, ..." and its options in the first column of its table.
     */
    private static Map<String, Set<String>> optionsByCommand(String options) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String[] groups = options.split("(?m)^### ");
        assertThat(groups.length).as("### groups of docs/configuration.md's Options").isGreaterThan(1);
        for (int g = 1; g < groups.length; g++) {
            String group = groups[g];
            String heading = group.lines().findFirst().orElseThrow();
            String commandsLine = group.lines().filter(l -> l.startsWith("Commands: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("group '" + heading + "' has no line 'Commands: ...'"));
            Set<String> groupOptions = new TreeSet<>();
            for (List<String> row : tableRows(group)) {
                Matcher m = OPTION.matcher(row.get(0));
                while (m.find()) {
                    groupOptions.add(m.group(1));
                }
            }
            assertThat(groupOptions).as("options of group '" + heading + "'").isNotEmpty();
            Matcher c = CODE.matcher(commandsLine.split("[;(]")[0]);
            while (c.find()) {
                out.computeIfAbsent(c.group(1), k -> new TreeSet<>()).addAll(groupOptions);
            }
        }
        return out;
    }

    /** The text of the section that starts with this heading line, up to the next heading of its level or above. */
    private static String section(String doc, String heading) {
        String text = DocumentationTest.read(ROOT.resolve(doc));
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as(doc + " has a section '" + heading + "'").isNotNegative();
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("(?m)^#{1," + level + "} ").matcher(text);
        int end = next.find(start + heading.length() + 1) ? next.start() : text.length();
        return text.substring(start + 1, end);
    }

    /** The body rows of the first markdown table in this text. */
    private static List<List<String>> firstTable(String text) {
        int start = text.indexOf("\n|");
        assertThat(start).as("a table in:\n" + text).isNotNegative();
        return tableRows(text.substring(start + 1).split("\n(?!\\|)", 2)[0]);
    }

    /** The body rows of the markdown tables in this text, as cells (header and separator rows left out). */
    private static List<List<String>> tableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (String line : text.lines().toList()) {
            if (!line.startsWith("|")) {
                header = true;
                continue;
            }
            if (line.matches("\\|[-| :]+\\|?")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(line.substring(1).split("(?<!\\\\)\\|")));
            rows.add(cells.stream().map(String::strip).toList());
        }
        return rows;
    }

    private static java.util.Optional<String> firstCode(String cell) {
        Matcher m = CODE.matcher(cell);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
