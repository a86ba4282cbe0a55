package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole pass a dry run forecasts, in order: the planner run step by step as the real pass
 * runs it, with each planned action's expected effect applied to the observation
 * ({@link ExpectedWorld}) and, where the plan only waits, AWS assumed to have finished. So the
 * forecast is the planner's own answer, never a second description of what a pass does.
 *
 * @param entries what the pass would do, in order
 * @param blockers why the pass would stop (empty if it would complete)
 * @param leftStopped clones clean would have to leave as they are (stopped)
 */
public record Forecast(List<Entry> entries, List<String> blockers, List<String> leftStopped) {
    /** Rounds of plan-and-apply within one step before the simulation stops (a pass settles in a few). */
    private static final int MAX_ROUNDS = 12;

    /**
     * One line of the forecast.
     *
     * @param action the planned action, or empty for a wait for AWS
     * @param afterAws true once the forecast had to assume that AWS finished what was asked
     */
    public record Entry(Step step, Optional<Action> action, String cloneId, String text, boolean afterAws) {
        public String phase() {
            return afterAws ? "once AWS has finished" : "now";
        }
    }

    /**
     * @param readinessChecks what the wait step checks before tagging a clone ready, in order
     *     (probes, each post-clone SQL file), as the summary names them
     */
    public static Forecast of(Pipeline pipeline, Observation obs, Instant now, Set<Step> steps, List<String> readinessChecks,
            Optional<PostCloneSql> hooks) {
        ExpectedWorld world = new ExpectedWorld(obs);
        List<Entry> entries = new ArrayList<>();
        boolean afterAws = false;
        for (Step step : Step.values()) {
            if (!steps.contains(step)) {
                continue;
            }
            List<Action> previous = List.of();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Plan plan = Planner.plan(pipeline, world.observation(), now, Set.of(step), hooks);
                if (!plan.blockers().isEmpty()) {
                    return new Forecast(List.copyOf(entries), plan.blockers(), List.of());
                }
                if (plan.isSettled()) {
                    if (!plan.leftStopped().isEmpty()) {
                        return new Forecast(List.copyOf(entries), List.of(), plan.leftStopped());
                    }
                    break;
                }
                if (!plan.actions().isEmpty() && plan.actions().equals(previous)) {
                    break; // an effect the simulation does not model: the real pass would find out
                }
                previous = plan.actions();
                for (Action a : plan.actions()) {
                    entries.add(new Entry(step, Optional.of(a), a.cloneId(), describe(a, world, readinessChecks), afterAws));
                    world.apply(a);
                }
                if (plan.actions().isEmpty()) {
                    for (Plan.Pending p : plan.pending()) {
                        entries.add(new Entry(step, Optional.empty(), p.cloneId(), "wait for AWS: " + p.reason(), afterAws));
                    }
                    afterAws = true;
                    world.awsFinished();
                }
            }
        }
        return new Forecast(List.copyOf(entries), List.of(), List.of());
    }

    /** The planned actions alone, in order. */
    public List<Action> actions() {
        return entries.stream().flatMap(e -> e.action().stream()).toList();
    }

    private static String describe(Action a, ExpectedWorld world, List<String> readinessChecks) {
        if (a instanceof Action.SwitchRecord s) {
            Observation o = world.observation();
            String from = o.writerRecord().value().map(v -> world.cloneAt(v).map(c -> c + " (" + v + ")").orElse(v))
                    .orElse("nothing (the record does not exist)");
            return "point record " + o.writerRecord().name() + " from " + from + " to " + s.cloneId()
                    + " (" + s.writerEndpoint() + ")"
                    + s.readerEndpoint().map(r -> ", reader record to " + r).orElse("");
        }
        if (a instanceof Action.PromoteReady && !readinessChecks.isEmpty()) {
            return a.describe() + " after " + String.join(", ", readinessChecks);
        }
        return a.describe();
    }
}
