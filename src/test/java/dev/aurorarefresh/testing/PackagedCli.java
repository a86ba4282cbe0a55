package dev.aurorarefresh.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged command ({@code aurora-refresh.jar} system property, set by failsafe) run as a child
 * process with a clean AWS environment pointed at one endpoint (moto, or a proxy in front of it).
 */
public final class PackagedCli {

    /** A finished run. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Lines on stderr, logs included. */
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private final Map<String, String> env = new LinkedHashMap<>();

    /** AWS settings for a run against {@code endpoint}: test credentials, 2 attempts per call, no profile, no IMDS. */
    public PackagedCli(String endpoint) {
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_REGION", MotoAccount.REGION);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_MAX_ATTEMPTS", "2");
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Sets (or, with null, removes) an environment variable of the child. */
    public PackagedCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Process start(List<String> args) {
        String jar = System.getProperty("aurora-refresh.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("system property aurora-refresh.jar does not name the packaged jar: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AURORA_REFRESH_"));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Path out = Files.createTempFile("aurora-refresh-", ".out");
            Path err = Files.createTempFile("aurora-refresh-", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            OUTPUTS.put(p, new Path[] {out, err});
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most 2 minutes) for a started run and reads what it printed. */
    public static Result finish(Process p) {
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("aurora-refresh did not finish within 2 minutes");
            }
            Path[] files = OUTPUTS.remove(p);
            Result r = new Result(p.exitValue(), Files.readString(files[0], StandardCharsets.UTF_8),
                    Files.readString(files[1], StandardCharsets.UTF_8));
            Files.deleteIfExists(files[0]);
            Files.deleteIfExists(files[1]);
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(List<String> args) {
        return finish(start(args));
    }

    public Result run(String... args) {
        return run(List.of(args));
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();
}
