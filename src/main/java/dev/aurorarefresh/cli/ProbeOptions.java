package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.probe.CaBundle;
import dev.aurorarefresh.probe.CredentialsConfig;
import dev.aurorarefresh.probe.HookScripts;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.probe.TlsMode;
import dev.aurorarefresh.probe.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Readiness probes, the login they use, and the post-clone SQL hooks. Same conventions as
 * {@link PipelineOptions}: text values checked here with one-line messages, each also settable by
 * environment variable. The password itself is never an option (it would show in process
 * listings): it comes from {@value #PASSWORD_VARIABLE} or {@code --db-password-file}.
 */
public class ProbeOptions {
    public static final String PASSWORD_VARIABLE = "AURORA_REFRESH_DB_PASSWORD";

    @Option(names = "--probe-tcp", defaultValue = "true", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Before tagging a clone ready, check its endpoint accepts TCP connections. Default: ${DEFAULT-VALUE}.")
    boolean probeTcp;

    @Option(names = "--probe-query", defaultValue = ProbeSettings.DEFAULT_QUERY, converter = OptionTypes.Query.class,
            description = "The SQL probe's query (the SQL probe runs when database credentials are set). Default: ${DEFAULT-VALUE}.")
    String probeQuery;

    @Option(names = "--db-name", converter = OptionTypes.DbName.class,
            description = "Database the probe and hooks log in to. Default: postgres (PostgreSQL), none (MySQL).")
    String dbName;

    @Option(names = "--db-user", converter = OptionTypes.DbUser.class,
            description = "Database user for the probe and hooks; the password comes from "
            + PASSWORD_VARIABLE + " or --db-password-file.")
    String dbUser;

    @Option(names = "--db-password-file", description = "File holding the password of --db-user (e.g. a Kubernetes secret mount).")
    String dbPasswordFile;

    @Option(names = "--db-secret-arn", converter = OptionTypes.SecretArn.class,
            description = "Secrets Manager secret with the login: JSON {\"username\", \"password\"}.")
    String dbSecretArn;

    @Option(names = "--db-secret-kms-key", converter = OptionTypes.KmsKeyArn.class,
            description = "The customer-managed KMS key that encrypts --db-secret-arn's secret, if not the AWS-managed "
            + "aws/secretsmanager: iam-policy then grants kms:Decrypt on it (through Secrets Manager only).")
    String dbSecretKmsKey;

    @Option(names = "--db-iam-auth", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Log in as --db-user with an IAM authentication token (preferred over a secret or password). Default: ${DEFAULT-VALUE}.")
    boolean dbIamAuth;

    @Option(names = "--db-master-secret", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Log in as the clone's master user with the password RDS keeps for that clone in Secrets Manager "
            + "(its MasterUserSecret, read when the probe and hooks log in); needs --master-password managed, and no other "
            + "login option. Default: ${DEFAULT-VALUE}.")
    boolean dbMasterSecret;

    @Option(names = "--post-clone-sql", converter = OptionTypes.SqlHooks.class,
            description = "SQL file, or directory of *.sql files run in name order, "
            + "run on the clone after the probes and before it is tagged ready.")
    HookScripts postCloneSql;

    @Option(names = "--db-host-override", converter = OptionTypes.HostAndPort.class,
            description = "HOST:PORT to connect the probe and hooks to instead of the "
            + "clone's endpoint: for tests and tunnels only. verify-full still checks the certificate against the clone's endpoint name.")
    HostPort dbHostOverride;

    @Option(names = "--db-tls", converter = OptionTypes.Tls.class,
            description = "TLS of the probe and hook connections: verify-full (encrypted, the "
            + "certificate chains to --db-ca-bundle and names the clone's endpoint), require (encrypted, not verified) or "
            + "prefer (encrypted if the server offers it: local tests and tunnels only). "
            + "Default: verify-full when a CA bundle is available, otherwise require.")
    TlsMode dbTls;

    @Option(names = "--db-ca-bundle", converter = OptionTypes.CaBundleFile.class,
            description = "PEM file of the CA certificates verify-full trusts, e.g. AWS's RDS "
            + "global-bundle.pem. Default: the bundle the container images carry at /etc/aurora-refresh/rds-global-bundle.pem, if present.")
    CaBundle dbCaBundle;

    /** Where the images carry the RDS bundle; tests point it elsewhere. */
    Path defaultCaBundle = TlsSettings.DEFAULT_CA_BUNDLE;

    /**
     * @param clonesPassword what the pipeline's clones' master password becomes (--db-master-secret needs managed)
     * @throws ConfigurationException naming the first bad option
     */
    public ProbeSettings toSettings(MasterPassword clonesPassword, Map<String, String> env) {
        policyLogin(clonesPassword); // the same checks as iam-policy's
        CredentialsConfig credentials = credentials(env);
        Optional<HookScripts> hooks = Optional.ofNullable(postCloneSql);
        if (hooks.isPresent() && credentials instanceof CredentialsConfig.None) {
            throw new ConfigurationException("--post-clone-sql: needs a database login; set --db-iam-auth with --db-user, "
                    + "--db-secret-arn, --db-master-secret, or --db-user with " + PASSWORD_VARIABLE + " or --db-password-file");
        }
        return new ProbeSettings(probeTcp, probeQuery, Optional.ofNullable(dbName), credentials,
                Optional.ofNullable(dbHostOverride), tls(credentials), hooks, ProbeSettings.DEFAULT_TIMEOUT);
    }

    /**
     * verify-full when a CA bundle is available (--db-ca-bundle, or the image's), else require;
     * weaker only when asked. A bundle that cannot be used is an error even if the mode does not
     * need it: the user meant something by it.
     */
    private TlsSettings tls(CredentialsConfig credentials) {
        Optional<CaBundle> bundle = Optional.ofNullable(dbCaBundle);
        if (bundle.isEmpty() && Files.exists(defaultCaBundle)) {
            try {
                bundle = Optional.of(OptionTypes.CaBundleFile.load(defaultCaBundle.toString()));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new ConfigurationException("--db-ca-bundle: " + e.getMessage());
            }
        }
        TlsMode mode = Optional.ofNullable(dbTls).orElse(bundle.isPresent() ? TlsMode.VERIFY_FULL : TlsMode.REQUIRE);
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

    /**
     * What the role's policy must allow for the login (iam-policy), by the same preference as the
     * run's: IAM token, then secret; a password needs nothing from IAM; the clone's master secret
     * alone. Reads no password.
     *
     * @param clonesPassword what the pipeline's clones' master password becomes
     */
    public DatabaseLogin policyLogin(MasterPassword clonesPassword) {
        if (dbMasterSecret) {
            return clonesMasterSecret(clonesPassword);
        }
        if (dbSecretKmsKey != null && dbSecretArn == null) {
            throw new ConfigurationException("--db-secret-kms-key: is the key of --db-secret-arn's secret; give --db-secret-arn too, "
                    + "or leave the key out");
        }
        if (dbIamAuth) {
            return DatabaseLogin.iamAuth(iamUser());
        }
        return dbSecretArn == null ? DatabaseLogin.NONE : DatabaseLogin.secret(dbSecretArn, Optional.ofNullable(dbSecretKmsKey));
    }

    /**
     * The clone's master login is a login of its own: with another login option it would be
     * unclear which one the probes use, and only a managed password has a secret to read.
     */
    private DatabaseLogin clonesMasterSecret(MasterPassword clonesPassword) {
        Map<String, Object> others = new java.util.LinkedHashMap<>();
        others.put("--db-iam-auth", dbIamAuth ? true : null);
        others.put("--db-secret-arn", dbSecretArn);
        others.put("--db-secret-kms-key", dbSecretKmsKey);
        others.put("--db-user", dbUser);
        others.put("--db-password-file", dbPasswordFile);
        others.entrySet().stream().filter(e -> e.getValue() != null).findFirst().ifPresent(e -> {
            throw new ConfigurationException("--db-master-secret: cannot go with " + e.getKey() + "; the probes and hooks "
                    + "log in one way: as the clone's master user (--db-master-secret) or by the other options, not both");
        });
        if (clonesPassword == MasterPassword.KEEP) {
            throw new ConfigurationException("--db-master-secret: needs --master-password managed; with 'keep' the clones keep"
                    + " the source's master password and RDS keeps no secret for them");
        }
        if (clonesPassword == MasterPassword.SECRET) {
            throw new ConfigurationException("--db-master-secret: needs --master-password managed; with 'secret:<ARN>' RDS keeps"
                    + " no secret for the clones: log in with --db-secret-arn (and --db-user) instead");
        }
        return DatabaseLogin.CLONES_MASTER_SECRET;
    }

    private String iamUser() {
        return Optional.ofNullable(dbUser).orElseThrow(() -> new ConfigurationException(
                "--db-iam-auth: needs --db-user, the database user that has the rds_iam role (PostgreSQL) "
                        + "or AWSAuthenticationPlugin (MySQL)"));
    }

    /** In order of preference: IAM token, Secrets Manager secret, user and password. */
    private CredentialsConfig credentials(Map<String, String> env) {
        Optional<String> user = Optional.ofNullable(dbUser);
        Optional<String> arn = Optional.ofNullable(dbSecretArn);
        Optional<String> fromEnv = Optional.ofNullable(env.get(PASSWORD_VARIABLE)).filter(p -> !p.isEmpty());
        if (dbMasterSecret) {
            if (fromEnv.isPresent()) {
                throw new ConfigurationException("--db-master-secret: cannot go with " + PASSWORD_VARIABLE + "; the probes and "
                        + "hooks log in with the clone's master secret: unset the variable");
            }
            return new CredentialsConfig.ClonesMasterSecret();
        }
        if (dbIamAuth) {
            return new CredentialsConfig.IamAuth(iamUser());
        }
        if (arn.isPresent()) {
            return new CredentialsConfig.SecretsManager(arn.get(), user);
        }
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
                        + "or use --db-secret-arn, --db-iam-auth or --db-master-secret"))), PASSWORD_VARIABLE);
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
        if (password.isEmpty()) {
            throw PipelineOptions.bad("--db-password-file", file, "a file holding the password (this one is empty)");
        }
        return new Secret(password);
    }
}
