package dev.aurorarefresh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar (system property {@code aurora-refresh.jar}, set by failsafe) as a child
 * process against a moto server, with the environment a CronJob would give it.
 */
public record JarRun(int exitCode, String stdout, String stderr) {

    /** Both streams, for "never printed anywhere" assertions. */
    public String output() {
        return stdout + "\n" + stderr;
    }

    public static JarRun run(MotoServer moto, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        String jar = System.getProperty("aurora-refresh.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no packaged jar at " + jar + " (run through mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(args);
        Path out = Files.createTempFile("aurora-refresh-out", ".txt");
        Path err = Files.createTempFile("aurora-refresh-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AURORA_REFRESH_") || k.startsWith("AWS_"));
        pb.environment().putAll(Map.of("AWS_ENDPOINT_URL", moto.endpoint(), "AWS_REGION", MotoAccount.REGION,
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the jar did not finish within 180s: " + command);
        }
        try {
            return new JarRun(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
