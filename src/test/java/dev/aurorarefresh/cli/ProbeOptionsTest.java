package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.probe.CredentialsConfig;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.probe.TlsMode;
import dev.aurorarefresh.probe.TlsSettings;
import dev.aurorarefresh.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProbeOptionsTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-AbCdEf";
    private static final String PASSWORD = "Env-Pa55word-7";

    @TempDir
    Path dir;

    /** Parses like the real command line: environment defaults, then the arguments. */
    private static ProbeOptions parse(Map<String, String> env, String... args) {
        return Parsing.parse(new ProbeOptions(), env, args);
    }

    /** Settings as on this machine: no bundle at the image's path. */
    private ProbeSettings settings(Map<String, String> env, String... args) {
        return settingsWithImageBundle(dir.resolve("no-image-bundle.pem"), env, args);
    }

    @Test
    void withNoOptionsOnlyTheTcpProbeRuns() {
        ProbeSettings s = settings(Map.of());
        assertThat(s.tcp()).isTrue();
        assertThat(s.sql()).isFalse();
        assertThat(s.credentials()).isEqualTo(new CredentialsConfig.None());
        assertThat(s.query()).isEqualTo("SELECT 1");
        assertThat(s.hooks()).isEmpty();
    }

    @Test
    void iamIsPreferredOverASecretWhichIsPreferredOverAPassword() throws IOException {
        Map<String, String> env = Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD);
        assertThat(settings(env, "--db-user", "app", "--db-secret-arn", ARN, "--db-iam-auth").credentials())
                .isEqualTo(new CredentialsConfig.IamAuth("app"));
        assertThat(settings(env, "--db-user", "app", "--db-secret-arn", ARN).credentials())
                .isEqualTo(new CredentialsConfig.SecretsManager(ARN, Optional.of("app")));
        assertThat(settings(env, "--db-user", "app").credentials())
                .isEqualTo(new CredentialsConfig.Password("app", new Secret(PASSWORD), ProbeOptions.PASSWORD_VARIABLE));

        Path file = dir.resolve("password");
        Files.writeString(file, "File-Pa55word-8\n");
        assertThat(settings(Map.of(), "--db-user", "app", "--db-password-file", file.toString()).credentials())
                .isEqualTo(new CredentialsConfig.Password("app", new Secret("File-Pa55word-8"), "--db-password-file " + file));
    }

    @Test
    void everyOptionCanComeFromTheEnvironment() throws IOException {
        Files.writeString(dir.resolve("mask.sql"), "UPDATE t SET a = 1;");
        ProbeSettings s = settings(Map.of(
                "AURORA_REFRESH_DB_SECRET_ARN", ARN,
                "AURORA_REFRESH_DB_NAME", "app_db",
                "AURORA_REFRESH_PROBE_QUERY", "SELECT count(*) FROM pg_stat_activity",
                "AURORA_REFRESH_PROBE_TCP", "false",
                "AURORA_REFRESH_POST_CLONE_SQL", dir.toString(),
                "AURORA_REFRESH_DB_HOST_OVERRIDE", "127.0.0.1:15432"));
        assertThat(s.credentials()).isEqualTo(new CredentialsConfig.SecretsManager(ARN, Optional.empty()));
        assertThat(s.dbName()).contains("app_db");
        assertThat(s.query()).isEqualTo("SELECT count(*) FROM pg_stat_activity");
        assertThat(s.tcp()).isFalse();
        assertThat(s.hooks().orElseThrow().files()).hasSize(1);
        assertThat(s.hostOverride()).contains(new HostPort("127.0.0.1", 15432));
        assertThat(settings(Map.of("AURORA_REFRESH_DB_IAM_AUTH", "true", "AURORA_REFRESH_DB_USER", "iam_user")).credentials())
                .isEqualTo(new CredentialsConfig.IamAuth("iam_user"));
    }

    @Test
    void badValuesAreOneLineNamingTheOption() {
        assertInvalid(Map.of(), "--db-host-override: 'localhost' is not valid; use HOST:PORT such as 127.0.0.1:5432",
                "--db-host-override", "localhost");
        assertInvalid(Map.of(), "--db-host-override: '127.0.0.1:70000' is not valid", "--db-host-override", "127.0.0.1:70000");
        assertInvalid(Map.of(), "--db-secret-arn: 'dev-db' is not valid; use a Secrets Manager secret ARN",
                "--db-secret-arn", "dev-db");
        assertInvalid(Map.of(), "--db-iam-auth: needs --db-user", "--db-iam-auth");
        assertInvalid(Map.of(), "--db-iam-auth: 'yes' is not valid; use true or false", "--db-iam-auth=yes");
        assertInvalid(Map.of(), "--db-user: has no password; set AURORA_REFRESH_DB_PASSWORD or --db-password-file",
                "--db-user", "app");
        assertInvalid(Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD), "--db-user: missing; a password is set");
        assertInvalid(Map.of(), "--db-name: 'app;drop' is not valid", "--db-name", "app;drop");
        assertInvalid(Map.of(), "--probe-query: ' ' is not valid", "--probe-query", " ");
        assertInvalid(Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD), "--post-clone-sql: '" + dir.resolve("none.sql")
                + "' cannot be used: no such file or directory", "--post-clone-sql", dir.resolve("none.sql").toString(),
                "--db-user", "postgres");
        assertInvalid(Map.of(), "--db-password-file: cannot read '" + dir.resolve("nope") + "'",
                "--db-user", "app", "--db-password-file", dir.resolve("nope").toString());
    }

    @Test
    void theClonesMasterSecretIsALoginOfItsOwnForManagedPasswordsOnly() throws IOException {
        ProbeSettings s = settings(Map.of(), "--db-master-secret");
        assertThat(s.credentials()).isEqualTo(new CredentialsConfig.ClonesMasterSecret());
        assertThat(s.sql()).isTrue();
        assertThat(s.describe()).contains("SQL probe 'SELECT 1' as the clone's master user with the secret RDS manages for it");
        assertThat(settings(Map.of("AURORA_REFRESH_DB_MASTER_SECRET", "true")).credentials())
                .isEqualTo(new CredentialsConfig.ClonesMasterSecret());
        Files.writeString(dir.resolve("mask.sql"), "UPDATE t SET a = 1;");
        assertThat(settings(Map.of(), "--db-master-secret", "--post-clone-sql", dir.toString()).hooks()).isPresent();
        assertThat(parse(Map.of(), "--db-master-secret").policyLogin(MasterPassword.MANAGED))
                .isEqualTo(DatabaseLogin.CLONES_MASTER_SECRET);

        Path file = Files.writeString(dir.resolve("password"), PASSWORD);
        for (String[] other : List.of(new String[] {"--db-iam-auth", "--db-user", "app"}, new String[] {"--db-secret-arn", ARN},
                new String[] {"--db-user", "app"}, new String[] {"--db-password-file", file.toString()})) {
            List<String> args = new java.util.ArrayList<>(List.of("--db-master-secret"));
            args.addAll(List.of(other));
            assertInvalid(Map.of(), "--db-master-secret: cannot go with " + other[0] + "; the probes and hooks log in one way",
                    args.toArray(String[]::new));
        }
        assertInvalid(Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD), "--db-master-secret: cannot go with "
                + "AURORA_REFRESH_DB_PASSWORD; the probes and hooks log in with the clone's master secret", "--db-master-secret");
        assertThatThrownBy(() -> parse(Map.of(), "--db-master-secret").toSettings(MasterPassword.KEEP, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage("--db-master-secret: needs --master-password managed;"
                        + " with 'keep' the clones keep the source's master password and RDS keeps no secret for them");
        assertThatThrownBy(() -> parse(Map.of(), "--db-master-secret").toSettings(MasterPassword.SECRET, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("--db-master-secret: needs --master-password"
                        + " managed; with 'secret:<ARN>' RDS keeps no secret for the clones");
        assertInvalid(Map.of(), "--db-master-secret: 'maybe' is not valid; use true or false", "--db-master-secret=maybe");
    }

    @Test
    void hooksNeedALogin() throws IOException {
        Files.writeString(dir.resolve("mask.sql"), "UPDATE t SET a = 1;");
        assertInvalid(Map.of(), "--post-clone-sql: needs a database login", "--post-clone-sql", dir.toString());
    }

    @Test
    void thePasswordIsInNoMessageNorPrintedValue() throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, PASSWORD);
        Map<String, String> env = Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD);
        ProbeSettings s = settings(env, "--db-user", "app");
        assertThat(s.toString()).doesNotContain(PASSWORD);
        assertThat(s.describe()).contains("user app with the password from AURORA_REFRESH_DB_PASSWORD").doesNotContain(PASSWORD);
        assertThat(s.credentials().toString()).doesNotContain(PASSWORD);
        assertThatThrownBy(() -> settings(env, "--db-user", "app", "--db-password-file", file.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("both it and AURORA_REFRESH_DB_PASSWORD are set").hasMessageNotContaining(PASSWORD);
    }

    /** Settings as on a machine whose image bundle would be at {@code imageBundle}. */
    private static ProbeSettings settingsWithImageBundle(Path imageBundle, Map<String, String> env, String... args) {
        ProbeOptions options = parse(env, args);
        options.defaultCaBundle = imageBundle;
        return options.toSettings(MasterPassword.MANAGED, env);
    }

    @Test
    void tlsIsVerifyFullWhenTheImageCarriesTheBundleAndRequireWithoutIt() {
        Path imageBundle = TestCa.create(dir, "image CA").certificate;
        Map<String, String> env = Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD);

        ProbeSettings deployed = settingsWithImageBundle(imageBundle, env, "--db-user", "app");
        assertThat(deployed.tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(deployed.tls().caBundle().orElseThrow().path()).isEqualTo(imageBundle);
        assertThat(deployed.describe()).contains("TLS verify-full (certificate checked against " + imageBundle + ", 1 CA certificate(s)");

        ProbeSettings bare = settingsWithImageBundle(dir.resolve("no-image-here.pem"), env, "--db-user", "app");
        assertThat(bare.tls()).isEqualTo(new TlsSettings(TlsMode.REQUIRE, Optional.empty()));
        assertThat(bare.describe()).contains("TLS require (encrypted; the server's certificate is not verified: no CA bundle, set --db-ca-bundle)");

        // asked for: weaker, or another bundle, from the command line or the environment
        assertThat(settingsWithImageBundle(imageBundle, env, "--db-user", "app", "--db-tls", "prefer").tls().mode())
                .isEqualTo(TlsMode.PREFER);
        Path own = TestCa.create(dir, "own CA").certificate;
        ProbeSettings fromEnv = settingsWithImageBundle(dir.resolve("none.pem"),
                Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD, "AURORA_REFRESH_DB_CA_BUNDLE", own.toString()), "--db-user", "app");
        assertThat(fromEnv.tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(fromEnv.tls().caBundle().orElseThrow().path()).isEqualTo(own);
        assertThat(settingsWithImageBundle(imageBundle, Map.of("AURORA_REFRESH_DB_TLS", "require")).tls().mode())
                .isEqualTo(TlsMode.REQUIRE);
    }

    @Test
    void theDeploymentExamplesAskForTheVerifyFullTheImagesBundleMakesTheDefault() throws IOException {
        Path imageBundle = TestCa.create(dir, "image CA").certificate;
        java.util.regex.Pattern k8s = java.util.regex.Pattern.compile("(?m)^  # AURORA_REFRESH_DB_TLS: (\\S+)$");
        java.util.regex.Pattern ecs = java.util.regex.Pattern.compile("\\{ \"name\": \"AURORA_REFRESH_DB_TLS\", \"value\": \"([^\"]+)\" }");
        for (var m : List.of(k8s.matcher(Files.readString(Path.of("k8s/base/configmap.yaml"))),
                ecs.matcher(Files.readString(Path.of("ecs/task-definition.json"))))) {
            assertThat(m.find()).isTrue();
            Map<String, String> env = Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD, "AURORA_REFRESH_DB_USER", "aurora_refresh",
                    "AURORA_REFRESH_DB_TLS", m.group(1));
            assertThat(settingsWithImageBundle(imageBundle, env).tls()).isEqualTo(settingsWithImageBundle(imageBundle,
                    Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD, "AURORA_REFRESH_DB_USER", "aurora_refresh")).tls())
                    .extracting(TlsSettings::mode).isEqualTo(TlsMode.VERIFY_FULL);
        }
    }

    @Test
    void aBundleThatCannotBeUsedOrAModeWithoutWhatItNeedsIsAConfigurationError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        Path cut = Files.writeString(dir.resolve("cut.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Map<String, String> env = Map.of(ProbeOptions.PASSWORD_VARIABLE, PASSWORD);
        String use = "; use a readable PEM file of CA certificates such as AWS's RDS global-bundle.pem";
        assertInvalid(env, "--db-ca-bundle: '" + dir.resolve("missing.pem") + "' cannot be used: no such file" + use,
                "--db-user", "app", "--db-ca-bundle", dir.resolve("missing.pem").toString());
        assertInvalid(env, "--db-ca-bundle: '" + dir + "' cannot be used: cannot read it (IO)" + use,
                "--db-user", "app", "--db-ca-bundle", dir.toString());
        assertInvalid(env, "--db-ca-bundle: '" + notPem + "' cannot be used: it holds no PEM certificate", "--db-user", "app", "--db-ca-bundle", notPem.toString());
        assertInvalid(env, "--db-ca-bundle: '" + cut + "' cannot be used: certificate 1 cannot be parsed", "--db-user", "app", "--db-ca-bundle", cut.toString());
        assertInvalid(Map.of(), "--db-tls: 'verify' is not valid; use verify-full, require or prefer", "--db-tls", "verify");
        assertInvalid(Map.of(), "--db-tls: 'verify-full' needs the CA certificates to check the server against; set --db-ca-bundle",
                "--db-tls", "verify-full");
        assertInvalid(Map.of(), "--db-tls: 'prefer' is not valid; use verify-full or require with --db-iam-auth",
                "--db-iam-auth", "--db-user", "app", "--db-tls", "prefer");
    }

    private void assertInvalid(Map<String, String> env, String message, String... args) {
        assertThatThrownBy(() -> settings(env, args)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }
}
