package dev.aurorarefresh.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the tests need from the machine beyond the JVM, each with the command that installs it.
 * The one check every test makes before it uses one: {@link #path()} (or {@link #require}) finds
 * it once per JVM, or fails the test at once with one line naming it and its install command
 * ({@link Missing}), never with a stack trace from deep inside the test. {@code bash scripts/test.sh}
 * installs them all; {@code ToolTest} keeps that script and these install commands in step.
 */
public enum Tool {
    MOTO("moto (python3 -m moto.server)", "python3 -m pip install 'moto[server]==5.2.1'", Tool::moto),
    PROMTOOL("promtool", "apt-get install prometheus", () -> onPath("promtool")),
    PUSHGATEWAY("prometheus-pushgateway", "apt-get install prometheus-pushgateway", () -> onPath("prometheus-pushgateway")),
    KUBECTL("kubectl", "apt-get install kubectl", () -> onPath("kubectl")),
    AWS_CLI("aws (the AWS CLI)", "apt-get install awscli", () -> onPath("aws")),
    TERRAFORM("terraform", "install Terraform 1.9 or newer on the PATH (these machines have 1.11 in /usr/local/bin)",
            () -> onPath("terraform")),
    TERRAFORM_AWS_PROVIDER("a Terraform provider mirror holding registry.terraform.io/hashicorp/aws within 3 levels of /",
            "make one with terraform providers mirror (these machines have one)", Terraform::findPluginMirror),
    OPENSSL("openssl", "apt-get install openssl", () -> onPath("openssl")),
    POSTGRESQL_SERVER("initdb and pg_ctl (/usr/lib/postgresql/*/bin)", "apt-get install postgresql", Tool::postgresBin),
    MARIADB_SERVER("mariadb-install-db and mariadbd", "apt-get install mariadb-server", Tool::mariadbd),
    LOCAL_POSTGRESQL("PostgreSQL on 127.0.0.1:5432 (user postgres, trust)",
            "start it with pg_ctlcluster --skip-systemctl-redirect VERSION main start", () -> listening(5432)),
    LOCAL_MARIADB("MariaDB on 127.0.0.1:3306 (root without password)",
            "start it with start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd", () -> listening(3306));

    private static final Map<Tool, Optional<String>> FOUND = new EnumMap<>(Tool.class);

    private final String what;
    private final String remedy;
    private final Supplier<Optional<String>> locate;

    Tool(String what, String remedy, Supplier<Optional<String>> locate) {
        this.what = what;
        this.remedy = remedy;
        this.locate = locate;
    }

    /** The command that installs (or starts) it, as the failure's line gives it. */
    public String remedy() {
        return remedy;
    }

    /** Where it is (a program, a folder, an address), as a command-line word; fails the test with one line if it is not there. */
    public String command() {
        Optional<String> found;
        synchronized (FOUND) {
            found = FOUND.computeIfAbsent(this, t -> t.locate.get());
        }
        return found.orElseThrow(() -> new Missing(this));
    }

    /** {@link #command()} as a path. */
    public Path path() {
        return Path.of(command());
    }

    /** Fails the test with one line unless every one of these is there. */
    public static void require(Tool... tools) {
        Arrays.stream(tools).forEach(Tool::command);
    }

    /**
     * A test failure of one line: what is missing and how to install it. No stack trace: where the
     * test stood says nothing a newcomer needs.
     */
    public static final class Missing extends AssertionError {
        Missing(Tool tool) {
            super("missing " + tool.what + ": " + tool.remedy
                    + " (bash scripts/test.sh installs and starts everything the tests need)");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** An executable of this name in a folder of the PATH, as a shell would find it. */
    static Optional<String> onPath(String name) {
        return onPath(name, System.getenv().getOrDefault("PATH", ""));
    }

    static Optional<String> onPath(String name, String pathVariable) {
        return Stream.of(pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** python3 on the PATH that can import moto's server. */
    private static Optional<String> moto() {
        Optional<String> python = onPath("python3");
        if (python.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(python.get(), "-c",
                    "import importlib.util, sys; sys.exit(importlib.util.find_spec('moto.server') is None)")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? python : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The newest PostgreSQL's binaries (Debian keeps each major version apart, off the PATH). */
    private static Optional<String> postgresBin() {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> each = Files.list(versions)) {
            return each.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .map(Path::toString);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** mariadbd lives in /usr/sbin, which a user's PATH may leave out; mariadb-install-db beside it on the PATH. */
    private static Optional<String> mariadbd() {
        Optional<String> daemon = onPath("mariadbd")
                .or(() -> Optional.of("/usr/sbin/mariadbd").filter(d -> Files.isExecutable(Path.of(d))));
        return onPath("mariadb-install-db").isPresent() ? daemon : Optional.empty();
    }

    private static Optional<String> listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return Optional.of("127.0.0.1:" + port);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
