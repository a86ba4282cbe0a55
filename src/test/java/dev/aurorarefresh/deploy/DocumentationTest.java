package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.AuroraRefreshCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The documents hold together: every relative link in README.md and docs/ reaches a file and, if
 * it names one, a heading of the repository; every document a code comment cites exists, with the
 * section or invariant it names; every option and variable the code reads is documented; and CI
 * runs the test command the README gives.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** [text](target) or [text](target "title"); images too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern CITED_DOCUMENT = Pattern.compile("((?:[\\w.-]+/)*[\\w.-]+\\.md)\\b");
    /** docs/design.md, "Lifecycle" / docs/design.md ("Transitions") / README, "Metrics". */
    private static final Pattern CITED_SECTION =
            Pattern.compile("((?:[\\w.-]+/)*[\\w.-]+\\.md|README)(?:,\\s*|\\s*\\()\"([^\"]+)\"");
    /** "invariant 4", "invariants 1 and 2", "invariants 1, 2, 3 and 5". */
    private static final Pattern CITED_INVARIANTS =
            Pattern.compile("[Ii]nvariants?\\s+(\\d+(?:(?:,\\s*|\\s+and\\s+)\\d+)*)");
    private static final Pattern INVARIANT_ITEM = Pattern.compile("^(\\d+)\\. \\*\\*", Pattern.MULTILINE);
    private static final Path DESIGN = Path.of("docs/design.md");
    /** `FooTest`, `FooIT` or `FooTest.someMethod` as docs/design.md names the tests behind each invariant. */
    private static final Pattern CITED_TEST = Pattern.compile("`([A-Z]\\w*(?:Test|IT))(?:\\.(\\w+))?`");
    /** Where code and configuration live; generated and downloaded trees are left out. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".terraform", "node_modules");
    private static final Pattern CODE_FILE =
            Pattern.compile(".*\\.(java|ya?ml|json|sh|py|tf|tfvars|example|hcl|properties|xml|toml)$|Dockerfile.*|run");

    @Test
    void everyRelativeLinkReachesAFileAndHeading() {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            String text = withoutCode(read(doc));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // http:, https:, mailto: are not the repository's
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = ROOT.relativize(doc) + ": " + target;
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " (no such heading in " + ROOT.relativize(resolved) + ")");
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void everyDocumentTheCodeCitesExistsWithTheSectionOrInvariantItNames() {
        List<String> broken = new ArrayList<>();
        Set<Integer> invariants = invariantNumbers();
        assertThat(invariants).as("the numbered invariants of docs/design.md").contains(1, 2, 3, 4, 5, 6, 7, 8);
        for (Path file : codeFiles()) {
            String text = read(file);
            String where = ROOT.relativize(file).toString();
            Matcher doc = CITED_DOCUMENT.matcher(text);
            while (doc.find()) {
                String path = doc.group(1);
                if (!Files.exists(ROOT.resolve(path)) && !Files.exists(file.getParent().resolve(path))) {
                    broken.add(where + ": cites " + path + ", which is not in the repository");
                }
            }
            Matcher section = CITED_SECTION.matcher(text);
            while (section.find()) {
                Path cited = ROOT.resolve(section.group(1).equals("README") ? "README.md" : section.group(1));
                if (Files.exists(cited) && !anchors(cited).contains(slug(section.group(2)))) {
                    broken.add(where + ": cites section \"" + section.group(2) + "\" of " + ROOT.relativize(cited)
                            + ", which has no such heading");
                }
            }
            Matcher cited = CITED_INVARIANTS.matcher(text);
            while (cited.find()) {
                for (String n : cited.group(1).split("\\D+")) {
                    if (!invariants.contains(Integer.parseInt(n))) {
                        broken.add(where + ": cites invariant " + n + ", which docs/design.md does not have");
                    }
                }
            }
        }
        assertThat(broken).as("citations of documents that do not say it").isEmpty();
    }

    @Test
    void everyTestTheDesignCitesExists() throws IOException {
        Map<String, String> tests = new HashMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/test/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                tests.put(f.getFileName().toString().replace(".java", ""), read(f));
            }
        }
        Matcher cited = CITED_TEST.matcher(read(ROOT.resolve(DESIGN)));
        List<String> missing = new ArrayList<>();
        int citations = 0;
        while (cited.find()) {
            citations++;
            String source = tests.get(cited.group(1));
            if (source == null || (cited.group(2) != null && !source.contains(" " + cited.group(2) + "("))) {
                missing.add(cited.group());
            }
        }
        assertThat(citations).as("tests docs/design.md cites").isGreaterThan(20);
        assertThat(missing).as("tests docs/design.md cites that do not exist").isEmpty();
    }

    @Test
    void everyOptionAndVariableTheCodeReadsIsDocumented() {
        StringBuilder all = new StringBuilder();
        documents().forEach(d -> all.append(read(d)));
        Set<String> missing = new TreeSet<>();
        CommandLine top = new CommandLine(new AuroraRefreshCommand());
        for (CommandLine sub : top.getSubcommands().values()) {
            sub.getCommandSpec().options().stream()
                    .filter(o -> !o.usageHelp() && !o.versionHelp())
                    .map(CommandLine.Model.OptionSpec::longestName)
                    .filter(name -> !all.toString().contains("`" + name))
                    .forEach(missing::add);
        }
        AppEnvironment.variablesReadInSource().stream().filter(v -> !all.toString().contains(v)).forEach(missing::add);
        assertThat(missing).as("options and variables no document mentions").isEmpty();
    }

    @Test
    void ciRunsTheTestCommandTheReadmeGivesWhichEndsInTheMavenBuild() {
        String readme = read(ROOT.resolve("README.md"));
        Matcher quickStart = Pattern.compile("(?m)^bash (\\S+)\\s+# test it").matcher(readme);
        assertThat(quickStart.find()).as("README's quick start gives the test command, marked '# test it'").isTrue();
        Matcher demo = Pattern.compile("(?m)^bash scripts/demo\\.sh\\s+# run it").matcher(readme);
        assertThat(demo.find() && demo.start() < quickStart.start()).as("the quick start runs the demo first").isTrue();
        List<String> ci = read(ROOT.resolve(".ci/run")).lines().map(String::strip)
                .filter(l -> l.startsWith("bash ") || l.startsWith("mvn ")).toList();
        assertThat(ci).as(".ci/run's test command").containsExactly("bash " + quickStart.group(1));
        List<String> build = read(ROOT.resolve(quickStart.group(1))).lines().map(String::strip)
                .filter(l -> l.startsWith("mvn ")).toList();
        assertThat(build).as("the test command's build: the README's command for machines that have the tools, "
                + "with any extra Maven arguments").containsExactly("mvn -B verify \"$@\"");
        assertThat(readme).contains("`mvn -B verify` alone");
    }

    @Test
    void anchorsAreTheSlugsGithubMakes() {
        assertThat(slug("Connecting somewhere else: `--db-host-override` (tests and tunnels only)"))
                .isEqualTo("connecting-somewhere-else---db-host-override-tests-and-tunnels-only");
        assertThat(slug("Where this differs from the original design, and why"))
                .isEqualTo("where-this-differs-from-the-original-design-and-why");
        assertThat(slug("The record is the truth for \"connected\""))
                .isEqualTo("the-record-is-the-truth-for-connected");
        assertThat(slug("ECS (Fargate task on an EventBridge Scheduler schedule)"))
                .isEqualTo("ecs-fargate-task-on-an-eventbridge-scheduler-schedule");
    }

    /** README.md, every document under docs/, and the READMEs next to the files they explain. */
    static List<Path> documents() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md") && !skipped(p))
                    .filter(p -> p.getParent().equals(ROOT) || p.startsWith(ROOT.resolve("docs"))
                            || p.getFileName().toString().equals("README.md"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> codeFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile).filter(p -> !skipped(p))
                    .filter(p -> CODE_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.endsWith(Path.of("DocumentationTest.java"))) // its own examples cite nothing
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path p) {
        for (Path part : ROOT.relativize(p)) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The anchors a markdown file offers: its headings as GitHub slugs them, and explicit HTML anchors. */
    private static Set<String> anchors(Path markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : read(markdown).lines().toList()) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String s = slug(h.group(1));
                int n = seen.merge(s, 1, Integer::sum);
                anchors.add(n == 1 ? s : s + "-" + (n - 1));
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: link text kept, lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    private static Set<Integer> invariantNumbers() {
        String design = read(ROOT.resolve(DESIGN));
        int start = design.indexOf("## Safety invariants");
        int end = design.indexOf("\n## ", start + 1);
        Set<Integer> numbers = new TreeSet<>();
        Matcher m = INVARIANT_ITEM.matcher(design.substring(start, end < 0 ? design.length() : end));
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    /** The text with fenced code blocks and inline code left out: a link in an example is not a link. */
    private static String withoutCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\\n]*`", "``");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
