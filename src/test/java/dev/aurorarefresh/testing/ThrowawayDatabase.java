package dev.aurorarefresh.testing;

import dev.aurorarefresh.port.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL or MariaDB server of its own, on a free loopback port, with TLS (this certificate)
 * or without, made from the machine's binaries (initdb/pg_ctl, mariadb-install-db/mariadbd) in a
 * temporary directory and removed on {@link #close()} (or when the JVM exits). Start-up is
 * bounded: each command gets at most a minute, a login at most 30 s, and a port taken in the
 * meantime is retried on another. PostgreSQL's tools refuse root, so as root they run as the
 * {@code postgres} user; mariadbd is told to stay root.
 */
public final class ThrowawayDatabase implements AutoCloseable {
    public enum Engine { POSTGRESQL, MARIADB }

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    public final Engine engine;
    public final HostPort address;
    private final Path dir;
    private final Process mariadbd;
    private final Thread cleanup = new Thread(this::stop);
    private boolean stopped;

    private ThrowawayDatabase(Engine engine, HostPort address, Path dir, Process mariadbd) {
        this.engine = engine;
        this.address = address;
        this.dir = dir;
        this.mariadbd = mariadbd;
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** @param tls the server's certificate; empty for a server that offers no TLS */
    public static ThrowawayDatabase start(Engine engine, Optional<TestCa.ServerCertificate> tls) {
        Tool.require(engine == Engine.POSTGRESQL ? Tool.POSTGRESQL_SERVER : Tool.MARIADB_SERVER);
        try {
            Path dir = Files.createTempDirectory("aurora-refresh-" + engine.name().toLowerCase() + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                return engine == Engine.POSTGRESQL ? postgres(dir, tls) : mariadb(dir, tls);
            } catch (RuntimeException e) {
                delete(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC connection as the admin user (postgres / root), without TLS. */
    public Connection connect() throws SQLException {
        return engine == Engine.POSTGRESQL
                ? DriverManager.getConnection("jdbc:postgresql://" + address + "/postgres?sslmode=disable", "postgres", "")
                : DriverManager.getConnection("jdbc:mariadb://" + address + "/?sslMode=disable", "root", "");
    }

    private static ThrowawayDatabase postgres(Path dir, Optional<TestCa.ServerCertificate> tls) throws IOException {
        Path bin = Tool.POSTGRESQL_SERVER.path();
        Path data = dir.resolve("data");
        if (ROOT) {
            Files.setOwner(dir, postgresUser());
        }
        Processes.run(dir, asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        List<String> options = new ArrayList<>(List.of("-c listen_addresses=127.0.0.1", "-c unix_socket_directories=" + dir,
                "-c fsync=off", "-c ssl=" + (tls.isPresent() ? "on" : "off")));
        if (tls.isPresent()) {
            Files.copy(tls.get().certificate(), data.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tls.get().key(), data.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            if (ROOT) {
                Files.setOwner(data.resolve("server.crt"), postgresUser());
                Files.setOwner(data.resolve("server.key"), postgresUser());
            }
        }
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                Processes.run(dir, asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30",
                        "-l", dir.resolve("server.log").toString(), "-o", "-p " + port + " " + String.join(" ", options), "start"));
                ThrowawayDatabase db = new ThrowawayDatabase(Engine.POSTGRESQL, new HostPort("127.0.0.1", port), dir, null);
                db.awaitLogin();
                return db;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage() + "\n" + read(dir.resolve("server.log")), e);
                }
            }
        }
    }

    private static ThrowawayDatabase mariadb(Path dir, Optional<TestCa.ServerCertificate> tls) throws IOException {
        Path data = dir.resolve("data");
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (ROOT) {
            install.add("--user=root");
        }
        Processes.run(dir, install);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Tool.MARIADB_SERVER.command(), "--no-defaults", "--datadir=" + data,
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                    "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("server.log"),
                    "--innodb-buffer-pool-size=16M", "--skip-log-bin"));
            if (ROOT) {
                command.add("--user=root");
            }
            tls.ifPresent(t -> command.addAll(List.of("--ssl-cert=" + t.certificate(), "--ssl-key=" + t.key())));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            ThrowawayDatabase db = new ThrowawayDatabase(Engine.MARIADB, new HostPort("127.0.0.1", port), dir, process);
            try {
                db.awaitLogin();
                return db;
            } catch (IllegalStateException e) {
                db.stopProcess();
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage() + "\n" + read(dir.resolve("server.log")), e);
                }
            }
        }
    }

    private void awaitLogin() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SQLException last = null;
        while (System.nanoTime() < deadline && (mariadbd == null || mariadbd.isAlive())) {
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(engine + " on " + address + " takes no login: " + (last == null ? "exited" : last.getMessage()));
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already exiting
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (engine == Engine.POSTGRESQL) {
            try {
                Processes.run(dir, asPostgres(Tool.POSTGRESQL_SERVER.path().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                        "-m", "immediate", "-w", "-t", "30", "stop"));
            } catch (IllegalStateException e) {
                // not running (start-up failed): nothing to stop
            }
        } else {
            stopProcess();
        }
        delete(dir);
    }

    private void stopProcess() {
        mariadbd.destroy();
        try {
            if (!mariadbd.waitFor(30, TimeUnit.SECONDS)) {
                mariadbd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> all = new ArrayList<>(ROOT ? List.of("runuser", "-u", "postgres", "--") : List.of());
        all.addAll(List.of(command));
        return all;
    }

    private static UserPrincipal postgresUser() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
