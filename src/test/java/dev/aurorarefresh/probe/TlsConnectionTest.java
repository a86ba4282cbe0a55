package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.testing.TestCa;
import dev.aurorarefresh.testing.ThrowawayDatabase.Engine;
import dev.aurorarefresh.testing.ThrowawayDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three --db-tls modes against real servers of both engines, started for this test: one
 * with a certificate from a test CA for the clone's endpoint name (as RDS issues them: a
 * wildcard over the cluster's domain), one without TLS. Connections go to 127.0.0.1, as through
 * --db-host-override; verify-full checks the certificate against the endpoint name.
 */
class TlsConnectionTest {
    private static final String CLUSTER_DOMAIN = "cluster-c0ffee.us-east-1.rds.amazonaws.com";
    private static final String ENDPOINT = "dev-20261125." + CLUSTER_DOMAIN;
    private static final DbCredentials ROOT_LOGIN = new DbCredentials("root", new Secret(""));
    private static final DbCredentials POSTGRES_LOGIN = new DbCredentials("postgres", new Secret(""));

    @TempDir
    static Path certs;

    static CaBundle testCa;
    static CaBundle otherCa;
    static final Map<Engine, ThrowawayDatabase> withTls = new EnumMap<>(Engine.class);
    static final Map<Engine, ThrowawayDatabase> withoutTls = new EnumMap<>(Engine.class);

    @BeforeAll
    static void startServers() {
        TestCa ca = TestCa.create(certs, "aurora-refresh test CA");
        TestCa other = TestCa.create(certs, "some other CA");
        TestCa.ServerCertificate server = ca.issue("server", List.of("*." + CLUSTER_DOMAIN, "*.cluster-ro-c0ffee.us-east-1.rds.amazonaws.com"));
        testCa = CaBundle.load(ca.certificate);
        otherCa = CaBundle.load(other.certificate);
        for (Engine engine : Engine.values()) {
            withTls.put(engine, ThrowawayDatabase.start(engine, Optional.of(server)));
            withoutTls.put(engine, ThrowawayDatabase.start(engine, Optional.empty()));
        }
    }

    @AfterAll
    static void stopServers() {
        withTls.values().forEach(ThrowawayDatabase::close);
        withoutTls.values().forEach(ThrowawayDatabase::close);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void verifyFullConnectsEncryptedWhenTheCertificateChainsToTheBundleAndNamesTheEndpoint(Engine engine) throws SQLException {
        try (Connection c = open(engine, withTls, TlsSettings.verifyFull(testCa), ENDPOINT)) {
            assertThat(encrypted(engine, c)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void verifyFullRefusesACertificateFromAnotherCa(Engine engine) {
        assertThat(refusal(engine, withTls, TlsSettings.verifyFull(otherCa), ENDPOINT)).isEqualTo(
                "TLS: the server's certificate is not trusted: CN=*." + CLUSTER_DOMAIN + " is issued by CN=aurora-refresh test CA, "
                        + "which does not chain to a CA in " + otherCa.path());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void verifyFullRefusesACertificateForAnotherName(Engine engine) {
        String elsewhere = "dev-20261125.cluster-beef00.us-east-1.rds.amazonaws.com";
        assertThat(refusal(engine, withTls, TlsSettings.verifyFull(testCa), elsewhere)).isEqualTo(
                "TLS: the server's certificate does not match the name " + elsewhere + ": it is for *." + CLUSTER_DOMAIN
                        + ", *.cluster-ro-c0ffee.us-east-1.rds.amazonaws.com");
        // a wildcard stands for one label only
        assertThat(refusal(engine, withTls, TlsSettings.verifyFull(testCa), "a.b." + CLUSTER_DOMAIN))
                .startsWith("TLS: the server's certificate does not match the name a.b." + CLUSTER_DOMAIN);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void verifyFullAndRequireRefuseAServerWithoutTls(Engine engine) {
        String noTls = "TLS: the server does not offer TLS, and --db-tls asks for an encrypted connection";
        assertThat(refusal(engine, withoutTls, TlsSettings.verifyFull(testCa), ENDPOINT)).isEqualTo(noTls);
        assertThat(refusal(engine, withoutTls, new TlsSettings(TlsMode.REQUIRE, Optional.empty()), ENDPOINT)).isEqualTo(noTls);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void requireEncryptsWithoutCheckingTheCertificate(Engine engine) throws SQLException {
        try (Connection c = open(engine, withTls, new TlsSettings(TlsMode.REQUIRE, Optional.of(otherCa)), "any.example.com")) {
            assertThat(encrypted(engine, c)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void preferEncryptsWhenOfferedAndOtherwiseConnectsInClear(Engine engine) throws SQLException {
        try (Connection c = open(engine, withTls, TlsSettings.prefer(), ENDPOINT)) {
            assertThat(encrypted(engine, c)).isTrue();
        }
        try (Connection c = open(engine, withoutTls, TlsSettings.prefer(), ENDPOINT)) {
            assertThat(encrypted(engine, c)).isFalse();
        }
    }

    private static Connection open(Engine engine, Map<Engine, ThrowawayDatabase> servers, TlsSettings tls, String serverName)
            throws SQLException {
        boolean pg = engine == Engine.POSTGRESQL;
        return JdbcConnector.open(pg ? SqlDialect.POSTGRESQL : SqlDialect.MYSQL, servers.get(engine).address, Optional.empty(),
                pg ? POSTGRES_LOGIN : ROOT_LOGIN, tls, serverName, Duration.ofSeconds(10));
    }

    /** The one-line message a refused connection is reported with. */
    private static String refusal(Engine engine, Map<Engine, ThrowawayDatabase> servers, TlsSettings tls, String serverName) {
        try (Connection c = open(engine, servers, tls, serverName)) {
            throw new AssertionError("connected to " + servers.get(engine).address + " under " + tls.describe());
        } catch (SQLException e) {
            String line = JdbcConnector.describe(e, new Secret("unused"));
            assertThat(line).doesNotContain("\n");
            return line;
        }
    }

    private static boolean encrypted(Engine engine, Connection c) throws SQLException {
        String query = engine == Engine.POSTGRESQL
                ? "SELECT CASE WHEN ssl THEN 'yes' ELSE '' END FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                : "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_VERSION'";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next() && !rs.getString(1).isEmpty();
        }
    }
}
