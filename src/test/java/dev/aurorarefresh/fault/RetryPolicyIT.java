package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FaultProxy.Fault;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.RefreshFixture;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged command's SDK clients retry as documented: at most 5 attempts per call, on both services. */
class RetryPolicyIT {
    FaultProxy proxy;
    JarRunner cli;

    @BeforeEach
    void account() {
        proxy = RefreshFixture.forPackagedRuns(Instant.now()).aws.proxy;
        cli = RefreshFixture.cli(proxy.endpoint()); // AWS_MAX_ATTEMPTS not set: the default
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void rdsAnswering503GivesUpAfterFiveAttemptsWithOneLine() {
        proxy.inject("DescribeDBClusters", Fault.HTTP_503, 100);

        JarRunner.Result r = cli.run(RefreshFixture.runArguments());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(proxy.count("DescribeDBClusters")).as("attempts").isEqualTo(5);
        assertThat(r.stderr().lines().filter(l -> l.startsWith("aurora-refresh: ")).toList()).singleElement().asString()
                .contains("RDS DescribeDBClusters: ServiceUnavailable: injected by the test proxy (HTTP 503)");
        assertThat(proxy.mutatingRequests()).isEmpty();
    }

    @Test
    void route53ThrottledTwiceIsRetriedAndThePassCompletes() {
        proxy.inject("ListHostedZonesByName", Fault.THROTTLING, 2);

        JarRunner.Result r = cli.run(RefreshFixture.runArguments());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(proxy.count("ListHostedZonesByName")).as("attempts").isEqualTo(3);
    }
}
