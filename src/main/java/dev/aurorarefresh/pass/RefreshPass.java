package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.Headroom;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Attempt;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.PostCloneSql;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.SecretSource;
import dev.aurorarefresh.port.DnsReads;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.RdsReads;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One pass: preflight, then for each requested step observe -> plan -> act until the step has
 * nothing left to do ({@link StepRun}). Waiting (for AWS, or for readiness checks) polls with
 * capped exponential backoff and jitter, within one deadline of {@code --wait-timeout} for the
 * whole pass. An operator's command runs in the same frame ({@link #operate}).
 */
public final class RefreshPass {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");

    private final RdsReads rds;
    private final DnsReads dns;
    /** The only way to a writer: each run's {@link ActionRunner}. */
    private final Function<RunContext, ActionRunner> runners;
    private final ReadinessCheck readiness;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final SharedReads shared;

    /** A pass given no Secrets Manager client (tests, operator commands): a secret it needs cannot be read. */
    private static final SecretSource NO_SECRETS = arn -> {
        throw new CredentialsException("this pass has no Secrets Manager client to read " + arn);
    };

    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this(rds, dns, readiness, clock, sleeper, random, new SharedReads());
    }

    /** A pass that shares the zone and its source's listing with the other passes given the same {@code shared}. */
    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random, SharedReads shared) {
        this(rds, dns, readiness, clock, sleeper, random, shared, NO_SECRETS);
    }

    /** Likewise, reading --master-password secret:ARN's password from {@code secrets}. */
    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random, SharedReads shared, SecretSource secrets) {
        this.shared = shared;
        this.rds = rds;
        this.dns = dns;
        this.runners = ActionRunner.writingTo(rds, dns, readiness, clock, sleeper, secrets);
        this.readiness = readiness;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public PassReport run(Pipeline pipeline, Set<Step> steps, boolean dryRun) {
        MDC.put("pipeline", pipeline.name());
        try {
            return inFrame(pipeline, dryRun, frame -> {
                Observation obs = frame.observe();
                if (steps.contains(Step.CLONE)) {
                    Preflight.checkAutoPause(pipeline, obs.source(), rds);
                    Preflight.checkServerlessMax(pipeline, obs.source(), rds);
                }
                return dryRun ? forecast(pipeline, obs, steps) : runSteps(frame, steps);
            });
        } finally {
            MDC.remove("pipeline");
        }
    }

    /**
     * An operator's command (hold, release, rollback): observe, let {@code decide} choose the
     * actions, carry them out with the pass's own runner. A refusal changes nothing and fails.
     */
    public PassReport operate(Pipeline pipeline, Function<Observation, OperatorPlans.OperatorPlan> decide, boolean dryRun) {
        return inFrame(pipeline, dryRun, frame -> {
            OperatorPlans.OperatorPlan plan = decide.apply(frame.observe());
            if (plan.refusal().isPresent()) {
                return Ending.of(PassReport.Outcome.FAILED, plan.refusal().get());
            }
            if (dryRun) {
                Forecast forecast = new Forecast(plan.actions().stream().map(a -> new Forecast.Entry(a.step(),
                        Optional.of(a), a.cloneId(), a.describe(), false)).toList(), List.of(), List.of());
                return Ending.of(Ending.doneIf(!plan.actions().isEmpty()), "dry run: nothing was changed; would be " + plan.summary())
                        .withForecast(forecast);
            }
            return carryOut(frame, plan);
        });
    }

    /** What a run or a command does inside its frame; an exception it throws ends it. */
    @FunctionalInterface
    private interface Body {
        Ending in(Frame frame) throws InterruptedException;
    }

    /** The one frame of a run and of a command: what ends it, and its report. */
    private PassReport inFrame(Pipeline pipeline, boolean dryRun, Body body) {
        Frame frame = new Frame(pipeline, dryRun, clock.instant());
        Ending ending;
        try {
            ending = body.in(frame);
        } catch (ConfigurationException e) {
            ending = Ending.of(PassReport.Outcome.INVALID, e.getMessage());
        } catch (PortException e) {
            // the first look failed (after the SDK's retries): nothing was changed
            LOG.errorf("AWS call failed: %s", e.getMessage());
            ending = Ending.of(PassReport.Outcome.FAILED, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending = Ending.of(PassReport.Outcome.FAILED, "interrupted");
        }
        return frame.report(ending);
    }

    /** What a run or command has collected so far: the report of whatever ends it is made from this and the ending. */
    private final class Frame {
        private final Pipeline pipeline;
        private final boolean dryRun;
        private final Instant start;
        private final List<PassReport.Event> events = new ArrayList<>();
        private final Map<Step, Duration> durations = new EnumMap<>(Step.class);
        private Optional<Observer> observer = Optional.empty();
        /** The account's quotas, where the run read them (before its clone step created anything). */
        private AccountQuotas quotas = AccountQuotas.unknown();

        Frame(Pipeline pipeline, boolean dryRun, Instant start) {
            this.pipeline = pipeline;
            this.dryRun = dryRun;
            this.start = start;
        }

        /** The first, full look (the zone resolved, the record names checked), and its preflight. */
        Observation observe() {
            observer = Optional.of(Observer.forRun(rds, dns, pipeline, shared));
            Observation obs = observer.get().observe();
            Preflight.checkObservation(pipeline, obs);
            return obs;
        }

        RunContext context() {
            return new RunContext(pipeline, observer.orElseThrow(), start.plus(pipeline.waitTimeout()),
                    () -> Backoff.standard(random), events);
        }

        PassReport report(Ending e) {
            return new PassReport(pipeline.name(), e.outcome(), e.message(), dryRun, start, Duration.between(start, clock.instant()),
                    List.copyOf(events), Map.copyOf(durations), e.forecast(), observer.flatMap(Observer::projected),
                    e.lastPlan().map(Plan::inGrace).orElse(List.of()), e.lastPlan().flatMap(Plan::hold), Map.copyOf(e.openSessions()),
                    quotas);
        }
    }

    private Ending forecast(Pipeline pipeline, Observation obs, Set<Step> steps) {
        Optional<PostCloneSql> hooks = StepRun.hooks(readiness);
        Forecast forecast = Forecast.of(pipeline, obs, clock.instant(), steps, readiness.checks(), hooks);
        Plan now = Planner.plan(pipeline, obs, clock.instant(), steps, hooks);
        PassReport.Outcome outcome = forecast.blockers().isEmpty() ? Ending.doneIf(!forecast.entries().isEmpty())
                : PassReport.Outcome.FAILED;
        String message = forecast.blockers().isEmpty()
                ? "dry run: nothing was changed" + (forecast.leftStopped().isEmpty() ? "" : "; would leave " + String.join("; ", forecast.leftStopped()))
                : String.join("; ", forecast.blockers());
        return Ending.of(outcome, message).withForecast(forecast).withLastPlan(Optional.of(now), Map.of());
    }

    /**
     * The requested steps in order. Steps fail independently: a failed step never keeps the later
     * ones (clean above all, which deletes only what is safe) from running, and the run still fails,
     * naming every failed step (docs/design.md, invariant 11).
     */
    private Ending runSteps(Frame frame, Set<Step> steps) throws InterruptedException {
        RunContext run = frame.context();
        ActionRunner runner = runners.apply(run);
        Optional<Plan> lastPlan = Optional.empty();
        Map<String, Integer> sessions = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Step step : Step.values()) {
            if (!steps.contains(step)) {
                continue;
            }
            boolean afterFailure = !failures.isEmpty();
            StepRun.Result result = timed(frame, step, () -> {
                Optional<StepRun.Result> noRoom = headroom(frame, step, run);
                return noRoom.isPresent() ? noRoom.get() : new StepRun(step, run, runner, readiness, clock, sleeper, afterFailure).run();
            });
            if (result.lastPlan().isPresent()) {
                lastPlan = result.lastPlan();
            }
            sessions.putAll(result.openSessions());
            if (result.outcome() instanceof Attempt.Failed failed) {
                LOG.errorf("%s step failed: %s", step.label(), failed.why());
                failures.add(step.label() + " failed: " + failed.why());
            }
        }
        if (!failures.isEmpty()) {
            return Ending.of(PassReport.Outcome.FAILED, String.join("; ", failures)).withLastPlan(lastPlan, sessions);
        }
        boolean acted = !frame.events.isEmpty();
        return Ending.of(Ending.doneIf(acted), acted ? "pass complete" : "nothing to do").withLastPlan(lastPlan, sessions);
    }

    /**
     * Before the clone step creates anything: the account's quotas (read once, here) and the source's
     * copy-on-write clones have room for it; else the step fails, before any change, with the one
     * line that says which and what this pass's clean frees (the later steps still run).
     */
    private Optional<StepRun.Result> headroom(Frame frame, Step step, RunContext run) {
        Observation obs = run.observer().latest().orElseThrow();
        Instant now = clock.instant();
        if (step != Step.CLONE || !Headroom.createsAnything(frame.pipeline, obs, now)) {
            return Optional.empty();
        }
        frame.quotas = rds.accountQuotas();
        return Headroom.forClone(frame.pipeline, obs, frame.quotas, now, frame.pipeline.settings().allowFullCopy())
                .map(line -> new StepRun.Result(new Attempt.Failed(line), Optional.empty(), Map.of()));
    }

    @FunctionalInterface
    private interface StepBody {
        StepRun.Result run() throws InterruptedException;
    }

    private StepRun.Result timed(Frame frame, Step step, StepBody body) throws InterruptedException {
        MDC.put("step", step.label());
        Instant stepStart = clock.instant();
        try {
            return body.run();
        } finally {
            frame.durations.put(step, Duration.between(stepStart, clock.instant()));
            MDC.remove("step");
        }
    }

    /** The operator's actions in order, with the pass's runner; the first that is not done ends the command. */
    private Ending carryOut(Frame frame, OperatorPlans.OperatorPlan plan) throws InterruptedException {
        ActionRunner runner = runners.apply(frame.context());
        for (Action action : plan.actions()) {
            Attempt result = runner.run(action);
            if (!(result instanceof Attempt.Done done)) {
                String why = result instanceof Attempt.Failed f ? f.why() : ((Attempt.NotYet) result).why();
                return Ending.of(PassReport.Outcome.FAILED, action.describe() + ": " + why);
            }
            frame.events.add(new PassReport.Event(action.step(), action.cloneId(), done.event(), action));
            frame.observer.orElseThrow().done(action);
        }
        return Ending.of(Ending.doneIf(!plan.actions().isEmpty()), plan.summary());
    }
}
