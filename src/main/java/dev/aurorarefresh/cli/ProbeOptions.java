package dev.aurorarefresh.cli;

import static dev.aurorarefresh.cli.PipelineOptions.bool;
import static dev.aurorarefresh.cli.PipelineOptions.check;

import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.probe.CaBundle;
import dev.aurorarefresh.probe.CredentialsConfig;
import dev.aurorarefresh.probe.HookScripts;
import dev.aurorarefresh.probe.HostPort;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.probe.Secret;
import dev.aurorarefresh.probe.TlsMode;
import dev.aurorarefresh.probe.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Readiness probes, the login they use, and the post-clone SQL hooks. Same conventions as
 * {@link PipelineOptions}: text values checked here with one-line messages, each also settable by
 * environment variable. The password itself is never an option (it would show in process
 * listings): it comes from {@value #PASSWORD_VARIABLE} or {@code --db-password-file}.
 */
public class ProbeOptions {
    public static final String PASSWORD_VARIABLE = "AURORA_REFRESH_DB_PASSWORD";

    private static final Pattern DB_USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.@$-]{0,62}");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

    @Option(names = "--probe-tcp", defaultValue = "true", arity = "0..1", fallbackValue = "true",
            description = "Before tagging a clone ready, check its endpoint accepts TCP connections. Default: ${DEFAULT-VALUE}.")
    String probeTcp;

    @Option(names = "--probe-query", defaultValue = ProbeSettings.DEFAULT_QUERY,
            description = "The SQL probe's query (the SQL probe runs when database credentials are set). Default: ${DEFAULT-VALUE}.")
    String probeQuery;

    @Option(names = "--db-name", description = "Database the probe and hooks log in to. Default: postgres (PostgreSQL), none (MySQL).")
    String dbName;

    @Option(names = "--db-user", description = "Database user for the probe and hooks; the password comes from "
            + PASSWORD_VARIABLE + " or --db-password-file.")
    String dbUser;

    @Option(names = "--db-password-file", description = "File holding the password of --db-user (e.g. a Kubernetes secret mount).")
    String dbPasswordFile;

    @Option(names = "--db-secret-arn", description = "Secrets Manager secret with the login: JSON {\"username\", \"password\"}.")
    String dbSecretArn;

    @Option(names = "--db-iam-auth", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Log in as --db-user with an IAM authentication token (preferred over a secret or password). Default: ${DEFAULT-VALUE}.")
    String dbIamAuth;

    @Option(names = "--post-clone-sql", description = "SQL file, or directory of *.sql files run in name order, "
            + "run on the clone after the probes and before it is tagged ready.")
    String postCloneSql;

    @Option(names = "--db-host-override", description = "HOST:PORT to connect the probe and hooks to instead of the "
            + "clone's endpoint: for tests and tunnels only. verify-full still checks the certificate against the clone's endpoint name.")
    String dbHostOverride;

    @Option(names = "--db-tls", description = "TLS of the probe and hook connections: verify-full (encrypted, the "
            + "certificate chains to --db-ca-bundle and names the clone's endpoint), require (encrypted, not verified) or "
            + "prefer (encrypted if the server offers it: local tests and tunnels only). "
            + "Default: verify-full when a CA bundle is available, otherwise require.")
    String dbTls;

    @Option(names = "--db-ca-bundle", description = "PEM file of the CA certificates verify-full trusts, e.g. AWS's RDS "
            + "global-bundle.pem. Default: the bundle the container images carry at /etc/aurora-refresh/rds-global-bundle.pem, if present.")
    String dbCaBundle;

    /** Where the images carry the RDS bundle; tests point it elsewhere. */
    Path defaultCaBundle = TlsSettings.DEFAULT_CA_BUNDLE;

    /** @throws ConfigurationException naming the first bad option */
    public ProbeSettings toSettings() {
        return toSettings(System.getenv());
    }

    ProbeSettings toSettings(Map<String, String> env) {
        boolean tcp = bool("--probe-tcp", probeTcp);
        check(probeQuery != null && !probeQuery.isBlank(), "--probe-query", probeQuery, "a SQL query such as SELECT 1");
        Optional<String> db = Optional.ofNullable(dbName).map(String::trim);
        db.ifPresent(d -> check(DB_NAME.matcher(d).matches(), "--db-name", d,
                "a database name: letters, digits, _ $ -, starting with a letter or _"));
        Optional<HostPort> override = Optional.ofNullable(dbHostOverride).map(ProbeOptions::hostPort);
        CredentialsConfig credentials = credentials(env);
        Optional<HookScripts> hooks = Optional.ofNullable(postCloneSql).map(ProbeOptions::hooks);
        if (hooks.isPresent() && credentials instanceof CredentialsConfig.None) {
            throw new ConfigurationException("--post-clone-sql: needs a database login; set --db-iam-auth with --db-user, "
                    + "--db-secret-arn, or --db-user with " + PASSWORD_VARIABLE + " or --db-password-file");
        }
        TlsSettings tls = tls(credentials);
        return new ProbeSettings(tcp, probeQuery.trim(), db, credentials, override, tls, hooks, ProbeSettings.DEFAULT_TIMEOUT);
    }

    /**
     * verify-full when a CA bundle is available (--db-ca-bundle, or the image's), else require;
     * weaker only when asked. A bundle that cannot be used is an error even if the mode does not
     * need it: the user meant something by it.
     */
    private TlsSettings tls(CredentialsConfig credentials) {
        Optional<TlsMode> asked = Optional.ofNullable(dbTls).map(String::trim).map(v -> TlsMode.parse(v).orElseThrow(() ->
                PipelineOptions.bad("--db-tls", v, "verify-full, require or prefer")));
        Optional<CaBundle> bundle = Optional.ofNullable(dbCaBundle).map(String::trim).map(ProbeOptions::caBundle);
        if (bundle.isEmpty() && dbCaBundle == null && Files.exists(defaultCaBundle)) {
            bundle = Optional.of(caBundle(defaultCaBundle.toString()));
        }
        TlsMode mode = asked.orElse(bundle.isPresent() ? TlsMode.VERIFY_FULL : TlsMode.REQUIRE);
        if (mode == TlsMode.VERIFY_FULL && bundle.isEmpty()) {
            throw new ConfigurationException("--db-tls: 'verify-full' needs the CA certificates to check the server against; "
                    + "set --db-ca-bundle to a PEM file such as AWS's RDS global-bundle.pem "
                    + "(https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)");
        }
        if (mode == TlsMode.PREFER && credentials instanceof CredentialsConfig.IamAuth) {
            throw PipelineOptions.bad("--db-tls", "prefer", "verify-full or require with --db-iam-auth: "
                    + "an IAM token must not cross the network in clear");
        }
        return new TlsSettings(mode, bundle);
    }

    private static CaBundle caBundle(String file) {
        try {
            return CaBundle.load(Path.of(file));
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw new ConfigurationException("--db-ca-bundle: '" + file + "' cannot be used: " + e.getMessage()
                    + "; use a readable PEM file of CA certificates such as AWS's RDS global-bundle.pem");
        }
    }

    /** In order of preference: IAM token, Secrets Manager secret, user and password. */
    private CredentialsConfig credentials(Map<String, String> env) {
        Optional<String> user = Optional.ofNullable(dbUser).map(String::trim);
        user.ifPresent(u -> check(DB_USER.matcher(u).matches(), "--db-user", u,
                "a database user name: letters, digits, _ . @ $ -, starting with a letter or _"));
        Optional<String> arn = Optional.ofNullable(dbSecretArn).map(String::trim);
        arn.ifPresent(a -> check(SECRET_ARN.matcher(a).matches(), "--db-secret-arn", a,
                "a Secrets Manager secret ARN such as arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-AbCdEf"));
        if (bool("--db-iam-auth", dbIamAuth)) {
            return new CredentialsConfig.IamAuth(user.orElseThrow(() -> new ConfigurationException(
                    "--db-iam-auth: needs --db-user, the database user that has the rds_iam role (PostgreSQL) "
                            + "or AWSAuthenticationPlugin (MySQL)")));
        }
        if (arn.isPresent()) {
            return new CredentialsConfig.SecretsManager(arn.get(), user);
        }
        Optional<String> fromEnv = Optional.ofNullable(env.get(PASSWORD_VARIABLE)).filter(p -> !p.isEmpty());
        if (user.isEmpty()) {
            if (dbPasswordFile != null || fromEnv.isPresent()) {
                throw new ConfigurationException("--db-user: missing; a password is set ("
                        + (dbPasswordFile != null ? "--db-password-file" : PASSWORD_VARIABLE) + ") but not the user it is for");
            }
            return new CredentialsConfig.None();
        }
        if (dbPasswordFile != null && fromEnv.isPresent()) {
            throw new ConfigurationException("--db-password-file: both it and " + PASSWORD_VARIABLE
                    + " are set; give the password one way");
        }
        if (dbPasswordFile != null) {
            return new CredentialsConfig.Password(user.get(), readPassword(dbPasswordFile), "--db-password-file " + dbPasswordFile);
        }
        return new CredentialsConfig.Password(user.get(), new Secret(fromEnv.orElseThrow(() -> new ConfigurationException(
                "--db-user: has no password; set " + PASSWORD_VARIABLE + " or --db-password-file, "
                        + "or use --db-secret-arn or --db-iam-auth"))), PASSWORD_VARIABLE);
    }

    /** The file's content without a final line break (as secret mounts and editors leave one). */
    private static Secret readPassword(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
            throw new ConfigurationException("--db-password-file: cannot read '" + file + "' ("
                    + e.getClass().getSimpleName().replace("Exception", "") + "); use a readable file holding the password");
        }
        String password = text.replaceFirst("\\R\\z", "");
        check(!password.isEmpty(), "--db-password-file", file, "a file holding the password (this one is empty)");
        return new Secret(password);
    }

    private static HookScripts hooks(String path) {
        try {
            return HookScripts.load(Path.of(path));
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw new ConfigurationException("--post-clone-sql: '" + path + "' cannot be used: " + e.getMessage()
                    + "; use a .sql file or a directory of *.sql files");
        }
    }

    private static HostPort hostPort(String value) {
        var m = HOST_PORT.matcher(value.trim());
        int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        check(port >= 1 && port <= 65535, "--db-host-override", value, "HOST:PORT such as 127.0.0.1:5432");
        return new HostPort(m.group(1).replaceAll("^\\[|]$", ""), port);
    }
}
