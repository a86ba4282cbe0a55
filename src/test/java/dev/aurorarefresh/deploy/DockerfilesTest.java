package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.deployment.pkg.NativeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the Dockerfiles build, read as text (there is no Docker engine here): the version an image
 * reports is its tag, the OCI labels say what it is, the native binary targets any CPU of its
 * architecture, and the CPU-independent Maven stage runs once for a multi-arch build.
 */
class DockerfilesTest {
    static final List<Path> DOCKERFILES = List.of(Path.of("Dockerfile.native"), Path.of("Dockerfile.jvm"));

    static String finalStage(String text) {
        return text.substring(text.lastIndexOf("\nFROM "));
    }

    static String argDefault(String stage, String name) {
        Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(stage);
        assertThat(m.find()).as("ARG %s with a default", name).isTrue();
        return m.group(1);
    }

    @Test
    void theVersionAnImageReportsIsItsTag() throws IOException {
        String tag = KubernetesManifestsTest.STRICT.readTree(KubernetesManifestsTest.K8S.resolve("kustomization.yaml")
                .toFile()).path("images").path(0).path("newTag").asText();
        for (Path file : DOCKERFILES) {
            String text = Files.readString(file);
            String build = text.substring(0, text.indexOf("\nFROM ", text.indexOf("AS build")));
            assertThat(argDefault(build, "VERSION")).as(file.toString()).isEqualTo(tag);
            assertThat(build).contains("-Dquarkus.application.version=\"${VERSION}\"");
            String last = finalStage(text);
            assertThat(argDefault(last, "VERSION")).isEqualTo(tag);
            assertThat(last).contains("org.opencontainers.image.version=\"${VERSION}\"",
                    "org.opencontainers.image.revision=\"${REVISION}\"", "org.opencontainers.image.title=\"aurora-refresh\"",
                    "org.opencontainers.image.source=", "org.opencontainers.image.description=");
            assertThat(text).as("the documented build command tags the default version")
                    .contains("--build-arg VERSION=" + tag + " -t aurora-refresh:" + tag);
        }
    }

    @Test
    void theNativeBinaryTargetsAnyCpuOfItsArchitectureUnlessToldOtherwise() throws IOException {
        String text = Files.readString(Path.of("Dockerfile.native"));
        assertThat(argDefault(text, "NATIVE_MARCH")).isEqualTo("compatibility");
        assertThat(text).contains("-Dquarkus.native.march=\"${NATIVE_MARCH}\"");
        assertThat(Files.readAllLines(Path.of("src/main/resources/application.properties")))
                .contains("quarkus.native.march=compatibility");
        // the Maven stage makes CPU-independent sources: built once on the builder's platform
        assertThat(text).contains("FROM --platform=$BUILDPLATFORM maven:").contains("--platform linux/amd64,linux/arm64");
        assertThat(text).contains("-J-Xmx${NATIVE_IMAGE_XMX}");
    }

    @Test
    void theCommentsDescribeTheBaseImagesAsTheyAre() throws IOException {
        Map<Path, String> shells = Map.of(Path.of("Dockerfile.native"), "have bash", Path.of("Dockerfile.jvm"), "no shell");
        shells.forEach((file, says) -> {
            try {
                assertThat(Files.readString(file)).as(file.toString()).contains(says);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readString(Path.of("Dockerfile.native"))).doesNotContain("no shell");
    }

    /**
     * The native stage compiles with the builder image the pom's Quarkus version uses by default (read from
     * its quarkus-core-deployment): Quarkus generates native-sources for that Mandrel line (25.0).
     */
    @Test
    void theNativeBuilderIsTheOneTheQuarkusVersionUses() throws Exception {
        Path jar = Path.of(NativeConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Pattern image = Pattern.compile("quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image:[\\w.-]+");
        String quarkusDefault;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            quarkusDefault = zip.stream().filter(e -> e.getName().startsWith("io/quarkus/deployment/pkg/NativeConfig"))
                    .map(e -> {
                        try {
                            return new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1);
                        } catch (IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    })
                    .map(image::matcher).filter(Matcher::find).map(Matcher::group).findFirst().orElseThrow();
        }
        assertThat(Files.readString(Path.of("Dockerfile.native"))).contains("FROM " + quarkusDefault + " AS native");
        assertThat(Files.readString(Path.of("docs/deploy.md"))).contains(quarkusDefault);
    }

    /** The JVM image starts from the AOT cache its training run wrote, on the very JRE it was trained on. */
    @Test
    void theJvmImageRunsFromTheAotCacheItsTrainingRunWrote() throws IOException {
        String text = Files.readString(Path.of("Dockerfile.jvm"));
        assertThat(text).contains("-Dquarkus.package.jar.type=aot-jar")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("RUN bash /train/train-aot-cache.sh /opt/java/openjdk/bin/java /app");
        String last = finalStage(text);
        assertThat(last).contains("COPY --from=train /opt/java/openjdk /opt/java/openjdk", "COPY --from=train /app /app")
                .contains("ENTRYPOINT [\"/opt/java/openjdk/bin/java\", \"-XX:AOTCache=/app/app.aot\"");
        // the training script writes the cache where the entrypoint reads it
        assertThat(Files.readString(Path.of("scripts/train-aot-cache.sh"))).contains("-XX:AOTCacheOutput=\"${app}/app.aot\"");
    }
}
