package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.TestCa;
import dev.aurorarefresh.testing.ThrowawayDatabase;
import dev.aurorarefresh.testing.ThrowawayDatabase.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar's TLS end to end: a moto clone whose probe reaches, through
 * --db-host-override, a PostgreSQL or MariaDB started for the test with a certificate RDS-style for the
 * clone's domain (made once the clone exists, as its endpoint is only known then). verify-full
 * passes although the connection goes to 127.0.0.1, because the name checked is the clone's.
 */
class TlsJarIT {
    private static final String RECORD = "dev-db.example.internal";
    private static final String OLD_TARGET = "old-db.example.internal";
    private static final String PASSWORD = "Tls-Pa55word-21";

    @TempDir
    Path dir;

    private MotoAccount aws;
    private String zoneId;
    private ThrowawayDatabase server;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        zoneId = aws.createZone("example.internal");
        aws.setRecord(zoneId, RECORD, "CNAME", OLD_TARGET);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private JarRunner.Result jar(String... more) {
        List<String> args = new ArrayList<>(List.of("--source-cluster", "prod-db", "--hosted-zone", "example.internal",
                "--record", RECORD, "--clone-prefix", "dev"));
        args.addAll(0, List.of(more[0]));
        args.addAll(List.of(more).subList(1, more.length));
        return JarRunner.against(aws.server.endpoint()).env("AURORA_REFRESH_DB_PASSWORD", PASSWORD).run(args.toArray(String[]::new));
    }

    /** Clones, then starts the clone's stand-in database with a certificate from {@code ca} for the clone's domain. */
    private String cloneServedBy(Engine engine, TestCa ca) {
        aws.createSource("prod-db", engine == Engine.POSTGRESQL ? "aurora-postgresql" : "aurora-mysql");
        JarRunner.Result clone = jar("clone", "--db-user", user(engine));
        assertThat(clone.exitCode()).as(clone.all()).isZero();
        String id = aws.allClusters().keySet().stream().filter(c -> c.startsWith("dev-")).findFirst().orElseThrow();
        String endpoint = aws.cluster(id).endpoint();
        TestCa.ServerCertificate cert = ca.issue("clone", List.of("*" + endpoint.substring(endpoint.indexOf('.'))));
        server = ThrowawayDatabase.start(engine, Optional.of(cert));
        if (engine == Engine.MARIADB) { // PostgreSQL's trust authentication takes any password; MariaDB's root needs it
            try (var c = server.connect(); var st = c.createStatement()) {
                st.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return id;
    }

    private static String user(Engine engine) {
        return engine == Engine.POSTGRESQL ? "postgres" : "root";
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void withABundleVerifyFullIsTheDefaultAndChecksTheClonesNameBehindTheOverride(Engine engine) {
        TestCa ca = TestCa.create(dir, "test RDS CA");
        String id = cloneServedBy(engine, ca);

        JarRunner.Result r = jar("run", "--db-user", user(engine), "--db-ca-bundle", ca.certificate.toString(),
                "--db-host-override", server.address.toString(), "--wait-timeout", "20s");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("TLS verify-full (certificate checked against " + ca.certificate);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(id).endpoint());
        assertThat(r.all()).doesNotContain(PASSWORD);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedInTlsTermsAndTheRecordStays() {
        TestCa ca = TestCa.create(dir, "test RDS CA");
        TestCa other = TestCa.create(dir, "other CA");
        String id = cloneServedBy(Engine.POSTGRESQL, ca);

        JarRunner.Result r = jar("run", "--db-user", "postgres", "--db-ca-bundle", other.certificate.toString(),
                "--db-host-override", server.address.toString(), "--wait-timeout", "5s");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("SQL probe: cannot log in as postgres on " + server.address
                + " (--db-host-override for " + aws.cluster(id).endpoint() + ":5432): TLS: the server's certificate is not trusted: ",
                "is issued by CN=test RDS CA, which does not chain to a CA in " + other.certificate);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
        assertThat(aws.tagsOf(id)).containsEntry(Tags.LIFECYCLE, "created");
    }

    @Test
    void aMissingBundleIsAConfigurationErrorBeforeAnyChange() {
        aws.createSource("prod-db", "aurora-postgresql");
        Path missing = dir.resolve("global-bundle.pem");
        JarRunner.Result r = jar("run", "--db-user", "postgres", "--db-ca-bundle", missing.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("aurora-refresh: invalid configuration: --db-ca-bundle: '" + missing
                + "' cannot be used: no such file; use a readable PEM file of CA certificates such as AWS's RDS global-bundle.pem");
        assertThat(aws.allClusters()).containsOnlyKeys("prod-db");
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
    }
}
