package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolTest {

    @Test
    void aMissingToolIsATestFailureOfOneLineNamingItAndTheCommandThatInstallsIt() {
        Tool.Missing missing = new Tool.Missing(Tool.PROMTOOL);
        assertThat(missing).isInstanceOf(AssertionError.class);
        assertThat(missing.toString()).isEqualTo("missing promtool: apt-get install prometheus"
                + " (bash scripts/test.sh installs and starts everything the tests need)");
        assertThat(missing.getStackTrace()).isEmpty();
        assertThat(Tool.values()).allSatisfy(t -> assertThat(new Tool.Missing(t).toString())
                .doesNotContain("\n").contains(t.remedy()));
    }

    @Test
    void aProgramIsFoundOnlyWhereThePathSaysAndOnlyIfItIsExecutable(@TempDir Path dir) throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(plain.resolve("promtool"), "not executable");
        Path promtool = Files.writeString(bin.resolve("promtool"), "#!/bin/sh\n");
        assertThat(promtool.toFile().setExecutable(true)).isTrue();

        assertThat(Tool.onPath("promtool", plain + File.pathSeparator + bin)).contains(promtool.toString());
        assertThat(Tool.onPath("promtool", plain.toString())).isEmpty();
        assertThat(Tool.onPath("promtool", "")).isEmpty();
    }

    @Test
    void theTestScriptInstallsEveryPackageTheFailuresName() throws IOException {
        List<String> installs = Files.readString(Path.of("scripts/test.sh")).lines().map(String::strip)
                .filter(l -> l.contains("apt_install ") && !l.startsWith("apt_install()")).toList();
        for (Tool tool : Tool.values()) {
            if (tool.remedy().startsWith("apt-get install ")) {
                assertThat(Arrays.asList(tool.remedy().substring("apt-get install ".length()).split(" ")))
                        .allSatisfy(pkg -> assertThat(installs).as("scripts/test.sh installs %s for %s", pkg, tool)
                                .anySatisfy(line -> assertThat(line.split("\\s+")).contains(pkg)));
            }
        }
        assertThat(Files.readString(Path.of("scripts/test.sh"))).contains(Tool.MOTO.remedy());
    }
}
