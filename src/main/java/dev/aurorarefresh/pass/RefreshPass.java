package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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

    public RefreshPass(RdsPort rds, DnsPort dns, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
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
        Observation[] last = new Observation[1];
        Plan[] lastPlan = new Plan[1];
        Map<String, Integer> sessions = new java.util.LinkedHashMap<>();
        MDC.put("pipeline", pipeline.name());
        try {
            Observer observer = new Observer(rds, dns);
            String zoneId = observer.resolveZone(pipeline);
            Observation obs = observer.observe(pipeline, zoneId);
            last[0] = obs;
            Preflight.checkObservation(pipeline, obs);
            if (dryRun) {
                Forecast forecast = Forecast.of(pipeline, obs, clock.instant(), steps, readiness.checks());
                Plan now = Planner.plan(pipeline, obs, clock.instant(), steps);
                return report(pipeline, forecastOutcome(forecast), forecastMessage(forecast), true, start, events,
                        durations, forecast, last[0], now);
            }
            Instant deadline = start.plus(pipeline.waitTimeout());
            ActionRunner runner = new ActionRunner(rds, dns, readiness, clock, sleeper,
                    () -> Backoff.standard(random), pipeline, zoneId, deadline);
            for (Step step : Step.values()) {
                if (!steps.contains(step)) {
                    continue;
                }
                MDC.put("step", step.label());
                Instant stepStart = clock.instant();
                try {
                    obs = runStep(step, pipeline, obs, observer, runner, zoneId, deadline, events, last, lastPlan, sessions);
                } finally {
                    durations.put(step, Duration.between(stepStart, clock.instant()));
                    MDC.remove("step");
                }
            }
            PassReport.Outcome outcome = events.isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE;
            return report(pipeline, outcome, events.isEmpty() ? "nothing to do" : "pass complete",
                    false, start, events, durations, null, last[0], lastPlan[0], sessions);
        } catch (ConfigurationException e) {
            return report(pipeline, PassReport.Outcome.INVALID, e.getMessage(), dryRun, start, events, durations, null, last[0], lastPlan[0]);
        } catch (StepFailedException e) {
            LOG.errorf("%s step failed: %s", e.step().label(), e.getMessage());
            return report(pipeline, PassReport.Outcome.FAILED, e.step().label() + " failed: " + e.getMessage(),
                    dryRun, start, events, durations, null, last[0], lastPlan[0], sessions);
        } catch (PortException e) {
            LOG.errorf("AWS call failed: %s", e.getMessage());
            return report(pipeline, PassReport.Outcome.FAILED, e.getMessage(), dryRun, start, events, durations, null, last[0], lastPlan[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(pipeline, PassReport.Outcome.FAILED, "interrupted", dryRun, start, events, durations, null, last[0], lastPlan[0]);
        } finally {
            MDC.remove("pipeline");
        }
    }

    /**
     * An operator's command (hold, release, rollback): observe, let {@code decide} choose the
     * actions, carry them out with the pass's own runner. A refusal changes nothing and fails.
     */
    public PassReport operate(Pipeline pipeline, Function<Observation, OperatorPlans.OperatorPlan> decide, boolean dryRun) {
        Instant start = clock.instant();
        List<PassReport.Event> events = new ArrayList<>();
        Observation obs = null;
        try {
            Observer observer = new Observer(rds, dns);
            String zoneId = observer.resolveZone(pipeline);
            obs = observer.observe(pipeline, zoneId);
            Preflight.checkObservation(pipeline, obs);
            OperatorPlans.OperatorPlan plan = decide.apply(obs);
            if (plan.refusal().isPresent()) {
                return report(pipeline, PassReport.Outcome.FAILED, plan.refusal().get(), dryRun, start, events, Map.of(),
                        null, obs, null);
            }
            if (dryRun) {
                Forecast forecast = new Forecast(plan.actions().stream().map(a -> new Forecast.Entry(a.step(),
                        Optional.of(a), a.cloneId(), a.describe(), false)).toList(), List.of(), List.of());
                return report(pipeline, plan.actions().isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE,
                        "dry run: nothing was changed; would be " + plan.summary(), true, start, events, Map.of(), forecast, obs, null);
            }
            ActionRunner runner = new ActionRunner(rds, dns, readiness, clock, sleeper, () -> Backoff.standard(random),
                    pipeline, zoneId, start.plus(pipeline.waitTimeout()));
            for (Action action : plan.actions()) {
                if (runner.run(action) instanceof ActionRunner.Result.Done done) {
                    events.add(new PassReport.Event(action.step(), action.cloneId(), done.event(), action));
                }
            }
            return report(pipeline, plan.actions().isEmpty() ? PassReport.Outcome.NOTHING_TO_DO : PassReport.Outcome.DONE,
                    plan.summary(), false, start, events, Map.of(), null, obs, null);
        } catch (ConfigurationException e) {
            return report(pipeline, PassReport.Outcome.INVALID, e.getMessage(), dryRun, start, events, Map.of(), null, obs, null);
        } catch (StepFailedException | PortException e) {
            return report(pipeline, PassReport.Outcome.FAILED, e.getMessage(), dryRun, start, events, Map.of(), null, obs, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(pipeline, PassReport.Outcome.FAILED, "interrupted", dryRun, start, events, Map.of(), null, obs, null);
        }
    }

    private Observation runStep(Step step, Pipeline pipeline, Observation obs, Observer observer, ActionRunner runner,
            String zoneId, Instant deadline, List<PassReport.Event> events, Observation[] last, Plan[] lastPlan,
            Map<String, Integer> sessions) throws InterruptedException {
        Backoff backoff = Backoff.standard(random);
        List<Action> previous = List.of();
        boolean previousAllDone = false;
        int repeats = 0;
        while (true) {
            Plan plan = Planner.plan(pipeline, obs, clock.instant(), Set.of(step));
            lastPlan[0] = plan;
            if (!plan.blockers().isEmpty()) {
                throw new StepFailedException(step, String.join("; ", plan.blockers()));
            }
            if (step == Step.CLEAN) {
                countSessions(plan, obs, sessions);
            }
            if (plan.isSettled()) {
                if (!plan.held().isEmpty()) {
                    throw new StepFailedException(step, String.join("; ", plan.held()));
                }
                return obs;
            }
            // only actions that all reported done count: an action that answered "not yet" (e.g. a
            // readiness probe) is waiting, not stuck, and a pending-only plan is waiting for AWS
            repeats = !plan.actions().isEmpty() && plan.actions().equals(previous) && previousAllDone ? repeats + 1 : 0;
            if (repeats >= MAX_REPEATS) {
                throw new StepFailedException(step, "AWS still does not show the effect of: "
                        + plan.actions().stream().map(Action::describe).toList());
            }
            previous = plan.actions();
            List<String> notYet = new ArrayList<>();
            previousAllDone = true;
            for (Action action : plan.actions()) {
                String clone = action.cloneId();
                MDC.put("clone", clone);
                try {
                    ActionRunner.Result result = runner.run(action);
                    if (result instanceof ActionRunner.Result.Done done) {
                        LOG.infof("%s: %s", clone, done.event());
                        events.add(new PassReport.Event(step, clone, done.event(), action));
                    } else {
                        notYet.add(clone + ": " + ((ActionRunner.Result.NotYet) result).reason());
                        previousAllDone = false;
                    }
                } catch (NotFoundException e) {
                    notYet.add(clone + ": " + e.getMessage() + " (eventual consistency: observing again)");
                    previousAllDone = false;
                } catch (PortException e) {
                    throw new StepFailedException(step, action.describe() + ": " + e.getMessage(), e);
                } finally {
                    MDC.remove("clone");
                }
            }
            // actions that all went through are looked at at once: what is pending may be what they just did
            boolean progressed = previousAllDone && !plan.actions().isEmpty() && repeats == 0;
            plan.pending().forEach(p -> notYet.add(p.cloneId() + ": " + p.reason()));
            if (!progressed) {
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    throw new StepFailedException(step, "timed out after " + Durations.format(pipeline.waitTimeout())
                            + " (--wait-timeout) waiting for " + String.join("; ", notYet)
                            + "; the next run picks it up where this one stopped");
                }
                Duration delay = backoff.next();
                Duration left = Duration.between(now, deadline);
                LOG.infof("waiting %s (elapsed %s): %s", Durations.format(delay.compareTo(left) > 0 ? left : delay),
                        Durations.format(Duration.between(deadline.minus(pipeline.waitTimeout()), now)),
                        notYet.isEmpty() ? "AWS has not reflected the last change yet" : String.join("; ", notYet));
                sleeper.sleep(delay.compareTo(left) > 0 ? left : delay);
            }
            obs = observeAgain(step, pipeline, observer, zoneId, deadline, backoff);
            last[0] = obs;
        }
    }

    /**
     * Sessions still open on each replaced clone clean deletes or keeps, counted once a pass before
     * the first delete: what the grace period is for (empty without database credentials).
     */
    private void countSessions(Plan plan, Observation obs, Map<String, Integer> sessions) {
        java.util.Set<String> clones = new java.util.LinkedHashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.DeleteInstance || a instanceof Action.DeleteCluster)
                .forEach(a -> clones.add(a.cloneId()));
        plan.kept().forEach(k -> clones.add(k.cloneId()));
        for (String id : clones) {
            if (sessions.containsKey(id)) {
                continue;
            }
            obs.clusters().stream().filter(c -> c.id().equals(id) && AwsStatus.isAvailable(c.status())).findFirst()
                    .flatMap(c -> {
                        java.util.OptionalInt n = readiness.openSessions(c);
                        return n.isPresent() ? Optional.of(n.getAsInt()) : Optional.empty();
                    })
                    .ifPresent(n -> sessions.put(id, n));
        }
    }

    /**
     * Observes again during a step. A read that fails even after the SDK's retries (throttling,
     * a 5xx burst) is retried here a few times within the deadline: losing one poll must not
     * lose a 20-minute clone.
     */
    private Observation observeAgain(Step step, Pipeline pipeline, Observer observer, String zoneId, Instant deadline,
            Backoff backoff) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return observer.observe(pipeline, zoneId);
            } catch (PortException e) {
                if (failures >= MAX_OBSERVE_FAILURES || !clock.instant().isBefore(deadline)) {
                    throw new StepFailedException(step, "cannot observe the pipeline: " + e.getMessage(), e);
                }
                Duration delay = backoff.next();
                LOG.warnf("observe failed (%d of %d), retrying in %s: %s", failures, MAX_OBSERVE_FAILURES,
                        Durations.format(delay), e.getMessage());
                sleeper.sleep(delay);
            }
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
            List<PassReport.Event> events, Map<Step, Duration> durations, Forecast forecast, Observation last, Plan plan) {
        return report(pipeline, outcome, message, dryRun, start, events, durations, forecast, last, plan, Map.of());
    }

    private PassReport report(Pipeline pipeline, PassReport.Outcome outcome, String message, boolean dryRun, Instant start,
            List<PassReport.Event> events, Map<Step, Duration> durations, Forecast forecast, Observation last, Plan plan,
            Map<String, Integer> sessions) {
        return new PassReport(pipeline.name(), outcome, message, dryRun, start, Duration.between(start, clock.instant()),
                List.copyOf(events), Map.copyOf(durations), Optional.ofNullable(forecast), Optional.ofNullable(last),
                plan == null ? List.of() : plan.kept(), plan == null ? Optional.empty() : plan.hold(), Map.copyOf(sessions));
    }
}
