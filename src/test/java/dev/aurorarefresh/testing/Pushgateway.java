package dev.aurorarefresh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus Pushgateway ({@link Tool#PUSHGATEWAY}) on a free loopback port, without
 * persistence and with the admin API so tests can wipe it. {@link #shared()} is one per test JVM,
 * stopped when the JVM exits; {@link #start(String...)} gives a private one to {@link #close()}.
 */
public final class Pushgateway implements AutoCloseable {
    private static Pushgateway shared;

    private final Process process;
    private final String url;
    private final Path log;
    private String authorization;

    private Pushgateway(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * A gateway that takes only this basic-auth user; the test's own requests authenticate.
     * The hash is bcrypt of the password (the gateway's web config wants a hash, not the password).
     */
    public static Pushgateway withBasicAuth(String user, String password, String bcryptHash) {
        try {
            Path config = Files.createTempFile("pushgateway-web-", ".yml");
            Files.writeString(config, "basic_auth_users:\n  " + user + ": " + bcryptHash + "\n");
            config.toFile().deleteOnExit();
            Pushgateway gw = start("--web.config.file=" + config);
            gw.authorization = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return gw;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared gateway, wiped: tests start from no groups. */
    public static synchronized Pushgateway shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        shared.wipe();
        return shared;
    }

    /** A gateway of one's own; extra flags such as --web.config.file=... */
    public static Pushgateway start(String... flags) {
        try {
            int port = freePort();
            Path log = Files.createTempFile("pushgateway-", ".log");
            List<String> cmd = new ArrayList<>(List.of(Tool.PUSHGATEWAY.command(), "--web.listen-address=127.0.0.1:" + port,
                    "--persistence.file=", "--web.enable-admin-api"));
            cmd.addAll(List.of(flags));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Pushgateway gw = new Pushgateway(p, "http://127.0.0.1:" + port, log);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(deadline)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("pushgateway exited: " + Files.readString(log));
                }
                try {
                    gw.open("/-/ready").getResponseCode(); // any answer will do: with basic auth it is 401
                    return gw;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            p.destroy();
            throw new IllegalStateException("pushgateway did not start within 20s on port " + port);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start prometheus-pushgateway", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return url;
    }

    /** The gateway's /metrics page, as Prometheus would scrape it. */
    public PrometheusText scrape() {
        try {
            return PrometheusText.parse(get("/metrics"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every group. */
    public void wipe() {
        try {
            HttpURLConnection c = open("/api/v1/admin/wipe");
            c.setRequestMethod("PUT");
            int code = c.getResponseCode();
            c.disconnect();
            if (code / 100 != 2) {
                throw new IllegalStateException("pushgateway wipe answered HTTP " + code);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = open(path);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        return c;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
            Files.deleteIfExists(log);
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
