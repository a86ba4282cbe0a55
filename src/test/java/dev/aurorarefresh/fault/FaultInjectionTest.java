package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.aws.AwsClients;
import dev.aurorarefresh.aws.AwsEnvironment;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.FaultProxy.Fault;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.RefreshFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Every mutating call of a pass, under every kind of fault AWS shows, through a proxy in front of
 * moto. Whatever happens to the faulty pass (it completes, or exits 1 with one clear line), the
 * next fault-free pass converges and nothing that is not ours changes.
 *
 * <p>Scenarios follow each other day by day on one account: a converged account is the starting
 * fixture of the next day (yesterday's clone connected, the record on it), so one full pass makes
 * every kind of mutating call. The clients use the production retry policy with 2 attempts, no
 * backoff and, where a delay is injected, a 1 s attempt timeout, to stay fast.
 */
class FaultInjectionTest {
    static final List<String> MUTATING = List.of("RestoreDBClusterToPointInTime", "CreateDBInstance",
            "AddTagsToResource", "ChangeResourceRecordSets", "ModifyDBCluster", "DeleteDBInstance", "DeleteDBCluster");
    static final int ATTEMPTS = 2;
    /** Shorter than an injected delay, so that the client gives up on a delayed request. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1000);
    static final Duration DELAY = Duration.ofMillis(1200);
    /**
     * Where no delay is injected: longer than any answer of moto on a busy machine. A slow answer
     * that timed out would be retried, one request more than on an idle machine, and the lost-answer
     * sweep, which finds each request by its number in a first pass, would hit another request.
     */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(60);
    static final Instant FIRST_DAY = Instant.parse("2026-03-01T06:00:00Z");

    static FaultProxy proxy;
    static MotoAccount aws;
    static RefreshFixture fixture;
    static Instant today = FIRST_DAY;
    static boolean converged;
    static int injected;
    static int scenarios;
    static int convergedScenarios;

    @BeforeAll
    static void start() {
        aws = MotoAccount.fresh();
        fixture = RefreshFixture.seed(aws, today);
        converged = true;
        proxy = aws.proxy.delay(DELAY);
    }

    @AfterAll
    static void report() {
        proxy.close();
        System.out.printf("fault injection: %d faults injected in %d scenarios, %d converged%n", injected, scenarios,
                convergedScenarios);
    }

    /** Each kind of fault, once on each mutating call of one pass: the SDK retries, the pass completes. */
    @ParameterizedTest(name = "{0} once on every mutating call")
    @EnumSource(Fault.class)
    void aSingleFaultIsRetriedAndThePassCompletes(Fault fault) {
        Day day = new Day();
        MUTATING.forEach(operation -> proxy.inject(operation, fault, 1));

        PassReport faulty = day.pass(ATTEMPTS, fault);

        assertThat(proxy.injected()).as("faults injected; the pass: %s", faulty.message() + " " + faulty.events().stream().map(PassReport.Event::text).toList() + " injected on " + proxy.requests().stream().filter(r -> MUTATING.contains(r.operation())).map(r -> r.operation()).toList()).hasSize(MUTATING.size());
        assertThat(faulty.exitCode()).as(faulty.message()).isZero();
        day.convergesAfter(faulty);
    }

    /**
     * The four faults that never reach AWS (500, 503, throttling, reset) look alike to the pass once
     * the SDK gives up: each mutating call gets one of them in turn. A delayed request reaches AWS
     * after the client gave up and the pass went on: tried where arriving late could undo later
     * work (a late tag, a late record change, a late create or delete). A lost answer on every
     * mutating request is the sweep below.
     */
    static Stream<Arguments> everyMutatingCallWithAPersistentFault() {
        List<Fault> notReachingAws = List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.THROTTLING, Fault.RESET);
        Set<String> delayed = Set.of("RestoreDBClusterToPointInTime", "AddTagsToResource", "ChangeResourceRecordSets",
                "DeleteDBCluster");
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < MUTATING.size(); i++) {
            out.add(Arguments.of(MUTATING.get(i), notReachingAws.get(i % notReachingAws.size())));
            if (delayed.contains(MUTATING.get(i))) {
                out.add(Arguments.of(MUTATING.get(i), Fault.DELAY));
            }
        }
        return out.stream();
    }

    /** The fault outlasts the SDK's attempts: the pass stops (or finds the work done), the next one converges. */
    @ParameterizedTest(name = "{0} {1} on every attempt")
    @MethodSource("everyMutatingCallWithAPersistentFault")
    void aFaultOnEveryAttemptStopsThePassAndTheNextRunConverges(String operation, Fault fault) {
        Day day = new Day();
        proxy.inject(operation, fault, ATTEMPTS);

        PassReport faulty = day.pass(ATTEMPTS, fault);

        assertThat(proxy.injected()).as("faults injected").hasSize(ATTEMPTS);
        assertThat(faulty.exitCode()).as(faulty.message()).isIn(0, 1);
        if (faulty.exitCode() == 1) {
            assertThat(faulty.message()).as("one clear line naming the call").doesNotContain("\n").contains(operation);
        }
        day.convergesAfter(faulty);
    }

    /**
     * The answer to each mutating request of a pass is lost after AWS carried it out, with no SDK
     * retry: only the pass's own handling of "already done" makes the next run converge.
     */
    @Test
    void losingTheAnswerToAnyMutatingRequestLeavesAStateTheNextRunFinishes() {
        Day probe = new Day();
        PassReport clean = probe.pass(ATTEMPTS);
        assertThat(clean.exitCode()).as(clean.message()).isZero();
        List<FaultProxy.Request> mutating = proxy.mutatingRequests();
        assertThat(mutating).hasSizeGreaterThanOrEqualTo(MUTATING.size());
        probe.convergesAfter(null);
        for (FaultProxy.Request request : mutating) {
            Day day = new Day();
            proxy.injectNth(request.number(), Fault.LOST_RESPONSE);
            PassReport faulty = day.pass(1);
            assertThat(proxy.requests().get(request.number() - 1).operation()).as("the same request sequence each day")
                    .isEqualTo(request.operation());
            assertThat(faulty.exitCode()).as("answer to request %s lost: %s", request, faulty.message()).isIn(0, 1);
            day.convergesAfter(faulty);
        }
    }

    /** The next day's scenario: yesterday's clone connected, the record on it, no rule in the proxy. */
    static final class Day {
        final FakeClock clock;

        Day() {
            today = today.plus(Duration.ofDays(1));
            clock = new FakeClock(today);
            proxy.clear();
            if (!converged) { // the previous scenario failed: start again from a fresh account
                aws = MotoAccount.fresh();
                fixture = RefreshFixture.seed(aws, today);
                proxy = aws.proxy.delay(DELAY);
            }
            converged = false;
            scenarios++;
        }

        PassReport pass(int attempts) {
            return pass(attempts, null);
        }

        /** With {@code fault} {@link Fault#DELAY} injected, an attempt times out before the delayed answer comes. */
        PassReport pass(int attempts, Fault fault) {
            Duration attemptTimeout = fault == Fault.DELAY ? ATTEMPT_TIMEOUT : SLOW_ANSWER;
            Consumer<ClientOverrideConfiguration.Builder> settings = c -> c
                    .retryStrategy(AwsClients.retryStrategy(new AwsEnvironment(attempts, false)).toBuilder()
                            .backoffStrategy(BackoffStrategy.retryImmediately())
                            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build())
                    .apiCallAttemptTimeout(attemptTimeout);
            RefreshPass pass = new RefreshPass(aws.rdsPort(settings),
                    aws.dnsPort(settings), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                    new Random(7));
            return pass.run(RefreshFixture.pipeline(Duration.ofMinutes(10)), Step.ALL, false);
        }

        void convergesAfter(PassReport faulty) {
            proxy.awaitIdle(); // a delayed request reaches moto late, as on a slow network
            injected += proxy.injected().size();
            proxy.clear();
            fixture.assertNothingNotOursChanged();
            clock.advance(Duration.ofMinutes(5));
            PassReport next = pass(ATTEMPTS);
            assertThat(next.exitCode()).as("after [%s] the next run: %s",
                    faulty == null ? "a clean pass" : faulty.message(), next.message()).isZero();
            fixture.assertConverged(RefreshFixture.cloneFor(today));
            converged = true;
            convergedScenarios++;
        }
    }
}
