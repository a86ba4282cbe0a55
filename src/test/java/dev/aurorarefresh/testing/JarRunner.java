package dev.aurorarefresh.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged CLI (target/quarkus-app/quarkus-run.jar) as a child process, as operators do. */
public final class JarRunner {
    /**
     * A run is a few seconds of mostly start-up: the JIT's second tier (C2) costs CPU the run never
     * gets back, and the packaged-jar tests make dozens of runs on 2 cores. Behaviour is the same.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    /** What one run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();

    /** Environment pointing the SDK at moto, with dummy credentials, and nothing inherited from AURORA_REFRESH_*. */
    public static JarRunner against(String awsEndpoint) {
        JarRunner r = new JarRunner();
        r.env.put("AWS_ENDPOINT_URL", awsEndpoint);
        r.env.put("AWS_REGION", MotoAccount.REGION);
        r.env.put("AWS_ACCESS_KEY_ID", "test");
        r.env.put("AWS_SECRET_ACCESS_KEY", "test");
        // moto's cluster endpoints are fake host names: the TCP readiness probe (on by default) is
        // off unless a test turns it on with a --db-host-override to a real database
        r.env.put("AURORA_REFRESH_PROBE_TCP", "false");
        return r;
    }

    /**
     * Pointing at moto but with no credentials at all: the caller adds the ones a deployment
     * provides (web identity, container credentials), and the shared files and instance metadata
     * are switched off so that nothing else can stand in for them.
     */
    public static JarRunner withoutCredentials(String awsEndpoint, Path scratch) {
        JarRunner r = new JarRunner();
        r.env.put("AWS_ENDPOINT_URL", awsEndpoint);
        r.env.put("AWS_REGION", MotoAccount.REGION);
        r.env.put("AWS_CONFIG_FILE", scratch.resolve("no-aws-config").toString());
        r.env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-aws-credentials").toString());
        r.env.put("AWS_EC2_METADATA_DISABLED", "true");
        r.env.put("AURORA_REFRESH_PROBE_TCP", "false"); // as in against(): moto's endpoints are fake host names
        return r;
    }

    /** A copy of this runner with one more environment variable. */
    public JarRunner env(String name, String value) {
        JarRunner copy = copy();
        copy.env.put(name, value);
        return copy;
    }

    /** A copy of this runner with one more JVM argument. */
    public JarRunner jvm(String arg) {
        JarRunner copy = copy();
        copy.jvmArgs.add(arg);
        return copy;
    }

    private JarRunner copy() {
        JarRunner copy = new JarRunner();
        copy.env.putAll(env);
        copy.jvmArgs.addAll(jvmArgs);
        return copy;
    }

    public static Path jar() {
        return Path.of(System.getProperty("aurora-refresh.jar", "target/quarkus-app/quarkus-run.jar"));
    }

    public Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(QUICK_START);
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("AURORA_REFRESH_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    public Result run(String... args) {
        try {
            return finish(start(args));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits (at most 120 s) for a process from {@link #start} and reads what it printed, even if it was killed. */
    public static Result finish(Process p) {
        try {
            Path out = Files.createTempFile("ar-out", ".txt");
            Path err = Files.createTempFile("ar-err", ".txt");
            try (var o = p.getInputStream(); var e = p.getErrorStream()) {
                Thread t1 = new Thread(() -> copy(o, out));
                Thread t2 = new Thread(() -> copy(e, err));
                t1.start();
                t2.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("aurora-refresh did not finish in 120s: " + p.info().commandLine());
                }
                t1.join();
                t2.join();
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(java.io.InputStream in, Path to) {
        try {
            Files.write(to, in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
