package dev.aurorarefresh.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar (system property aurora-refresh.jar, set by failsafe) run as a child process,
 * the way a CronJob runs it: environment in, exit code, stdout and stderr out.
 */
public final class Jar {
    /** What one run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> stderrLines() {
            return stderr.isBlank() ? List.of() : List.of(stderr.strip().split("\n"));
        }
    }

    private Jar() {
    }

    public static Path path() {
        String jar = System.getProperty("aurora-refresh.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no packaged jar at " + jar + " (run through `mvn verify`)");
        }
        return Path.of(jar);
    }

    /** Starts the jar with the given environment added (no AURORA_REFRESH_* inherited). */
    public static Process start(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", path().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AURORA_REFRESH_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the jar to its end (at most two minutes). */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jar-out-", ".txt");
        Path err = Files.createTempFile("jar-err-", ".txt");
        try {
            Process p = start(env, out, err, args);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("the jar did not finish within 2 minutes: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The moto account's endpoint and test credentials, as the job's environment. */
    public static Map<String, String> awsEnv(MotoAccount aws) {
        return Map.of("AWS_ENDPOINT_URL", aws.server.endpoint(), "AWS_REGION", MotoAccount.REGION,
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
    }
}
