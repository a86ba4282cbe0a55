package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with probes and hooks, against moto and the machine's real databases. */
class ProbeJarIT {
    private static final String RECORD = "dev-db.example.internal";
    private static final String OLD_TARGET = "old-db.example.internal";

    @TempDir
    Path dir;

    private MotoAccount aws;
    private String zoneId;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns(); // the packaged command waits in real time
        zoneId = aws.createZone("example.internal");
        aws.setRecord(zoneId, RECORD, "CNAME", OLD_TARGET);
    }

    /** `run` through the jar, with the TCP probe on (JarRunner turns it off for moto's fake endpoints). */
    private JarRunner.Result run(Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--source-cluster", "prod-db", "--hosted-zone", "example.internal",
                "--record", RECORD, "--clone-prefix", "dev"));
        args.addAll(List.of(more));
        // the machine's databases have no TLS (TlsConnectionTest covers TLS)
        JarRunner jar = JarRunner.against(aws.endpoint()).env("AURORA_REFRESH_PROBE_TCP", "true")
                .env("AURORA_REFRESH_DB_TLS", "prefer");
        for (Map.Entry<String, String> e : env.entrySet()) {
            jar = jar.env(e.getKey(), e.getValue());
        }
        return jar.run(args.toArray(String[]::new));
    }

    private String cloneId() {
        return aws.allClusters().keySet().stream().filter(id -> id.startsWith("dev-")).findFirst().orElseThrow();
    }

    @Test
    void aPostgresCloneIsProbedMaskedAndConnected() throws IOException {
        aws.createSource("prod-db", "aurora-postgresql");
        try (TestDatabases db = TestDatabases.postgres()) {
            db.seedCustomers();
            Files.writeString(dir.resolve("10-mask.sql"), """
                    UPDATE customers SET email = 'user' || id || '@example.invalid', name = 'Customer ' || id;
                    """);
            JarRunner.Result r = run(Map.of("AURORA_REFRESH_DB_PASSWORD", "Jar-Pa55word-12",
                    "AURORA_REFRESH_DB_HOST_OVERRIDE", db.address.toString()),
                    "--db-user", "postgres", "--db-name", db.name, "--post-clone-sql", dir.toString());

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(db.column("SELECT email FROM customers ORDER BY id"))
                    .containsExactly("user1@example.invalid", "user2@example.invalid", "user3@example.invalid");
            assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(cloneId()).endpoint());
            assertThat(aws.tagsOf(cloneId())).containsKey(Tags.HOOKS_DIGEST);
            assertThat(r.stdout()).contains("tagged ready");
            assertThat(r.stderr()).contains("post-clone SQL 10-mask.sql: 1 statement(s) done");
            assertThat(r.all()).doesNotContain("Jar-Pa55word-12");
        }
    }

    @Test
    void aRefusedLoginTimesOutWithTheDatabaseErrorAndNoPassword() throws IOException {
        aws.createSource("prod-db", "aurora-mysql");
        try (TestDatabases db = TestDatabases.mariadb()) {
            db.createUser(db.name, "Right-Pa55word-13");
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, "Wrong-Pa55word-14\n");
            JarRunner.Result r = run(Map.of(), "--db-user", db.name, "--db-password-file", passwordFile.toString(),
                    "--db-host-override", db.address.toString(), "--wait-timeout", "20s"); // past the master password's reset

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("timed out after 20s", "SQL probe: cannot log in as " + db.name, "Access denied");
            assertThat(r.all()).doesNotContain("Wrong-Pa55word-14").doesNotContain("Right-Pa55word-13");
            assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(OLD_TARGET);
            assertThat(aws.tagsOf(cloneId())).containsEntry(Tags.LIFECYCLE, "created");
        }
    }

    @Test
    void aMissingHookPathIsAConfigurationErrorBeforeAnyChange() throws IOException {
        aws.createSource("prod-db", "aurora-postgresql");
        JarRunner.Result r = run(Map.of("AURORA_REFRESH_DB_PASSWORD", "Cfg-Pa55word-15"),
                "--db-user", "postgres", "--post-clone-sql", dir.resolve("missing").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("aurora-refresh: invalid configuration: --post-clone-sql: '"
                + dir.resolve("missing") + "' cannot be used: no such file or directory; use a .sql file or a directory of *.sql files");
        assertThat(aws.allClusters()).containsOnlyKeys("prod-db");
        assertThat(r.all()).doesNotContain("Cfg-Pa55word-15");
    }
}
