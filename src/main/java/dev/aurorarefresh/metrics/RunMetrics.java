package dev.aurorarefresh.metrics;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.CloneShape;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.core.Headroom;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.pass.PassReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run tells Prometheus: the report of the pass (and the AWS calls it made) as meters on
 * a Micrometer registry. No I/O: the caller pushes the registry. Micrometer's Prometheus naming
 * turns {@code aurora.refresh.last.run.timestamp} with base unit seconds into
 * {@code aurora_refresh_last_run_timestamp_seconds}, and a counter into {@code ..._total}.
 */
public final class RunMetrics {
    private static final String PREFIX = "aurora.refresh.";
    private static final String SECONDS = "seconds";

    private RunMetrics() {
    }

    /**
     * @param previousSuccess the last successful run before this one, kept when this run did not
     *                        succeed (the Pushgateway group is replaced on every push)
     * @param schedule        the job's schedule, if it was told: the run then says when the next one is due
     */
    public static void register(MeterRegistry registry, Pipeline pipeline, PassReport report,
            Map<AwsCallRecorder.Call, Long> calls, Optional<Instant> previousSuccess, Optional<CronSchedule> schedule) {
        Instant end = report.startedAt().plus(report.elapsed());
        gauge(registry, "last.run.timestamp", SECONDS, "When the last run ended (Unix time).", seconds(end));
        // from the run's start: a run that outlasts its slot does not skip the next one
        schedule.flatMap(s -> s.nextAfter(report.startedAt())).ifPresent(t -> gauge(registry, "next.run.timestamp",
                SECONDS, "When the next scheduled run is due (Unix time), from --schedule.", seconds(t)));
        gauge(registry, "run.duration", SECONDS, "How long the last run took.", seconds(report.elapsed()));
        Optional<Instant> lastSuccess = lastSuccess(report, end, previousSuccess);
        lastSuccess.ifPresent(t -> gauge(registry, "last.success.timestamp", SECONDS,
                "When the last successful run (done or nothing to do) ended (Unix time).", seconds(t)));
        // the first scheduled run after the last success: the alerts expect a success by then
        lastSuccess.flatMap(t -> schedule.flatMap(s -> s.nextAfter(t))).ifPresent(t -> gauge(registry,
                "success.due.timestamp", SECONDS,
                "When the next successful run is due (Unix time): the first scheduled run after the last success.",
                seconds(t)));
        for (PassReport.Outcome outcome : PassReport.Outcome.values()) {
            Gauge.builder(PREFIX + "run.result", () -> outcome == report.outcome() ? 1 : 0)
                    .description("1 on the outcome of the last run: done, nothing_to_do, failed or invalid.")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
        }
        report.stepDurations().forEach((step, d) -> Gauge.builder(PREFIX + "step.duration", () -> seconds(d))
                .description("How long each step of the last run took.").baseUnit(SECONDS)
                .tag("step", step.label()).strongReference(true).register(registry));
        report.lastObservation().ifPresent(obs -> clones(registry, pipeline, obs, end));
        if (report.lastObservation().isPresent()) { // unobserved: held or not is unknown
            gauge(registry, "held", null, "1 while the pipeline is held ('aurora-refresh hold'): runs clone and switch nothing.",
                    report.hold().isPresent() ? 1 : 0);
        }
        headroom(registry, report);
        report.hold().ifPresent(h -> gauge(registry, "held.since.timestamp", SECONDS,
                "When the hold on the pipeline was placed (Unix time).", seconds(h.since())));
        calls.forEach((call, count) -> FunctionCounter.builder(PREFIX + "aws.requests", count, Long::doubleValue)
                .description("AWS API calls the last run made, after the SDK's retries.")
                .tags("service", call.service(), "operation", call.operation(), "outcome", call.outcome())
                .register(registry));
    }

    /**
     * What is left of the account's quotas, where the run read them (before its clone step created
     * anything), and of the source's copy-on-write clones, as last observed: alert before a run fails on them.
     */
    private static void headroom(MeterRegistry registry, PassReport report) {
        report.quotas().byName().values().forEach(q -> Gauge.builder(PREFIX + "quota.headroom", q::headroom)
                .description("What is left of the account's RDS quota (DBClusters, DBInstances, ManualClusterSnapshots):"
                        + " max - used, as DescribeAccountAttributes said when the run last created a clone.")
                .tag("quota", q.name()).strongReference(true).register(registry));
        report.lastObservation().filter(o -> o.source().cloneGroupId().isPresent()).ifPresent(obs -> gauge(registry,
                "copy.on.write.headroom", null, "Copy-on-write clones the source can still have (AWS makes "
                        + Headroom.COPY_ON_WRITE_CLONES + "; past them a restore is a full copy), as last observed.",
                Headroom.COPY_ON_WRITE_CLONES - Headroom.copyOnWriteClones(obs)));
    }

    /** A run succeeded when it completed (or found nothing to do) for real, not as a dry run. */
    public static boolean succeeded(PassReport report) {
        return !report.dryRun() && report.exitCode() == 0;
    }

    static Optional<Instant> lastSuccess(PassReport report, Instant end, Optional<Instant> previous) {
        if (report.dryRun()) {
            return Optional.empty(); // a dry run refreshes nothing: its group carries no success
        }
        return succeeded(report) ? Optional.of(end) : previous;
    }

    private static void clones(MeterRegistry registry, Pipeline pipeline, Observation obs, Instant now) {
        Map<String, Integer> byLifecycle = new LinkedHashMap<>();
        for (Lifecycle l : Lifecycle.values()) {
            byLifecycle.put(l.tagValue(), 0);
        }
        Optional<ClusterView> connected = Optional.empty();
        for (ClusterView c : Planner.ownedClones(pipeline, obs)) {
            if (AwsStatus.isDeleting(c.status())) {
                continue; // on its way out: not piling up
            }
            byLifecycle.merge(c.lifecycle().map(Lifecycle::tagValue).orElse("unknown"), 1, Integer::sum);
            shape(registry, c, CloneShape.of(c, obs.instancesOf(c.id())));
            if (connected.isEmpty() && obs.writerRecord().pointsAt(c.endpoint())) {
                connected = Optional.of(c);
            }
        }
        byLifecycle.forEach((lifecycle, n) -> Gauge.builder(PREFIX + "clones", () -> n)
                .description("The pipeline's clones (not being deleted) by lifecycle tag, as last observed.")
                .tag("lifecycle", lifecycle).strongReference(true).register(registry));
        connected.ifPresent(c -> gauge(registry, "connected.clone.age", SECONDS,
                "Age of the clone the record points at: how stale the data behind the record is.",
                seconds(Duration.between(c.createdAt(), now))));
    }

    /** Each clone's class and Serverless v2 range: what it costs by the hour, for dashboards next to the bill. */
    private static void shape(MeterRegistry registry, ClusterView c, CloneShape shape) {
        Gauge.builder(PREFIX + "clone.info", () -> 1)
                .description("1 per clone (not being deleted), labelled with its instance class and capacity range.")
                .tags("clone", c.id(), "instance_class", shape.instanceClass(), "capacity", shape.capacity())
                .strongReference(true).register(registry);
        shape.serverlessV2().ifPresent(s -> {
            Gauge.builder(PREFIX + "clone.capacity.min", s::minCapacity)
                    .description("A Serverless v2 clone's minimum capacity in ACUs (0: it pauses when idle).")
                    .baseUnit("acu").tag("clone", c.id()).strongReference(true).register(registry);
            Gauge.builder(PREFIX + "clone.capacity.max", s::maxCapacity)
                    .description("A Serverless v2 clone's maximum capacity in ACUs.")
                    .baseUnit("acu").tag("clone", c.id()).strongReference(true).register(registry);
        });
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String help, double value) {
        Gauge.builder(PREFIX + name, () -> value).description(help).baseUnit(unit).strongReference(true)
                .register(registry);
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
