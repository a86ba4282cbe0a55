package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.Headroom;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Outcome;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.PostCloneSql;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.PostCloneSqlRunner;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
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
 * nothing left to do. Waiting (for AWS, or for readiness checks) polls with capped exponential
 * backoff and jitter, within one deadline of {@code --wait-timeout} for the whole pass.
 */
public final class RefreshPass {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");
    /** Identical plans in a row (every action reported done) before the pass gives up on AWS reflecting them. */
    private static final int MAX_REPEATS = 4;
    /** Failed observations in a row, within one step, before the step fails. */
    private static final int MAX_OBSERVE_FAILURES = 5;

    private final RdsPort rds;
    private final DnsPort dns;
    private final ReadinessCheck readiness;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final SharedReads shared;

    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this(rds, dns, readiness, clock, sleeper, random, new SharedReads());
    }

    /** A pass that shares the zone and its source's listing with the other passes given the same {@code shared}. */
    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random, SharedReads shared) {
        this.shared = shared;
        this.rds = rds;
        this.dns = dns;
        this.readiness = readiness;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public PassReport run(Pipeline pipeline, Set<Step> steps, boolean dryRun) {
        Instant start = clock.instant();
        List<PassReport.Event> events = new ArrayList<>();
        Map<Step, Duration> durations = new EnumMap<>(Step.class);
        Optional<Observer> observer = Optional.empty();
        MDC.put("pipeline", pipeline.name());
        try {
            observer = Optional.of(Observer.forRun(rds, dns, pipeline, shared));
            Observation obs = observer.get().observe();
            Preflight.checkObservation(pipeline, obs);
            if (steps.contains(Step.CLONE)) {
                Preflight.checkAutoPause(pipeline, obs.source(), rds);
                Preflight.checkServerlessMax(pipeline, obs.source(), rds);
            }
            if (dryRun) {
                Forecast forecast = Forecast.of(pipeline, obs, clock.instant(), steps, readiness.checks(), hooks());
                Plan now = Planner.plan(pipeline, obs, clock.instant(), steps, hooks());
                return report(pipeline, forecastOutcome(forecast), forecastMessage(forecast), true, start, events,
                        durations, forecast, observer, now, Map.of());
            }
            RunContext run = new RunContext(pipeline, observer.get(), start.plus(pipeline.waitTimeout()),
                    () -> Backoff.standard(random), events);
            Plan[] lastPlan = new Plan[1];
            AccountQuotas[] quotas = {AccountQuotas.unknown()};
            Map<String, Integer> sessions = new java.util.LinkedHashMap<>();
            ActionRunner runner = new ActionRunner(rds, dns, readiness, clock, sleeper, run);
            Set<Step> carried = EnumSet.noneOf(Step.class);
            // steps fail independently: a failed step never keeps the later ones (clean above all, which deletes only
            // what is safe) from running, and the pass still fails (docs/design.md, invariant 11)
            List<String> failures = new ArrayList<>();
            for (Step step : Step.values()) {
                if (!steps.contains(step)) {
                    continue;
                }
                MDC.put("step", step.label());
                Instant stepStart = clock.instant();
                Outcome outcome;
                try {
                    outcome = afterFailure(failures, run, carried);
                    if (outcome == null && step == Step.CLONE) {
                        outcome = headroom(pipeline, run, quotas).orElse(null);
                    }
                    if (outcome == null) {
                        outcome = runStep(step, run, runner, carried, lastPlan, sessions, failures.isEmpty() || step == Step.CLEAN);
                    }
                } finally {
                    durations.put(step, Duration.between(stepStart, clock.instant()));
                    MDC.remove("step");
                }
                if (outcome instanceof Outcome.Failed failed) {
                    LOG.errorf("%s step failed: %s", step.label(), failed.why());
                    failures.add(step.label() + " failed: " + failed.why());
                }
            }
            if (!failures.isEmpty()) {
                return report(pipeline, PassReport.Outcome.FAILED, String.join("; ", failures), false, start, events, durations,
                        null, observer, lastPlan[0], sessions, quotas[0]);
            }
            PassReport.Outcome outcome = events.isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE;
            return report(pipeline, outcome, events.isEmpty() ? "nothing to do" : "pass complete",
                    false, start, events, durations, null, observer, lastPlan[0], sessions, quotas[0]);
        } catch (ConfigurationException e) {
            return report(pipeline, PassReport.Outcome.INVALID, e.getMessage(), dryRun, start, events, durations, null, observer, null, Map.of());
        } catch (PortException e) {
            // the first look failed (after the SDK's retries): nothing was changed
            LOG.errorf("AWS call failed: %s", e.getMessage());
            return report(pipeline, PassReport.Outcome.FAILED, e.getMessage(), dryRun, start, events, durations, null, observer, null, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(pipeline, PassReport.Outcome.FAILED, "interrupted", dryRun, start, events, durations, null, observer, null, Map.of());
        } finally {
            MDC.remove("pipeline");
        }
    }

    private Optional<PostCloneSql> hooks() {
        return readiness.postCloneSql().map(PostCloneSqlRunner::hooks);
    }

    /**
     * One step: plan on the latest observation, act, observe again, until the plan is settled.
     * The actions of one clone run in their planned order: once one is not done, the clone's later
     * actions wait for the next poll (the ready tag never goes before its post-clone SQL).
     *
     * <p>One observation serves every decision until AWS has to be looked at again: a step whose
     * actions were all done with nothing left pending ends without observing, and is
     * {@code carried} (the next steps plan on the same observation, with its effects applied);
     * the next observation shows them, and nothing is carried any more.
     */
    private Outcome runStep(Step step, RunContext run, ActionRunner runner, Set<Step> carried, Plan[] lastPlan,
            Map<String, Integer> sessions, boolean mayWait) throws InterruptedException {
        Pipeline pipeline = run.pipeline();
        Backoff backoff = run.backoffs().get();
        List<Action> previous = List.of();
        boolean previousAllDone = false;
        int repeats = 0;
        if ((step == Step.CONNECT || step == Step.CLEAN) && run.observer().partSinceFull()) {
            // polls while waiting read only what was waited on: the record and every clone are looked at again
            // before a decision on the record or a delete
            carried.clear();
            Outcome observed = observeAgain(run, backoff, Look.FULL);
            if (observed instanceof Outcome.Failed) {
                return observed;
            }
        }
        while (true) {
            // what an earlier step just did (not observed yet) may be what this step waits for: look at once
            boolean earlierJustActed = !carried.isEmpty();
            Observation obs = run.observer().latest().orElseThrow();
            Plan plan = Planner.planStep(pipeline, obs, clock.instant(), step, carried, hooks());
            lastPlan[0] = plan;
            if (!plan.blockers().isEmpty()) {
                return new Outcome.Failed(String.join("; ", plan.blockers()));
            }
            if (step == Step.CLEAN) {
                countSessions(plan, obs, sessions);
            }
            if (plan.isSettled()) {
                return plan.held().isEmpty() ? new Outcome.Done("settled") : new Outcome.Failed(String.join("; ", plan.held()));
            }
            // only actions that all reported done count: an action that answered "not yet" (e.g. a
            // readiness probe) is waiting, not stuck, and a pending-only plan is waiting for AWS
            repeats = !plan.actions().isEmpty() && plan.actions().equals(previous) && previousAllDone ? repeats + 1 : 0;
            if (repeats >= MAX_REPEATS) {
                return new Outcome.Failed("AWS still does not show the effect of: "
                        + plan.actions().stream().map(Action::describe).toList());
            }
            previous = plan.actions();
            List<String> notYet = new ArrayList<>();
            Set<String> waiting = new HashSet<>();
            Optional<Duration> lookAgainIn = Optional.empty();
            for (Action action : plan.actions()) {
                String clone = action.cloneId();
                if (waiting.contains(clone)) {
                    continue;
                }
                MDC.put("clone", clone);
                try {
                    Outcome result = runner.run(action);
                    if (result instanceof Outcome.Done done) {
                        LOG.infof("%s: %s", clone, done.event());
                        run.events().add(new PassReport.Event(step, clone, done.event(), action));
                        run.observer().done(action);
                    } else if (result instanceof Outcome.NotYet n) {
                        notYet.add(clone + ": " + n.why());
                        waiting.add(clone);
                        lookAgainIn = earliest(lookAgainIn, n.lookAgainIn());
                    } else {
                        return result;
                    }
                } finally {
                    MDC.remove("clone");
                }
            }
            previousAllDone = waiting.isEmpty();
            if (previousAllDone && plan.pending().isEmpty()) {
                carried.add(step);
                return plan.held().isEmpty() ? new Outcome.Done("acted") : new Outcome.Failed(String.join("; ", plan.held()));
            }
            // actions that all went through are looked at at once: what is pending may be what they just did
            boolean progressed = previousAllDone && !plan.actions().isEmpty() && repeats == 0 || earlierJustActed;
            plan.pending().forEach(p -> notYet.add(p.cloneId() + ": " + p.reason()));
            if (!progressed && !mayWait) {
                // after a failed step the pass does what it can at once and goes on to clean; the next run waits
                LOG.infof("not waiting (an earlier step failed): %s", String.join("; ", notYet));
                return new Outcome.Done("not waited for");
            }
            if (!progressed) {
                Instant now = clock.instant();
                if (!now.isBefore(run.deadline())) {
                    return new Outcome.Failed("timed out after " + Durations.format(pipeline.waitTimeout())
                            + " (--wait-timeout) waiting for " + String.join("; ", notYet)
                            + "; the next run picks it up where this one stopped");
                }
                Duration delay = earliest(Optional.of(backoff.next()), lookAgainIn).orElseThrow();
                Duration left = Duration.between(now, run.deadline());
                Duration sleep = delay.compareTo(left) > 0 ? left : delay;
                LOG.infof("waiting %s (elapsed %s): %s", Durations.format(sleep),
                        Durations.format(Duration.between(run.deadline().minus(pipeline.waitTimeout()), now)),
                        notYet.isEmpty() ? "AWS has not reflected the last change yet" : String.join("; ", notYet));
                sleeper.sleep(sleep);
            }
            Look look = Look.after(plan, run.observer().doneSince(), waiting, obs);
            carried.clear();
            Outcome observed = observeAgain(run, backoff, look);
            if (observed instanceof Outcome.Failed) {
                return observed;
            }
        }
    }

    /**
     * Before a step that follows a failed one: the step looks in full first, so that it decides on what
     * the failed step did (a clone tagged failed is cleaned); null to go on, or the failed look.
     */
    private Outcome afterFailure(List<String> failures, RunContext run, Set<Step> carried) throws InterruptedException {
        if (failures.isEmpty()) {
            return null;
        }
        carried.clear();
        Outcome looked = observeAgain(run, run.backoffs().get(), Look.FULL);
        return looked instanceof Outcome.Failed ? looked : null;
    }

    /**
     * Before the clone step creates anything: the account's quotas (read once, here) and the source's
     * copy-on-write clones have room for it, or the step fails with the one line that says which
     * and what this pass's clean frees; the later steps still run.
     */
    private Optional<Outcome> headroom(Pipeline pipeline, RunContext run, AccountQuotas[] quotas) {
        Observation obs = run.observer().latest().orElseThrow();
        Instant now = clock.instant();
        if (!Headroom.createsAnything(pipeline, obs, now)) {
            return Optional.empty();
        }
        quotas[0] = rds.accountQuotas();
        return Headroom.forClone(pipeline, obs, quotas[0], now, pipeline.settings().allowFullCopy())
                .map(Outcome.Failed::new);
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }

    /**
     * Observes again during a step. A read that fails even after the SDK's retries (throttling,
     * a 5xx burst) is retried here a few times within the deadline: losing one poll must not
     * lose a 20-minute clone.
     */
    private Outcome observeAgain(RunContext run, Backoff backoff, Look look) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                run.observer().observe(look);
                return new Outcome.Done("observed");
            } catch (PortException e) {
                if (failures >= MAX_OBSERVE_FAILURES || !clock.instant().isBefore(run.deadline())) {
                    return new Outcome.Failed("cannot observe the pipeline: " + e.getMessage());
                }
                Duration delay = backoff.next();
                LOG.warnf("observe failed (%d of %d), retrying in %s: %s", failures, MAX_OBSERVE_FAILURES,
                        Durations.format(delay), e.getMessage());
                sleeper.sleep(delay);
            }
        }
    }

    /**
     * Sessions still open on each replaced clone clean deletes or keeps, counted once a pass before
     * the first delete: what the grace period is for (empty without database credentials).
     */
    private void countSessions(Plan plan, Observation obs, Map<String, Integer> sessions) {
        Set<String> clones = new java.util.LinkedHashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.DeleteInstance || a instanceof Action.DeleteCluster)
                .forEach(a -> clones.add(a.cloneId()));
        plan.kept().forEach(k -> clones.add(k.cloneId()));
        for (String id : clones) {
            if (sessions.containsKey(id)) {
                continue;
            }
            obs.clusters().stream().filter(c -> c.id().equals(id) && AwsStatus.isAvailable(c.status())).findFirst()
                    .ifPresent(c -> readiness.openSessions(c).ifPresent(n -> sessions.put(id, n)));
        }
    }

    /**
     * An operator's command (hold, release, rollback): observe, let {@code decide} choose the
     * actions, carry them out with the pass's own runner. A refusal changes nothing and fails.
     */
    public PassReport operate(Pipeline pipeline, Function<Observation, OperatorPlans.OperatorPlan> decide, boolean dryRun) {
        Instant start = clock.instant();
        List<PassReport.Event> events = new ArrayList<>();
        Optional<Observer> observer = Optional.empty();
        try {
            observer = Optional.of(Observer.forRun(rds, dns, pipeline, shared));
            Observation obs = observer.get().observe();
            Preflight.checkObservation(pipeline, obs);
            OperatorPlans.OperatorPlan plan = decide.apply(obs);
            if (plan.refusal().isPresent()) {
                return report(pipeline, PassReport.Outcome.FAILED, plan.refusal().get(), dryRun, start, events, Map.of(),
                        null, observer, null, Map.of());
            }
            if (dryRun) {
                Forecast forecast = new Forecast(plan.actions().stream().map(a -> new Forecast.Entry(a.step(),
                        Optional.of(a), a.cloneId(), a.describe(), false)).toList(), List.of(), List.of());
                return report(pipeline, plan.actions().isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE,
                        "dry run: nothing was changed; would be " + plan.summary(), true, start, events, Map.of(), forecast,
                        observer, null, Map.of());
            }
            RunContext run = new RunContext(pipeline, observer.get(), start.plus(pipeline.waitTimeout()),
                    () -> Backoff.standard(random), events);
            ActionRunner runner = new ActionRunner(rds, dns, readiness, clock, sleeper, run);
            for (Action action : plan.actions()) {
                Outcome result = runner.run(action);
                if (result instanceof Outcome.Done done) {
                    events.add(new PassReport.Event(action.step(), action.cloneId(), done.event(), action));
                    observer.get().done(action);
                } else {
                    String why = result instanceof Outcome.Failed f ? f.why() : ((Outcome.NotYet) result).why();
                    return report(pipeline, PassReport.Outcome.FAILED, action.describe() + ": " + why, false, start, events,
                            Map.of(), null, observer, null, Map.of());
                }
            }
            return report(pipeline, plan.actions().isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE,
                    plan.summary(), false, start, events, Map.of(), null, observer, null, Map.of());
        } catch (ConfigurationException e) {
            return report(pipeline, PassReport.Outcome.INVALID, e.getMessage(), dryRun, start, events, Map.of(), null,
                    observer, null, Map.of());
        } catch (PortException e) {
            return report(pipeline, PassReport.Outcome.FAILED, e.getMessage(), dryRun, start, events, Map.of(), null,
                    observer, null, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(pipeline, PassReport.Outcome.FAILED, "interrupted", dryRun, start, events, Map.of(), null,
                    observer, null, Map.of());
        }
    }

    private static PassReport.Outcome forecastOutcome(Forecast forecast) {
        return forecast.blockers().isEmpty()
                ? (forecast.entries().isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE)
                : PassReport.Outcome.FAILED;
    }

    private static String forecastMessage(Forecast forecast) {
        return forecast.blockers().isEmpty()
                ? "dry run: nothing was changed" + (forecast.held().isEmpty() ? "" : "; would leave " + String.join("; ", forecast.held()))
                : String.join("; ", forecast.blockers());
    }

    private PassReport report(Pipeline pipeline, PassReport.Outcome outcome, String message, boolean dryRun, Instant start,
            List<PassReport.Event> events, Map<Step, Duration> durations, Forecast forecast, Optional<Observer> observer,
            Plan plan, Map<String, Integer> sessions) {
        return report(pipeline, outcome, message, dryRun, start, events, durations, forecast, observer, plan, sessions,
                AccountQuotas.unknown());
    }

    private PassReport report(Pipeline pipeline, PassReport.Outcome outcome, String message, boolean dryRun, Instant start,
            List<PassReport.Event> events, Map<Step, Duration> durations, Forecast forecast, Optional<Observer> observer,
            Plan plan, Map<String, Integer> sessions, AccountQuotas quotas) {
        return new PassReport(pipeline.name(), outcome, message, dryRun, start, Duration.between(start, clock.instant()),
                List.copyOf(events), Map.copyOf(durations), Optional.ofNullable(forecast), observer.flatMap(Observer::projected),
                plan == null ? List.of() : plan.kept(), plan == null ? Optional.empty() : plan.hold(), Map.copyOf(sessions),
                quotas);
    }
}
