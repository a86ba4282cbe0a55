package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookScriptsTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryRunsItsSqlFilesInNameOrderAndIgnoresOthers() throws IOException {
        Files.writeString(dir.resolve("20-trim.sql"), "DELETE FROM audit;");
        Files.writeString(dir.resolve("10-mask.sql"), "UPDATE customers SET email = NULL;");
        Files.writeString(dir.resolve("README.md"), "not sql");
        Files.createDirectory(dir.resolve("99-dir.sql"));

        HookScripts hooks = HookScripts.load(dir);

        assertThat(hooks.files()).extracting(HookScripts.HookFile::name).containsExactly("10-mask.sql", "20-trim.sql");
        assertThat(hooks.digest()).matches("[0-9a-f]{64}");
    }

    @Test
    void theDigestFollowsNamesAndContents() throws IOException {
        Path file = dir.resolve("mask.sql");
        Files.writeString(file, "UPDATE t SET a = 1;");
        String first = HookScripts.load(file).digest();
        assertThat(HookScripts.load(file).digest()).isEqualTo(first);

        Files.writeString(file, "UPDATE t SET a = 2;");
        assertThat(HookScripts.load(file).digest()).isNotEqualTo(first);

        Files.move(file, dir.resolve("renamed.sql"));
        Files.writeString(dir.resolve("renamed.sql"), "UPDATE t SET a = 1;");
        assertThat(HookScripts.load(dir.resolve("renamed.sql")).digest()).isNotEqualTo(first);
    }

    @Test
    void unusablePathsSayWhy() throws IOException {
        assertThatThrownBy(() -> HookScripts.load(dir.resolve("missing.sql"))).hasMessage("no such file or directory");
        assertThatThrownBy(() -> HookScripts.load(dir)).hasMessage("the directory has no *.sql files");
        Path latin1 = dir.resolve("latin1.sql");
        Files.write(latin1, new byte[] {'S', 'E', 'L', (byte) 0xE9});
        assertThatThrownBy(() -> HookScripts.load(latin1)).hasMessage("latin1.sql is not UTF-8 text");
    }
}
