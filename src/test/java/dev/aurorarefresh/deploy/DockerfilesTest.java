package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
}
