package dev.aurorarefresh.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One mutating step the planner asks for. Every action is safe to repeat ("already done" is success). */
public sealed interface Action {

    Step step();

    /** The clone this action is about. */
    String cloneId();

    String describe();

    /** Restore the clone (copy-on-write, latest restorable time) with its ownership tags. */
    record CreateClone(CloneSpec spec) implements Action {
        public Step step() { return Step.CLONE; }
        public String cloneId() { return spec.cloneId(); }
        public String describe() { return "clone " + spec.sourceClusterId() + " -> " + spec.cloneId(); }
    }

    record CreateInstance(String instanceId, String cloneId, String engine, String instanceClass,
            Optional<String> dbParameterGroup, Map<String, String> tags, InstanceMonitoring monitoring) implements Action {
        public CreateInstance(String instanceId, String cloneId, String engine, String instanceClass,
                Optional<String> dbParameterGroup, Map<String, String> tags) {
            this(instanceId, cloneId, engine, instanceClass, dbParameterGroup, tags, InstanceMonitoring.NONE);
        }

        public Step step() { return Step.CLONE; }
        public String describe() { return "create instance " + instanceId + " (" + instanceClass + ") in " + cloneId; }
    }

    /** Probe the clone (readiness checks), then tag it ready. */
    record PromoteReady(String cloneId, String endpoint, List<String> resourceArns) implements Action {
        public Step step() { return Step.WAIT; }
        public String describe() { return "mark " + cloneId + " ready"; }
    }

    /** Set the lifecycle tag (and any tags that go with it, such as aborted-at) on the cluster and its instances. */
    record SetLifecycle(Step step, String cloneId, Lifecycle to, String reason, List<String> resourceArns,
            Map<String, String> extraTags) implements Action {
        public SetLifecycle(Step step, String cloneId, Lifecycle to, String reason, List<String> resourceArns) {
            this(step, cloneId, to, reason, resourceArns, Map.of());
        }

        public String describe() { return "tag " + cloneId + " " + to.tagValue() + " (" + reason + ")"; }
    }

    /** UPSERT the record (and reader record) to the clone's endpoints and wait for INSYNC. */
    record SwitchRecord(String cloneId, String writerEndpoint, Optional<String> readerEndpoint) implements Action {
        public Step step() { return Step.CONNECT; }
        public String describe() { return "point record at " + cloneId + " (" + writerEndpoint + ")"; }
    }

    record DisableDeletionProtection(String cloneId) implements Action {
        public Step step() { return Step.CLEAN; }
        public String describe() { return "turn off deletion protection on " + cloneId; }
    }

    record DeleteInstance(String instanceId, String cloneId) implements Action {
        public Step step() { return Step.CLEAN; }
        public String describe() { return "delete instance " + instanceId; }
    }

    /** Delete the cluster, taking the final snapshot of that name if one is given. */
    record DeleteCluster(String cloneId, Optional<String> finalSnapshotId) implements Action {
        public Step step() { return Step.CLEAN; }
        public String describe() {
            return "delete cluster " + cloneId + finalSnapshotId.map(s -> " (final snapshot " + s + ")").orElse("");
        }
    }
}
