package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * How many client sessions a replaced clone still has, asked with the probes' login, against the
 * real engines (PostgreSQL pg_stat_activity, MariaDB information_schema.processlist).
 */
class OpenSessionsTest {

    @Test
    void postgresCountsTheSessionsStillOpen() throws Exception {
        countsOpenSessions(TestDatabases.postgres(), "aurora-postgresql");
    }

    @Test
    void mariadbCountsTheSessionsStillOpen() throws Exception {
        countsOpenSessions(TestDatabases.mariadb(), "aurora-mysql");
    }

    @Test
    void withoutCredentialsThereIsNoCount() {
        ProbeSettings none = new ProbeSettings(true, "SELECT 1", Optional.empty(), new CredentialsConfig.None(),
                Optional.of(TestDatabases.POSTGRES), TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(5));
        assertThat(readiness(none).openSessions(clone("aurora-postgresql", 5432))).isEmpty();
    }

    private static void countsOpenSessions(TestDatabases db, String engine) throws Exception {
        try (db) {
            ProbeSettings settings = new ProbeSettings(true, "SELECT 1", Optional.of(db.name),
                    new CredentialsConfig.Password(db.adminUser(), new Secret(""), "test"), Optional.of(db.address),
                    TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(5));
            ProbingReadiness readiness = readiness(settings);
            ClusterView clone = clone(engine, db.address.port());
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(db.connect());
                }
                OptionalInt n = readiness.openSessions(clone);
                // the servers are shared with other tests: at least ours, and never the asking session itself
                assertThat(n).isPresent();
                assertThat(n.getAsInt()).isGreaterThanOrEqualTo(3);
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        }
    }

    private static ProbingReadiness readiness(ProbeSettings settings) {
        return new ProbingReadiness(settings, new CredentialResolver(settings.credentials(), () -> null, () -> null));
    }

    private static ClusterView clone(String engine, int port) {
        return new ClusterView("dev-20261124", "arn:aws:rds:us-east-1:1:cluster:dev-20261124", "available", engine,
                "dev-20261124.cluster-abc.us-east-1.rds.amazonaws.com", "dev-20261124.cluster-ro-abc.us-east-1.rds.amazonaws.com",
                false, Optional.empty(), Map.of(), port, Optional.empty());
    }
}
