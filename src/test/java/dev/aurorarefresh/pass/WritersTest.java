package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.port.DnsWrites;
import dev.aurorarefresh.port.RdsWrites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "ActionRunner is the only writer", proved on the compiled main classes (javap, no extra
 * library): no other class calls a method of {@link RdsWrites} or {@link DnsWrites}, whatever the
 * type it calls it through, and no other class of the pass keeps a writer in a field.
 */
class WritersTest {
    private static final Pattern CALL = Pattern.compile(
            "// (?:Interface)?Method (dev/aurorarefresh/(?:port/(?:RdsWrites|RdsPort|DnsWrites|DnsPort)|aws/(?:RdsAdapter|Route53Adapter)))\\.(\\w+):");
    private static final Pattern WRITER_FIELD = Pattern.compile(
            "^\\s+[\\w ]*dev\\.aurorarefresh\\.port\\.(?:RdsWrites|RdsPort|DnsWrites|DnsPort) \\w+;$", Pattern.MULTILINE);
    /** The adapters are the writers' implementations; the composition root makes them and hands them to the pass. */
    private static final Set<String> MAY_HOLD = Set.of("dev.aurorarefresh.pass.ActionRunner", "dev.aurorarefresh.aws.RdsAdapter",
            "dev.aurorarefresh.aws.Route53Adapter", "dev.aurorarefresh.cli.Wiring");

    private static Map<String, String> disassembled;

    @BeforeAll
    static void disassemble() throws Exception {
        Path classes = Path.of(ActionRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class")).map(Path::toString).sorted().forEach(args::add);
        }
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(System.err), args.toArray(String[]::new));
        assertThat(rc).isZero();
        disassembled = new LinkedHashMap<>();
        for (String part : out.toString().split("(?m)^Compiled from ")) {
            Matcher name = Pattern.compile("(?:class|interface|enum|record) ([\\w.$]+)").matcher(part);
            if (name.find()) {
                disassembled.put(name.group(1), part);
            }
        }
    }

    private static Set<String> writeMethods() {
        return Stream.of(RdsWrites.class, DnsWrites.class).flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .map(Method::getName).collect(Collectors.toSet());
    }

    /** Class -> the write methods it calls. */
    private static Map<String, Set<String>> writeCalls() {
        Set<String> writes = writeMethods();
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        disassembled.forEach((cls, code) -> {
            Matcher m = CALL.matcher(code);
            while (m.find()) {
                if (writes.contains(m.group(2))) {
                    calls.computeIfAbsent(cls, k -> new java.util.TreeSet<>()).add(m.group(2));
                }
            }
        });
        return calls;
    }

    @Test
    void onlyTheActionRunnerCallsAWrite() {
        Map<String, Set<String>> calls = writeCalls();
        // the scan sees the writes where they are: it is not passing for want of finding any
        assertThat(calls.get("dev.aurorarefresh.pass.ActionRunner"))
                .contains("restoreClone", "createInstance", "addTags", "deleteCluster", "upsertCnames");
        assertThat(calls.keySet()).containsOnly("dev.aurorarefresh.pass.ActionRunner");
    }

    @Test
    void noOtherClassKeepsAWriter() throws IOException {
        List<String> holders = disassembled.entrySet().stream()
                .filter(e -> WRITER_FIELD.matcher(e.getValue()).find())
                .map(Map.Entry::getKey).toList();
        assertThat(holders).contains("dev.aurorarefresh.pass.ActionRunner");
        assertThat(holders).allMatch(MAY_HOLD::contains, "is the action runner, an adapter or the composition root");
    }
}
