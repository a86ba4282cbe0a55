package dev.aurorarefresh.core;

import dev.aurorarefresh.core.CloneLifecycle.Transition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code hold}, {@code release} and {@code rollback} do, decided from an observation like the
 * planner's: pure, so their dry runs and their runs are the same list. They use the pass's own
 * actions (record switch, lifecycle tags), so every one is safe to repeat.
 */
public final class OperatorPlans {

    /** The actions, or why there is nothing to do (then nothing is changed and the command exits non-zero). */
    public record OperatorPlan(List<Action> actions, Optional<String> refusal, String summary) {
        static OperatorPlan refused(String why) {
            return new OperatorPlan(List.of(), Optional.of(why), why);
        }
    }

    private OperatorPlans() {
    }

    /** Hold the pipeline on the clone the record points at; a hold already there keeps its start, takes the new reason. */
    public static OperatorPlan hold(Pipeline pipeline, Observation obs, Instant now, String reason) {
        Optional<ClusterView> current = current(pipeline, obs);
        if (current.isEmpty()) {
            return OperatorPlan.refused("nothing to hold: record " + pipeline.record().writerRecord()
                    + " does not point at a clone of pipeline " + pipeline.name());
        }
        ClusterView c = current.get();
        Instant since = Hold.on(c).map(Hold::since).orElse(now.truncatedTo(ChronoUnit.SECONDS));
        Map<String, String> tags = Map.of(Tags.HELD_SINCE, since.toString(), Tags.HOLD_REASON, reason);
        return new OperatorPlan(List.of(mark(Transition.HELD, c, obs, now, "held: " + reason, tags)), Optional.empty(),
                "held since " + since + " : " + reason + " (on " + c.id() + ")");
    }

    /** Lift every hold of the pipeline (blank tags: AddTagsToResource is all the policy grants). */
    public static OperatorPlan release(Pipeline pipeline, Observation obs) {
        List<Action> actions = new ArrayList<>();
        for (ClusterView c : Planner.ownedClones(pipeline, obs)) {
            if (Hold.on(c).isPresent()) {
                actions.add(mark(Transition.RELEASED, c, obs, Instant.EPOCH /* it writes no time */, "hold released", Map.of()));
            }
        }
        return new OperatorPlan(actions, Optional.empty(), actions.isEmpty() ? "not held: nothing to release" : "released");
    }

    /**
     * Point the record(s) back at the newest retained aborted clone still available (or {@code to}),
     * tag it connected and rolled back to, and the current one aborted. The rolled-back-at tag
     * stops a later pass in the same period from cloning and switching again.
     */
    public static OperatorPlan rollback(Pipeline pipeline, Observation obs, Instant now, Optional<String> to) {
        Optional<ClusterView> current = current(pipeline, obs);
        List<ClusterView> candidates = Planner.ownedClones(pipeline, obs).stream()
                .filter(c -> current.map(cur -> !cur.id().equals(c.id())).orElse(true))
                .filter(c -> AwsStatus.isAvailable(c.status()))
                .filter(c -> c.lifecycle().filter(l -> l == Lifecycle.ABORTED || l == Lifecycle.READY).isPresent())
                .toList();
        Optional<ClusterView> target = to.isPresent()
                ? candidates.stream().filter(c -> c.id().equalsIgnoreCase(to.get())).findFirst()
                : candidates.stream().filter(c -> c.lifecycle().orElseThrow() == Lifecycle.ABORTED).findFirst();
        if (target.isEmpty()) {
            return OperatorPlan.refused(to.map(t -> "cannot roll back to " + t + ": it is not an available aborted or ready clone of pipeline "
                    + pipeline.name() + " (see 'aurora-refresh status')")
                    .orElse("nothing to roll back to: no retained aborted clone of pipeline " + pipeline.name()
                            + " is available (keep them with --keep-replaced-for or --retain)"));
        }
        ClusterView back = target.get();
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.SwitchRecord(back.id(), back.endpoint(), pipeline.record().readerRecord().map(r -> back.readerEndpoint())));
        Map<String, String> backTags = new LinkedHashMap<>();
        current.flatMap(Hold::on).ifPresent(h -> { // a hold follows the record
            backTags.put(Tags.HELD_SINCE, h.since().toString());
            backTags.put(Tags.HOLD_REASON, h.reason());
        });
        actions.add(CloneLifecycle.record(Transition.ROLLED_BACK_TO, back, back.lifecycle().orElseThrow(), obs, now,
                "rolled back to" + current.map(c -> " from " + c.id()).orElse(""), backTags));
        current.ifPresent(c -> {
            Map<String, String> tags = new LinkedHashMap<>();
            if (Hold.on(c).isPresent()) {
                tags.put(Tags.HELD_SINCE, "");
                tags.put(Tags.HOLD_REASON, "");
            }
            actions.add(mark(Transition.ROLLED_BACK_FROM, c, obs, now, "rolled back from, to " + back.id(), tags));
        });
        return new OperatorPlan(actions, Optional.empty(), "rolled back to " + back.id() + current.map(c -> " from " + c.id()).orElse(""));
    }

    /** The clone the writer record points at. */
    private static Optional<ClusterView> current(Pipeline pipeline, Observation obs) {
        return Planner.ownedClones(pipeline, obs).stream().filter(c -> obs.writerRecord().pointsAt(c.endpoint())).findFirst();
    }

    /** A transition of the record's clone, whose lifecycle tag may be unreadable (then it is taken as connected). */
    private static Action mark(Transition t, ClusterView c, Observation obs, Instant now, String reason, Map<String, String> tags) {
        return CloneLifecycle.record(t, c, c.lifecycle().orElse(Lifecycle.CONNECTED), obs, now, reason, tags);
    }
}
