package dev.aurorarefresh.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real moto server (python3 -m moto.server) on a free loopback port, started once per test JVM
 * and stopped when the JVM exits. Tests call {@link #reset()} to start from an empty account.
 */
public final class MotoServer {
    private static MotoServer instance;

    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static synchronized MotoServer get() {
        Tool.require(Tool.MOTO);
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static MotoServer start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder(Tool.MOTO.command(), "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            MotoServer server = new MotoServer(p, "http://127.0.0.1:" + port);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("moto server exited: " + Files.readString(log));
                }
                try {
                    server.reset();
                    return server;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            throw new IllegalStateException("moto server did not start within 60s on port " + port);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start moto (python3 -m moto.server)", e);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setConnectTimeout(1000);
        c.setReadTimeout(10000);
        int code = c.getResponseCode();
        c.disconnect();
        if (code != 200) {
            throw new IOException("moto reset answered HTTP " + code);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }
}
