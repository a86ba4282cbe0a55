package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.probe.CaBundle;
import dev.aurorarefresh.probe.TlsSettings;
import dev.aurorarefresh.testing.TestCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images carry AWS's RDS CA bundle at the path the application takes as its default, fetched
 * at build time by scripts/fetch-rds-ca-bundle.sh, which accepts only the pinned sha256. The
 * script runs here against a file:// URL standing in for AWS's.
 */
class RdsCaBundleTest {
    private static final Path SCRIPT = Path.of("scripts/fetch-rds-ca-bundle.sh");

    @TempDir
    Path dir;

    @Test
    void bothImagesFetchTheBundleWithItsChecksumAndPutItWhereTheApplicationLooks() throws IOException {
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            String text = Files.readString(Path.of(dockerfile));
            assertThat(text).as(dockerfile).contains("ARG RDS_CA_BUNDLE_SHA256",
                    "RUN sh /fetch-rds-ca-bundle.sh \"$RDS_CA_BUNDLE_SHA256\" /rds-global-bundle.pem",
                    "COPY --from=rds-ca --chmod=0444 /rds-global-bundle.pem " + TlsSettings.DEFAULT_CA_BUNDLE + "\n");
        }
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("!" + SCRIPT);
    }

    @Test
    void theBundleIsKeptOnlyWhenItsSha256IsThePinnedOne() throws Exception {
        Path published = TestCa.create(dir, "stand-in RDS root").certificate;
        Path out = dir.resolve("rds-global-bundle.pem");
        String url = published.toUri().toString();

        Result wrong = fetch("0".repeat(64), out, url);
        assertThat(wrong.exit).isEqualTo(1);
        assertThat(wrong.output).contains(url + " has sha256 " + sha256(published) + ", not the pinned " + "0".repeat(64));
        assertThat(out).doesNotExist();

        Result unset = fetch("", out, url);
        assertThat(unset.exit).isEqualTo(1);
        assertThat(unset.output).contains("RDS_CA_BUNDLE_SHA256: '' is not a sha256; build with --build-arg RDS_CA_BUNDLE_SHA256=");
        assertThat(out).doesNotExist();

        Result right = fetch(sha256(published), out, url);
        assertThat(right.exit).as(right.output).isZero();
        assertThat(out).hasSameBinaryContentAs(published);
        assertThat(CaBundle.load(out).certificates()).hasSize(1);
    }

    private record Result(int exit, String output) {
    }

    private Result fetch(String sha, Path out, String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", SCRIPT.toString(), sha, out.toString(), url).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
