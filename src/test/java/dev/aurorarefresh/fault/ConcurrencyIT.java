package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.RefreshFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two runs of the same pipeline at once (an ECS schedule has no concurrency guard): one clone,
 * the record on it, yesterday's clone cleaned, and both runs exit 0 (invariant 4). The proxy
 * makes the race certain rather than likely: both restores, then both instance creations, reach
 * AWS together, and both runs go on to connect and clean the same clones.
 */
class ConcurrencyIT {

    @Test
    void twoRunsRacingOnEveryCreateMakeOneClone() throws Exception {
        Instant today = Instant.now();
        RefreshFixture fixture = RefreshFixture.forPackagedRuns(today);
        try (FaultProxy proxy = fixture.aws.proxy) {
            // both restores, then both instance creations, reach AWS together
            proxy.holdUntil("RestoreDBClusterToPointInTime", 2).holdUntil("CreateDBInstance", 2);

            JarRunner.Result[] results = runTwo(proxy.endpoint());

            assertThat(proxy.count("RestoreDBClusterToPointInTime")).as("restores").isEqualTo(2);
            assertThat(proxy.count("CreateDBInstance")).as("instance creations").isEqualTo(2);
            assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero());
            assertThat(results[0].stdout() + results[1].stdout()).contains("found already cloned by another run");
        }
        fixture.assertConverged(RefreshFixture.cloneFor(today));
    }

    private static JarRunner.Result[] runTwo(String endpoint) throws Exception {
        Process first = RefreshFixture.cli(endpoint).start(RefreshFixture.runArguments());
        Process second = RefreshFixture.cli(endpoint).start(RefreshFixture.runArguments());
        return new JarRunner.Result[] {JarRunner.finish(first), JarRunner.finish(second)};
    }
}
