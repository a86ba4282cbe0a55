package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.aws.IamAuthTokens;
import dev.aurorarefresh.aws.SecretsManagerLogins;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.LogCapture;
import dev.aurorarefresh.testing.PolicedIamTokens;
import dev.aurorarefresh.testing.StrictTwin.PolicyFill;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes and hooks end to end, in process: a moto clone whose probes and hooks reach the
 * machine's real PostgreSQL or MariaDB through --db-host-override, driven by the real pass.
 */
class ProbeEndToEndTest {
    private static final String SOURCE = "prod-db";
    private static final String ZONE = "example.internal";
    private static final String RECORD = "dev-db.example.internal";
    private static final String OLD_TARGET = "old-db.example.internal";
    private static final String CUSTOMER_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path hooksDir;

    private MotoAccount aws;
    private FakeClock clock;
    private String zoneId;
    private TestDatabases db;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        // noon of today (UTC): a test's later runs (minutes, at most a day later) stay in the period it
        // expects whatever the time the suite runs at; moto's own timestamps stay within a day of it
        clock = new FakeClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12)));
        zoneId = aws.createZone(ZONE);
        aws.setRecord(zoneId, RECORD, "CNAME", OLD_TARGET); // the zone put the usual pipeline's IAM policy in force
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void postgresClonePassesTheProbesIsMaskedAndThenConnected() throws IOException {
        aws.createSource(SOURCE, "aurora-postgresql");
        db = TestDatabases.postgres();
        db.seedCustomers();
        hook("01-functions.sql", """
                -- a dollar-quoted body: its semicolons do not split
                CREATE OR REPLACE FUNCTION masked_email(customer_id int) RETURNS text AS $body$
                  SELECT 'user' || customer_id || '@example.invalid';
                $body$ LANGUAGE sql;
                """);
        hook("02-mask.sql", """
                UPDATE customers SET email = masked_email(id), name = 'Customer ' || id;
                UPDATE customers SET note = 'masked; do not use' WHERE note IS NOT NULL;
                """);
        HookScripts hooks = HookScripts.load(hooksDir);

        PassReport report = run(settings(new CredentialsConfig.Password("postgres", new Secret("ignored-by-trust-auth"),
                "test"), hooks), Duration.ofMinutes(10));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        String clone = cloneId();
        assertThat(db.column("SELECT email FROM customers ORDER BY id")).containsExactly(
                "user1@example.invalid", "user2@example.invalid", "user3@example.invalid");
        assertThat(db.column("SELECT name FROM customers ORDER BY id")).containsExactly("Customer 1", "Customer 2", "Customer 3");
        assertThat(db.column("SELECT note FROM customers ORDER BY id")).containsExactly("masked; do not use", null,
                "masked; do not use");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(clone).endpoint());
        assertThat(aws.tagsOf(clone)).containsEntry(Tags.LIFECYCLE, "connected").containsEntry(Tags.HOOKS_DIGEST, hooks.digest());
        // the summary and status say what the hooks did: files, statements, time
        assertThat(aws.tagsOf(clone).get(Tags.HOOKS_RESULT)).matches("2 file\\(s\\) 3 statement\\(s\\) in \\d+ ms");
        assertThat(report.events()).extracting(PassReport.Event::text)
                .anyMatch(t -> t.matches("post-clone SQL completed: 01-functions.sql, 02-mask.sql \\(2 file\\(s\\) 3 statement\\(s\\) in \\d+ ms\\)"));
    }

    @Test
    void mariadbCloneWithTheLoginFromSecretsManagerIsMaskedAndConnected() throws IOException {
        aws.createSource(SOURCE, "aurora-mysql");
        db = TestDatabases.mariadb();
        db.seedCustomers();
        db.createUser(db.name, "Probe-Pa55word-1");
        String arn = aws.createSecret("dev-db-login",
                "{\"username\": \"" + db.name + "\", \"password\": \"Probe-Pa55word-1\", \"engine\": \"mysql\"}");
        // the role may read this secret (iam-policy --db-secret-arn)
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.secret(arn, Optional.empty())));
        hook("mask.sql", """
                # MySQL comments, backslash escapes and a quoted semicolon
                UPDATE customers SET email = CONCAT('user', id, '@example.invalid'), name = CONCAT('Customer ', id);
                UPDATE customers SET note = 'masked; it\\'s fake' WHERE note IS NOT NULL;
                """);
        HookScripts hooks = HookScripts.load(hooksDir.resolve("mask.sql"));

        PassReport report = run(settings(new CredentialsConfig.SecretsManager(arn, Optional.empty()), hooks),
                Duration.ofMinutes(10));

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(db.column("SELECT email FROM customers ORDER BY id")).containsExactly(
                "user1@example.invalid", "user2@example.invalid", "user3@example.invalid");
        assertThat(db.column("SELECT note FROM customers ORDER BY id")).containsExactly("masked; it's fake", null,
                "masked; it's fake");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(cloneId()).endpoint());
        assertThat(aws.calls.snapshot().keySet()).anyMatch(c -> c.operation().equals("GetSecretValue"));
    }

    @Test
    void aSecretUnderACustomerKeyIsReadOnlyWithKmsDecryptThroughSecretsManager() {
        aws.createSource(SOURCE, "aurora-mysql");
        db = TestDatabases.mariadb();
        db.createUser(db.name, "Probe-Pa55word-7");
        String arn = aws.createSecret("dev-db-keyed",
                "{\"username\": \"" + db.name + "\", \"password\": \"Probe-Pa55word-7\"}", CUSTOMER_KEY);
        // the secret granted, its key not: Secrets Manager cannot decrypt it for this role
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.secret(arn, Optional.empty())));
        PassReport refused = run(noHooks(new CredentialsConfig.SecretsManager(arn, Optional.empty())), Duration.ofMinutes(3));
        assertThat(refused.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(refused.message()).contains("kms:Decrypt", CUSTOMER_KEY).doesNotContain("Probe-Pa55word-7");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);

        // iam-policy --db-secret-kms-key: kms:Decrypt on the key, through Secrets Manager
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.secret(arn, Optional.of(CUSTOMER_KEY))));
        clock.advance(Duration.ofDays(1));
        PassReport granted = run(noHooks(new CredentialsConfig.SecretsManager(arn, Optional.empty())),
                Duration.ofMinutes(10));
        assertThat(granted.outcome()).as(granted.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.twin.authorizations()).contains(new IamPolicy.Authorization("kms:Decrypt", CUSTOMER_KEY,
                java.util.Map.of("kms:ViaService", List.of("secretsmanager.us-east-1.amazonaws.com"))));
    }

    /**
     * --db-master-secret: the clone's password is replaced by one RDS keeps in a secret (the twin
     * writes the cluster's master user and a new password into it, as RDS does), and the probes and
     * hooks log in with that secret, read at probe time: MariaDB checks the password for real.
     */
    @Test
    void theProbesAndHooksLogInAsTheClonesMasterUserWithTheSecretRdsKeepsForIt() throws IOException {
        db = TestDatabases.mariadb();
        db.exec("CREATE TABLE refresh_log (who VARCHAR(100))");
        // the source's master user: the clone's too (a user of the local MariaDB once its password is known)
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier(SOURCE).engine("aurora-mysql").masterUsername(db.name)
                .masterUserPassword("Production-Pa55word-0"));
        aws.seedRds.createDBInstance(r -> r.dbInstanceIdentifier(SOURCE + "-1").dbClusterIdentifier(SOURCE)
                .engine("aurora-mysql").dbInstanceClass("db.r6g.large"));
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.CLONES_MASTER_SECRET));
        hook("who.sql", "INSERT INTO refresh_log VALUES (SUBSTRING_INDEX(CURRENT_USER(), '@', 1));");
        ProbeSettings settings = settings(new CredentialsConfig.ClonesMasterSecret(), HookScripts.load(hooksDir));

        try (LogCapture logs = new LogCapture()) {
            // first pass: the password is replaced, then the login with the new one is refused (no such user yet)
            PassReport first = runManaged(settings, Duration.ofMinutes(6));
            String clone = cloneId();
            String secretArn = aws.cluster(clone).masterUserSecret().secretArn();
            var login = new com.fasterxml.jackson.databind.ObjectMapper().readTree(aws.secretValue(secretArn));
            String password = login.get("password").asText();
            assertThat(login.get("username").asText()).isEqualTo(db.name);
            assertThat(password).isNotEqualTo("Production-Pa55word-0");
            assertThat(first.outcome()).isEqualTo(PassReport.Outcome.FAILED);
            assertThat(first.events()).anyMatch(e -> e.text().startsWith("master password replaced: RDS keeps it in secret "
                    + secretArn));
            assertThat(first.message()).contains("SQL probe: cannot log in as " + db.name, "Access denied");
            // the role read the clone's own secret, IAM seeing the tag RDS put on it
            assertThat(aws.twin.authorizations()).contains(new IamPolicy.Authorization("secretsmanager:GetSecretValue",
                    secretArn, java.util.Map.of(
                            "aws:ResourceTag/aws:rds:primaryDBClusterArn", List.of(aws.cluster(clone).dbClusterArn()),
                            "secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn", List.of(aws.cluster(clone).dbClusterArn()),
                            "aws:ResourceTag/aws:secretsmanager:owningService", List.of("rds"),
                            "secretsmanager:ResourceTag/aws:secretsmanager:owningService", List.of("rds"))));

            // the database knows the master user by the secret's password now: the next run logs in, hooks, connects
            db.createUser(db.name, password);
            clock.advance(Duration.ofMinutes(5));
            PassReport second = runManaged(settings, Duration.ofMinutes(10));

            assertThat(second.outcome()).as(second.message()).isEqualTo(PassReport.Outcome.DONE);
            assertThat(db.column("SELECT who FROM refresh_log")).containsExactly(db.name);
            assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(clone).endpoint());
            assertThat(aws.calls.snapshot().keySet()).anyMatch(c -> c.operation().equals("GetSecretValue"));
            List<String> everything = new java.util.ArrayList<>(List.of(first.message(), second.message()));
            first.events().forEach(e -> everything.add(e.text()));
            second.events().forEach(e -> everything.add(e.text()));
            logs.lines.forEach(l -> everything.add(l.message()));
            assertThat(logs.lines).anyMatch(l -> l.message().contains("as the clone's master user with the secret RDS manages"));
            assertThat(everything).noneMatch(t -> t.contains(password));
        }
    }

    @Test
    void withoutTheGrantOfTheClonesMasterSecretTheLoginIsRefusedByIam() {
        aws.createSource(SOURCE, "aurora-postgresql");
        db = TestDatabases.postgres();
        // the usual policy, without --db-master-secret's statement
        PassReport report = runManaged(noHooks(new CredentialsConfig.ClonesMasterSecret()), Duration.ofMinutes(6));

        String clone = cloneId();
        assertThat(aws.cluster(clone).masterUserSecret()).as("the password was replaced").isNotNull();
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("database credentials: ", "secretsmanager:GetSecretValue",
                aws.cluster(clone).masterUserSecret().secretArn());
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
        assertThat(aws.tagsOf(clone)).containsEntry(Tags.LIFECYCLE, "created");
    }

    @Test
    void aDatabaseThatIsDownKeepsTheCloneCreatedAndTheRecordUnchanged() throws IOException {
        aws.createSource(SOURCE, "aurora-postgresql");
        HostPort nothingListening = new HostPort("127.0.0.1", freePort());
        ProbeSettings settings = new ProbeSettings(true, "SELECT 1", Optional.empty(),
                new CredentialsConfig.Password("postgres", new Secret("Down-Pa55word-2"), "test"),
                Optional.of(nothingListening), TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(2));

        PassReport report = run(settings, Duration.ofMinutes(3));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.message()).contains("timed out after 3m", "TCP probe: cannot connect to " + nothingListening,
                "Connection refused").doesNotContain("Down-Pa55word-2");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
        assertThat(aws.tagsOf(cloneId())).containsEntry(Tags.LIFECYCLE, "created");
        assertThat(clock.sleeps).hasSizeGreaterThan(3); // polled again and again within the budget
    }

    @Test
    void aRefusedLoginIsReportedWithoutThePassword() {
        aws.createSource(SOURCE, "aurora-mysql");
        db = TestDatabases.mariadb();
        db.createUser(db.name, "Right-Pa55word-3");

        PassReport report = run(new ProbeSettings(true, "SELECT 1", Optional.of(db.name),
                new CredentialsConfig.Password(db.name, new Secret("Wrong-Pa55word-4"), "test"),
                Optional.of(db.address), TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(5)), Duration.ofMinutes(3));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("SQL probe: cannot log in as " + db.name, "Access denied")
                .doesNotContain("Wrong-Pa55word-4").doesNotContain("Right-Pa55word-3");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
        assertThat(aws.tagsOf(cloneId())).containsEntry(Tags.LIFECYCLE, "created");
    }

    @Test
    void aFailingHookStatementTagsTheCloneFailedAndTheSamePassCleansItUp() throws IOException {
        aws.createSource(SOURCE, "aurora-postgresql");
        db = TestDatabases.postgres();
        db.seedCustomers();
        hook("01-mask.sql", """
                UPDATE customers SET email = 'user' || id || '@example.invalid';
                UPDATE customers SET name = 'Customer; ' || id;
                UPDTE customers SET note = NULL;
                UPDATE customers SET note = 'never reached';
                """);
        ProbeSettings settings = settings(new CredentialsConfig.Password("postgres", new Secret("Hook-Pa55word-5"), "test"),
                HookScripts.load(hooksDir));

        PassReport report = run(settings, Duration.ofMinutes(10));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("tagged failed", "post-clone SQL 01-mask.sql statement 3 (line 3) failed",
                "syntax error at or near \"UPDTE\"");
        // the failed wait step does not stop clean: the same pass deletes the clone it tagged failed (issue 21)
        String clone = report.events().stream().filter(e -> e.step() == Step.CLONE).findFirst().orElseThrow().cloneId();
        assertThat(aws.twin.authorizations()).as("the failed tag was written on the cluster")
                .anySatisfy(a -> assertThat(a.toString()).contains("AddTagsToResource", clone, "failed"));
        assertThat(report.events()).anyMatch(e -> e.step() == Step.CLEAN && e.cloneId().equals(clone)
                && e.text().startsWith("deleting cluster"));
        assertThat(aws.clusterExists(clone)).isFalse();
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
        assertThat(db.column("SELECT count(*) FROM customers WHERE note = 'never reached'")).containsExactly("0");
    }

    @Test
    void hooksThatCompletedOnAClusterAreNotRunAgain() throws IOException {
        aws.createSource(SOURCE, "aurora-postgresql");
        db = TestDatabases.postgres();
        db.exec("CREATE TABLE refresh_log (entry TEXT)");
        hook("log.sql", "INSERT INTO refresh_log VALUES ('hooked');");
        ProbeSettings settings = settings(new CredentialsConfig.Password("postgres", new Secret("Log-Pa55word-6"), "test"),
                HookScripts.load(hooksDir));
        assertThat(run(settings, Duration.ofMinutes(10)).outcome()).isEqualTo(PassReport.Outcome.DONE);
        String clone = cloneId();
        assertThat(db.column("SELECT count(*) FROM refresh_log")).containsExactly("1");

        // as if the first run had died after the hooks completed, before the ready tag
        aws.seedRds.addTagsToResource(r -> r.resourceName(aws.cluster(clone).dbClusterArn())
                .tags(t -> t.key(Tags.LIFECYCLE).value("created")));
        aws.setRecord(zoneId, RECORD, "CNAME", OLD_TARGET);
        PassReport second = run(settings, Duration.ofMinutes(10));

        assertThat(second.outcome()).as(second.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(db.column("SELECT count(*) FROM refresh_log")).containsExactly("1");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(clone).endpoint());
    }

    @Test
    void iamAuthenticationIsCopiedToTheCloneAndItsTokenIsOnlySentOverTls() {
        sourceWithIamAuthentication();

        // the role may log in as postgres (iam-policy --db-iam-auth --db-user postgres)
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.iamAuth("postgres")));

        // the local PostgreSQL has no TLS: an IAM token must not be sent to it in clear text
        PassReport report = run(iamLogin("postgres"), Duration.ofMinutes(3));

        assertThat(aws.rdsPort().describeSource(SOURCE).orElseThrow().iamDatabaseAuthentication()).as("source view").isTrue();
        assertThat(aws.cluster(cloneId()).iamDatabaseAuthenticationEnabled()).as("clone").isTrue();
        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("SQL probe: cannot log in as postgres on 127.0.0.1:5432",
                "TLS: the server does not offer TLS").doesNotContain("X-Amz-Signature");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
    }

    @Test
    void anIamLoginAsAUserThePolicyDoesNotNameIsRefused() {
        sourceWithIamAuthentication();
        aws.twin.enforcePolicy(PolicyFill.usual(zoneId).loggingIn(DatabaseLogin.iamAuth("app")));

        PassReport report = run(iamLogin("postgres"), Duration.ofMinutes(3));

        assertThat(report.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(report.message()).contains("database credentials: cannot log in as postgres", "rds-db:connect",
                ":dbuser:" + aws.cluster(cloneId()).dbClusterResourceId() + "/postgres");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private ProbeSettings noHooks(CredentialsConfig credentials) {
        return new ProbeSettings(true, "SELECT 1", Optional.of(db.name), credentials, Optional.of(db.address),
                TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(5));
    }

    private void sourceWithIamAuthentication() {
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier(SOURCE).engine("aurora-postgresql").masterUsername("app")
                .masterUserPassword("not-a-real-secret").enableIAMDatabaseAuthentication(true));
        aws.seedRds.createDBInstance(r -> r.dbInstanceIdentifier(SOURCE + "-1").dbClusterIdentifier(SOURCE)
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
    }

    private static ProbeSettings iamLogin(String user) {
        return new ProbeSettings(true, "SELECT 1", Optional.empty(), new CredentialsConfig.IamAuth(user),
                Optional.of(TestDatabases.POSTGRES), new TlsSettings(TlsMode.REQUIRE, Optional.empty()), Optional.empty(),
                Duration.ofSeconds(5));
    }

    private ProbeSettings settings(CredentialsConfig credentials, HookScripts hooks) {
        return new ProbeSettings(true, "SELECT 1", Optional.of(db.name), credentials, Optional.of(db.address),
                TlsSettings.prefer(), Optional.of(hooks), Duration.ofSeconds(5));
    }

    private PassReport run(ProbeSettings settings, Duration waitTimeout) {
        return run(settings, Pipelines.dev().withSource(SOURCE).withRecord(ZONE, RECORD).withWaitTimeout(waitTimeout).build());
    }

    /** A pass whose clones' master password is replaced by one RDS manages (--master-password managed). */
    private PassReport runManaged(ProbeSettings settings, Duration waitTimeout) {
        return run(settings, Pipelines.dev().withSource(SOURCE).withRecord(ZONE, RECORD).withWaitTimeout(waitTimeout)
                .withMasterPassword(dev.aurorarefresh.core.MasterPassword.MANAGED).build());
    }

    private PassReport run(ProbeSettings settings, Pipeline pipeline) {
        var rds = aws.rdsPort();
        ProbingReadiness readiness = new ProbingReadiness(settings, new CredentialResolver(settings.credentials(),
                () -> new PolicedIamTokens(aws.twin, new IamAuthTokens(aws.rds)), () -> new SecretsManagerLogins(aws.secretsManager())));
        return new RefreshPass(rds, aws.dnsPort(), readiness, clock, clock, new Random(7)).run(pipeline, Step.ALL, false);
    }

    private String cloneId() {
        List<String> clones = aws.allClusters().keySet().stream().filter(id -> id.startsWith("dev-")).toList();
        assertThat(clones).hasSize(1);
        return clones.get(0);
    }

    private void hook(String name, String text) throws IOException {
        Files.writeString(hooksDir.resolve(name), text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
