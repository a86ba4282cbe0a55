package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the native build is told names what its class path has, checked in JVM mode before any
 * native build (none can run here): the GraalVM substitutions of every jar (GraalSubstitutions), the
 * native-image metadata of every jar (reflection, JNI, proxies, serialization, resource bundles,
 * the classes of native-image.properties) including what Quarkus registers for the application (the
 * runner jar's own metadata), and the features of native-image.args. A substitution of a class the
 * SDK no longer has (quarkus-amazon-common 3.14.1 on SDK 2.57) stops the builder in its first step;
 * this names the jar and the class instead. JDK classes are looked up in the JDK the builder runs on
 * (JDK 25: -Dnative.builder-jdk, else /usr/lib/jvm/temurin-25-jdk-amd64 when present, else this JVM's).
 */
class NativeImageClasspathIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static NativeClasspath classpath;

    /**
     * Metadata for integrations with libraries the application does not have: the builder skips what
     * it cannot find, so these are dead but harmless. Anything else missing fails the test.
     */
    record KnownAbsent(String jarPrefix, String classPrefix, String why) {
        boolean covers(Path jar, String className) {
            return jar.getFileName().toString().startsWith(jarPrefix) && className.startsWith(classPrefix);
        }
    }

    static final List<KnownAbsent> KNOWN_ABSENT = List.of(
            new KnownAbsent("io.micrometer.micrometer-core-", "com.hazelcast.", "Micrometer's Hazelcast binder; no Hazelcast here"),
            new KnownAbsent("io.micrometer.micrometer-core-", "jakarta.jms.", "Micrometer's JMS instrumentation; no JMS here"),
            new KnownAbsent("software.amazon.awssdk.apache5-client-", "org.apache.commons.logging.impl.",
                    "Apache Commons Logging's own implementations; its API comes from JBoss Logging's bridge"),
            new KnownAbsent("aurora-refresh-", "io.quarkus.deployment.",
                    "Quarkus registers a config interceptor of its build (JarTypeDefaultValueConfigInterceptor); not part of the application"),
            new KnownAbsent("aurora-refresh-", "java.base:sun.security.util.Resources",
                    "a JDK bundle Quarkus registers that JDK 25 no longer has (now sun.security.util.resources.security)"));

    @BeforeAll
    static void open() throws IOException {
        Path sources = Path.of(System.getProperty("aurora-refresh.native-sources", "target/native-sources"));
        classpath = new NativeClasspath(sources, builderJdk());
    }

    @AfterAll
    static void close() throws IOException {
        classpath.close();
    }

    static Path builderJdk() {
        String configured = System.getProperty("native.builder-jdk");
        if (configured != null) {
            return Path.of(configured);
        }
        Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isDirectory(temurin25) ? temurin25 : Path.of(System.getProperty("java.home"));
    }

    @Test
    void everySubstitutionTargetsAClassAndMembersThatExist() throws IOException {
        GraalSubstitutions substitutions = new GraalSubstitutions(classpath);
        // quarkus-core, arc, the JDBC drivers and quarkus-amazon-common have some: the scan found them
        assertThat(substitutions.substitutions).as("substitutions found").hasSizeGreaterThan(50)
                .anyMatch(s -> s.name().startsWith("io.quarkiverse.amazon.common.runtime.CrtSubstitutions$"));
        assertThat(substitutions.problems).as("substitutions the builder cannot apply (jar: substitution ...)").isEmpty();
    }

    @Test
    void everyClassTheNativeImageMetadataNamesExists() {
        List<String> missing = new ArrayList<>();
        List<String> files = new ArrayList<>();
        classpath.eachResource((entry, jar) -> {
            if (!entry.startsWith("META-INF/native-image/")) {
                return;
            }
            String file = entry.substring(entry.lastIndexOf('/') + 1);
            Consumer<String> need = name -> {
                if (!classpath.hasClass(name) && KNOWN_ABSENT.stream().noneMatch(k -> k.covers(jar, name))) {
                    missing.add(jar.getFileName() + "!/" + entry + ": " + name);
                }
            };
            try {
                switch (file) {
                    case "reflect-config.json", "jni-config.json" -> typeEntries(read(jar, entry), need);
                    case "serialization-config.json" -> serialization(read(jar, entry), need);
                    case "proxy-config.json" -> read(jar, entry).forEach(p -> (p.isArray() ? p : p.path("interfaces"))
                            .forEach(i -> need.accept(i.asText())));
                    case "resource-config.json" -> read(jar, entry).path("bundles").forEach(b -> bundle(b.path("name").asText(), need));
                    case "reachability-metadata.json" -> reachability(read(jar, entry), need);
                    case "native-image.properties" -> properties(new String(classpath.read(jar, entry)), need);
                    default -> {
                        return;
                    }
                }
            } catch (IOException e) {
                missing.add(jar.getFileName() + "!/" + entry + ": unreadable: " + e.getMessage());
            }
            files.add(jar.getFileName() + "!/" + entry);
        });
        // the SDK's, the drivers' and the application's own (what Quarkus registers, in the runner jar)
        assertThat(files).as("metadata files read").hasSizeGreaterThan(10)
                .contains(classpath.runner.getFileName() + "!/META-INF/native-image/reflect-config.json");
        assertThat(missing).as("classes named by native-image metadata that the class path lacks (jar!/file: class)").isEmpty();
    }

    @Test
    void theFeaturesTheBuildIsGivenExist() throws IOException {
        Path args = classpath.runner.resolveSibling("native-image.args");
        List<String> features = Stream.of(Files.readString(args).trim().split("\\s+"))
                .filter(a -> a.startsWith("--features=")).flatMap(a -> Stream.of(a.substring("--features=".length()).split(",")))
                .toList();
        assertThat(features).contains("io.quarkus.runner.Feature");
        assertThat(features).filteredOn(f -> !classpath.hasClass(f)).as("features the class path lacks").isEmpty();
    }

    JsonNode read(Path jar, String entry) throws IOException {
        return JSON.readTree(classpath.read(jar, entry));
    }

    /** Entries naming a type, unless their condition names a type the class path lacks (they then apply to nothing). */
    static void typeEntries(JsonNode entries, Consumer<String> need) {
        for (JsonNode entry : entries) {
            JsonNode condition = entry.path("condition");
            String reachable = condition.path("typeReachable").asText(condition.path("typeReached").asText(""));
            if (!reachable.isEmpty() && !classpath.hasClass(reachable)) {
                continue;
            }
            JsonNode type = entry.has("type") ? entry.get("type") : entry.get("name");
            if (type != null && type.isTextual()) {
                need.accept(type.asText());
            } else if (type != null) {
                type.path("proxy").forEach(i -> need.accept(i.asText()));
            }
        }
    }

    static void serialization(JsonNode config, Consumer<String> need) {
        if (config.isArray()) {
            typeEntries(config, need);
        } else {
            typeEntries(config.path("types"), need);
            typeEntries(config.path("lambdaCapturingTypes"), need);
        }
    }

    static void reachability(JsonNode config, Consumer<String> need) {
        typeEntries(config.path("reflection"), need);
        typeEntries(config.path("jni"), need);
        typeEntries(config.path("serialization"), need);
        config.path("bundles").forEach(b -> bundle(b.path("name").asText(), need));
    }

    static void bundle(String name, Consumer<String> need) {
        if (!classpath.hasBundle(name)) {
            need.accept(name);
        }
    }

    /** The classes (or packages) of --features and --initialize-at-{build,run}-time in a native-image.properties. */
    static void properties(String text, Consumer<String> need) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        String args = properties.getProperty("Args", "");
        for (String arg : args.trim().split("\\s+")) {
            int eq = arg.indexOf('=');
            String option = eq < 0 ? arg : arg.substring(0, eq);
            if (eq > 0 && List.of("--features", "--initialize-at-run-time", "--initialize-at-build-time").contains(option)) {
                for (String name : arg.substring(eq + 1).split(",")) {
                    if (!name.isBlank() && (option.equals("--features") || !classpath.hasPackage(name))) {
                        need.accept(name);
                    }
                }
            }
        }
    }
}
