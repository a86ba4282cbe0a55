package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.RefreshFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The packaged command is killed (SIGKILL, as when a pod is evicted or a task stopped) right
 * after each mutating request of a full pass reached AWS; a normal run afterwards converges with
 * no manual step (invariant 6).
 */
class KillIT {

    @Test
    void killedAfterAnyMutatingRequestTheNextRunConverges() throws Exception {
        Instant today = Instant.now();
        RefreshFixture fixture = RefreshFixture.forPackagedRuns(today);
        List<String> mutating;
        try (FaultProxy proxy = fixture.aws.proxy) {
            JarRunner.Result probe = RefreshFixture.cli(proxy.endpoint()).run(RefreshFixture.runArguments());
            assertThat(probe.exitCode()).as(probe.stderr()).isZero();
            fixture.assertConverged(RefreshFixture.cloneFor(today));
            mutating = proxy.mutatingRequests().stream().map(FaultProxy.Request::operation).toList();
        }
        assertThat(mutating).as("mutating requests of a full pass").contains(FaultInjectionTest.MUTATING.toArray(String[]::new));

        List<String> report = new ArrayList<>();
        for (int k = 1; k <= mutating.size(); k++) {
            fixture = RefreshFixture.forPackagedRuns(today);
            MotoAccount aws = fixture.aws;
            try (FaultProxy proxy = aws.proxy) {
                AtomicReference<Process> child = new AtomicReference<>();
                AtomicInteger seen = new AtomicInteger();
                AtomicBoolean killed = new AtomicBoolean();
                int target = k;
                proxy.afterForward(request -> {
                    if (request.mutating() && seen.incrementAndGet() == target) {
                        while (child.get() == null) {
                            Thread.onSpinWait();
                        }
                        child.get().destroyForcibly();
                        killed.set(true);
                    }
                });
                child.set(RefreshFixture.cli(proxy.endpoint()).start(RefreshFixture.runArguments()));
                JarRunner.Result killedRun = JarRunner.finish(child.get());
                assertThat(killed).as("killed after mutating request %d (%s): %s", k, mutating.get(k - 1), killedRun.stderr())
                        .isTrue();
                proxy.awaitIdle();

                // the next run, in-process to keep the test short: the same pass the command runs
                FakeClock clock = new FakeClock(Instant.now());
                PassReport next = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY,
                        clock, clock, new Random(k)).run(RefreshFixture.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
                assertThat(next.exitCode()).as("the run after the kill at request %d (%s): %s", k, mutating.get(k - 1),
                        next.message()).isZero();
                fixture.assertConverged(RefreshFixture.cloneFor(today));
                report.add(mutating.get(k - 1));
            }
        }
        System.out.printf("kill tests: %d kills tried, %d converged (after %s)%n", mutating.size(), report.size(), report);
    }

}
