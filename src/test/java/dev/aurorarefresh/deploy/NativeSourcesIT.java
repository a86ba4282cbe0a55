package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.aws.NativeImageConfig;
import dev.aurorarefresh.cli.AuroraRefreshCommand;
import dev.aurorarefresh.probe.MariadbTlsPlugin;
import dev.aurorarefresh.probe.PostgresTlsSocketFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What the native binary would be built with. This machine has no native-image, so the build
 * stops after Quarkus's native build steps (target/native-sources, the input Dockerfile.native
 * compiles); this checks that input: the arguments, and that the reflection and resource
 * configuration carry what the code needs. It cannot show that the binary runs.
 */
class NativeSourcesIT {
    static Path dir;
    static List<String> args;
    static Set<String> reflected = new HashSet<>();
    static String resources;

    @BeforeAll
    static void readNativeSources() throws IOException {
        dir = Path.of(System.getProperty("aurora-refresh.native-sources", "target/native-sources"));
        args = List.of(Files.readString(dir.resolve("native-image.args")).trim().split("\\s+"));
        Path runner;
        try (Stream<Path> files = Files.list(dir)) {
            runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        try (ZipFile jar = new ZipFile(runner.toFile())) {
            JsonNode reflect = new ObjectMapper().readTree(jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json")));
            reflect.forEach(e -> reflected.add(e.get("name").asText()));
            resources = new String(jar.getInputStream(jar.getEntry("META-INF/native-image/resource-config.json")).readAllBytes());
        }
    }

    @Test
    void theBuildIsAStandaloneBinaryThatSpeaksHttpAndHttps() {
        assertThat(args).contains("--no-fallback", "--link-at-build-time", "--enable-url-protocols=http,https");
        assertThat(args.get(args.size() - 1)).endsWith("-runner.jar");
    }

    @Test
    void theBinaryTargetsAnyCpuOfItsArchitecture() {
        // GraalVM's default (x86-64-v3) refuses to start on older x86 nodes
        assertThat(args).contains("-march=compatibility").filteredOn(a -> a.startsWith("-march=")).hasSize(1);
    }

    @Test
    void theClassesDeclaredForReflectionReachTheNativeBuild() {
        assertThat(reflected).contains(NativeImageConfig.class.getAnnotation(RegisterForReflection.class).classNames());
        // the SDK instantiates the call recorder by name from quarkus.rds.interceptors
        assertThat(reflected).contains(AwsCallRecorder.class.getName());
    }

    @Test
    void everyCommandAndItsOptionsAreRegisteredForPicocli() {
        CommandLine top = new CommandLine(new AuroraRefreshCommand());
        assertThat(reflected).contains(AuroraRefreshCommand.class.getName());
        top.getSubcommands().values().forEach(sub -> assertThat(reflected)
                .as("subcommand %s", sub.getCommandName()).contains(sub.getCommand().getClass().getName()));
        assertThat(reflected).contains("dev.aurorarefresh.cli.PipelineOptions", "dev.aurorarefresh.cli.Version");
        // a fleet parses each pipeline's options into this command of its own
        assertThat(reflected).contains("dev.aurorarefresh.cli.FleetEntry", "dev.aurorarefresh.cli.FleetOptions");
    }

    /** picocli creates each option's converter and the zone's group by reflection; status serializes its rows. */
    @Test
    void everyConverterTheZoneGroupAndTheStatusRowsAreRegistered() {
        Set<String> needed = new HashSet<>();
        new CommandLine(new AuroraRefreshCommand()).getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().options().forEach(o -> Arrays.stream(o.converters())
                    .forEach(c -> needed.add(c.getClass().getName())));
            sub.getCommandSpec().argGroups().forEach(g -> needed.add(g.typeInfo().getClassName()));
        });
        assertThat(needed).as("converters and groups").hasSizeGreaterThan(20)
                .contains("dev.aurorarefresh.cli.PipelineOptions$HostedZone");
        assertThat(reflected).containsAll(needed)
                .contains("dev.aurorarefresh.cli.StatusRow", "dev.aurorarefresh.cli.StatusRow$Instance");
    }

    @Test
    void theSdkResourcesLoadedByNameAreIncluded() {
        assertThat(resources).contains("software/amazon/awssdk/services/rds/execution.interceptors",
                "software/amazon/awssdk/global/handlers/execution.interceptors",
                "META-INF/services/software.amazon.awssdk.http.SdkHttpService");
    }

    @Test
    void theDriversTlsHooksAreReachableByName() {
        // pgjdbc instantiates its sslfactory by name; Connector/J finds its TLS plugin with ServiceLoader,
        // which instantiates every plugin the services files list
        assertThat(reflected).contains(PostgresTlsSocketFactory.class.getName(), MariadbTlsPlugin.class.getName(),
                DefaultTlsSocketPlugin.class.getName());
        assertThat(resources).contains("META-INF/services/org\\\\.mariadb\\\\.jdbc\\\\.plugin\\\\.TlsSocketPlugin");
    }
}
