package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Attempt;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.PostCloneSql;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.PostCloneSqlRunner;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One step of a run: plan on the latest observation, act, observe again, until the plan is
 * settled. The actions of one clone run in their planned order: once one is not done, the clone's
 * later actions wait for the next poll (the ready tag never goes before its post-clone SQL).
 *
 * <p>One observation serves every decision until AWS has to be looked at again: a step whose
 * actions were all done with nothing left pending ends without observing; the next steps plan on
 * the same observation with those actions' effects applied ({@link #carried}: the steps of the
 * actions done since the last look), and the next observation shows them.
 *
 * <p>Where a step fails: {@link #decide} (a blocker, AWS not reflecting what was done, a clone
 * clean must leave), {@link #actOn} (an action that failed), {@link #sleepUntilNextLook} (the
 * deadline) and {@link #observeAgain} (AWS cannot be read).
 */
final class StepRun {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");
    /** Identical plans in a row (every action reported done) before the pass gives up on AWS reflecting them. */
    private static final int MAX_REPEATS = 4;
    /** Failed observations in a row, within one step, before the step fails. */
    private static final int MAX_OBSERVE_FAILURES = 5;

    /** What a step came to, and what the report shows of it: its last plan, the sessions counted on the clones clean deletes or keeps. */
    record Result(Attempt outcome, Optional<Plan> lastPlan, Map<String, Integer> openSessions) {
    }

    /** What one round of acting left: the clones whose actions answered "not yet", and why. */
    private static final class Waits {
        final List<String> notYet = new ArrayList<>();
        final Set<String> clones = new HashSet<>();
        Optional<Duration> lookAgainIn = Optional.empty();

        void add(String clone, Attempt.NotYet n) {
            notYet.add(clone + ": " + n.why());
            clones.add(clone);
            lookAgainIn = earliest(lookAgainIn, n.lookAgainIn());
        }
    }

    private final Step step;
    private final RunContext run;
    private final ActionRunner runner;
    private final ReadinessCheck readiness;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final Map<String, Integer> sessions = new LinkedHashMap<>();
    private Optional<Plan> lastPlan = Optional.empty();
    /** An earlier step of the run failed: this one looks in full first, and does not wait (clean still does). */
    private final boolean afterFailure;
    private List<Action> previous = List.of();
    private boolean previousAllDone;
    private int repeats;

    StepRun(Step step, RunContext run, ActionRunner runner, ReadinessCheck readiness, Clock clock, Sleeper sleeper) {
        this(step, run, runner, readiness, clock, sleeper, false);
    }

    StepRun(Step step, RunContext run, ActionRunner runner, ReadinessCheck readiness, Clock clock, Sleeper sleeper,
            boolean afterFailure) {
        this.afterFailure = afterFailure;
        this.step = step;
        this.run = run;
        this.runner = runner;
        this.readiness = readiness;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = run.backoffs().get();
    }

    static Optional<PostCloneSql> hooks(ReadinessCheck readiness) {
        return readiness.postCloneSql().map(PostCloneSqlRunner::hooks);
    }

    Result run() throws InterruptedException {
        Optional<Attempt> unobserved = lookInFullBeforeDeciding();
        Attempt outcome = unobserved.isPresent() ? unobserved.get() : untilSettled();
        return new Result(outcome, lastPlan, sessions);
    }

    /**
     * Polls while waiting read only what was waited on: the record and every clone are looked at
     * again before a decision on the record or a delete.
     */
    private Optional<Attempt> lookInFullBeforeDeciding() throws InterruptedException {
        // after a failed step, what it did (a clone tagged failed) is seen before this one decides
        if (afterFailure || (step == Step.CONNECT || step == Step.CLEAN) && run.observer().partSinceFull()) {
            return failed(observeAgain(Look.FULL));
        }
        return Optional.empty();
    }

    private Attempt untilSettled() throws InterruptedException {
        while (true) {
            Set<Step> carried = carried();
            // what an earlier step just did (not observed yet) may be what this step waits for: look at once
            boolean earlierJustActed = !carried.isEmpty();
            Observation obs = run.observer().latest().orElseThrow();
            Plan plan = Planner.planStep(run.pipeline(), obs, clock.instant(), step, carried, hooks(readiness));
            lastPlan = Optional.of(plan);
            Optional<Attempt> decided = decide(plan, obs);
            if (decided.isPresent()) {
                return decided.get();
            }
            Waits waits = new Waits();
            Optional<Attempt> failed = actOn(plan, waits);
            if (failed.isPresent()) {
                return failed.get();
            }
            previousAllDone = waits.clones.isEmpty();
            if (previousAllDone && plan.pending().isEmpty()) {
                return heldOr(plan, "acted");
            }
            // actions that all went through are looked at at once: what is pending may be what they just did
            boolean progressed = previousAllDone && !plan.actions().isEmpty() && repeats == 0 || earlierJustActed;
            if (!progressed && afterFailure && step != Step.CLEAN) {
                // after a failed step the pass does what it can at once and goes on to clean; the next run waits
                LOG.infof("not waiting (an earlier step failed): %s", String.join("; ", waits.notYet));
                return new Attempt.Done("not waited for");
            }
            Optional<Attempt> timedOut = progressed ? Optional.empty() : sleepUntilNextLook(plan, waits);
            if (timedOut.isPresent()) {
                return timedOut.get();
            }
            Optional<Attempt> unobserved = failed(observeAgain(Look.after(plan, run.observer().doneSince(), waits.clones, obs)));
            if (unobserved.isPresent()) {
                return unobserved.get();
            }
        }
    }

    /** The earlier steps whose actions AWS has not been looked at since: the planner replays them first. */
    private Set<Step> carried() {
        return run.observer().doneSince().stream().map(Action::step)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class)));
    }

    /** What the plan settles before anything is done: a blocker, the step done, AWS not reflecting what was done. */
    private Optional<Attempt> decide(Plan plan, Observation obs) {
        if (!plan.blockers().isEmpty()) {
            return Optional.of(new Attempt.Failed(String.join("; ", plan.blockers())));
        }
        if (step == Step.CLEAN) {
            countSessions(plan, obs);
        }
        if (plan.isSettled()) {
            return Optional.of(heldOr(plan, "settled"));
        }
        // only actions that all reported done count: an action that answered "not yet" (e.g. a
        // readiness probe) is waiting, not stuck, and a pending-only plan is waiting for AWS
        repeats = !plan.actions().isEmpty() && plan.actions().equals(previous) && previousAllDone ? repeats + 1 : 0;
        if (repeats >= MAX_REPEATS) {
            return Optional.of(new Attempt.Failed("AWS still does not show the effect of: "
                    + plan.actions().stream().map(Action::describe).toList()));
        }
        previous = plan.actions();
        return Optional.empty();
    }

    /** Done, unless the plan leaves a clone clean cannot delete (a stopped one): then the step fails saying so. */
    private static Attempt heldOr(Plan plan, String done) {
        return plan.leftStopped().isEmpty() ? new Attempt.Done(done) : new Attempt.Failed(String.join("; ", plan.leftStopped()));
    }

    /** Carries out the plan's actions, a clone's later actions skipped once one of its is not done; a failure ends the step. */
    private Optional<Attempt> actOn(Plan plan, Waits waits) throws InterruptedException {
        for (Action action : plan.actions()) {
            if (waits.clones.contains(action.cloneId())) {
                continue;
            }
            Attempt result = carryOut(action);
            if (result instanceof Attempt.NotYet n) {
                waits.add(action.cloneId(), n);
            } else if (result instanceof Attempt.Failed) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    private Attempt carryOut(Action action) throws InterruptedException {
        String clone = action.cloneId();
        MDC.put("clone", clone);
        try {
            Attempt result = runner.run(action);
            if (result instanceof Attempt.Done done) {
                LOG.infof("%s: %s", clone, done.event());
                run.events().add(new PassReport.Event(step, clone, done.event(), action));
                run.observer().done(action);
            }
            return result;
        } finally {
            MDC.remove("clone");
        }
    }

    /** Sleeps until the next look (the backoff's, or sooner if an action said when), or fails at the deadline. */
    private Optional<Attempt> sleepUntilNextLook(Plan plan, Waits waits) throws InterruptedException {
        List<String> notYet = new ArrayList<>(waits.notYet);
        plan.pending().forEach(p -> notYet.add(p.cloneId() + ": " + p.reason()));
        Instant now = clock.instant();
        if (!now.isBefore(run.deadline())) {
            return Optional.of(new Attempt.Failed("timed out after " + Durations.format(run.pipeline().waitTimeout())
                    + " (--wait-timeout) waiting for " + String.join("; ", notYet)
                    + "; the next run picks it up where this one stopped"));
        }
        Duration delay = earliest(Optional.of(backoff.next()), waits.lookAgainIn).orElseThrow();
        Duration left = Duration.between(now, run.deadline());
        Duration sleep = delay.compareTo(left) > 0 ? left : delay;
        LOG.infof("waiting %s (elapsed %s): %s", Durations.format(sleep),
                Durations.format(Duration.between(run.deadline().minus(run.pipeline().waitTimeout()), now)),
                notYet.isEmpty() ? "AWS has not reflected the last change yet" : String.join("; ", notYet));
        sleeper.sleep(sleep);
        return Optional.empty();
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }

    private static Optional<Attempt> failed(Attempt observed) {
        return observed instanceof Attempt.Failed ? Optional.of(observed) : Optional.empty();
    }

    /**
     * Observes again during a step. A read that fails even after the SDK's retries (throttling,
     * a 5xx burst) is retried here a few times within the deadline: losing one poll must not
     * lose a 20-minute clone.
     */
    private Attempt observeAgain(Look look) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                run.observer().observe(look);
                return new Attempt.Done("observed");
            } catch (PortException e) {
                if (failures >= MAX_OBSERVE_FAILURES || !clock.instant().isBefore(run.deadline())) {
                    return new Attempt.Failed("cannot observe the pipeline: " + e.getMessage());
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
    private void countSessions(Plan plan, Observation obs) {
        Set<String> clones = new LinkedHashSet<>();
        plan.actions().stream().filter(a -> a instanceof Action.DeleteInstance || a instanceof Action.DeleteCluster)
                .forEach(a -> clones.add(a.cloneId()));
        plan.inGrace().forEach(k -> clones.add(k.cloneId()));
        for (String id : clones) {
            if (sessions.containsKey(id)) {
                continue;
            }
            obs.clusters().stream().filter(c -> c.id().equals(id) && AwsStatus.isAvailable(c.status())).findFirst()
                    .ifPresent(c -> readiness.openSessions(c).ifPresent(n -> sessions.put(id, n)));
        }
    }
}
