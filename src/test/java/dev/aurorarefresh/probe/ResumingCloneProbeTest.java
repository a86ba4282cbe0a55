package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.aws.IamAuthTokens;
import dev.aurorarefresh.aws.SecretsManagerLogins;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.Sleeper;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.ResumingForwarder;
import dev.aurorarefresh.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A paused clone resumes on the first connection: the probes are refused for a while, then pass,
 * within --wait-timeout, and the summary says it resumed. The local PostgreSQL behind a forwarder
 * that closes every connection for 4 seconds from the first one stands in for the resuming instance; the pass runs
 * with AWS's waits on a fake clock and a quarter second of real time per poll.
 */
class ResumingCloneProbeTest {
    private final TestDatabases db = TestDatabases.postgres();

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theProbesWakeAnAutoPausingCloneAndTheSummarySaysItResumed() throws Exception {
        MotoAccount aws = MotoAccount.fresh();
        aws.createZone("example.internal");
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("prod-db").engine("aurora-postgresql").engineVersion("16.4")
                .masterUsername("app").masterUserPassword("not-a-real-secret"));
        aws.seedRds.createDBInstance(r -> r.dbInstanceIdentifier("prod-db-1").dbClusterIdentifier("prod-db")
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));

        try (ResumingForwarder paused = new ResumingForwarder(db.address, Duration.ofSeconds(4))) {
            ProbeSettings settings = new ProbeSettings(true, "SELECT 1", Optional.of(db.name),
                    new CredentialsConfig.Password("postgres", new Secret("ignored-by-trust-auth"), "test"),
                    Optional.of(paused.address()), TlsSettings.prefer(), Optional.empty(), Duration.ofSeconds(5));
            var rds = aws.rdsPort();
            ProbingReadiness readiness = new ProbingReadiness(settings, new CredentialResolver(settings.credentials(),
                    () -> new IamAuthTokens(aws.rds), () -> new SecretsManagerLogins(aws.secretsManager())));
            Pipeline pipeline = Pipelines.dev().withSource("prod-db")
                    .withServerless(Optional.of(new ServerlessScaling(0, 2, Optional.of(300)))).build();

            // AWS's waits on a fake clock; each poll also lets a quarter second of real time pass for the forwarder
            FakeClock clock = new FakeClock(Instant.now());
            Sleeper sleeper = d -> {
                clock.sleep(d);
                Thread.sleep(250);
            };
            PassReport report = new RefreshPass(rds, aws.dnsPort(), readiness, clock, sleeper, new Random(7))
                    .run(pipeline, Step.ALL, false);

            assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
            assertThat(paused.refused.get()).as("the probes met the paused instance").isPositive();
            assertThat(paused.forwarded.get()).isPositive();
            assertThat(report.events()).anySatisfy(e -> assertThat(e.text()).contains("tagged ready")
                    .contains("resumed: the auto-pausing clone refused the probes at first and passed them"));
            String clone = report.events().get(0).cloneId();
            assertThat(aws.tagsOf(clone)).containsEntry(Tags.LIFECYCLE, "connected");
        }
    }
}
