package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.metrics.PushTarget;
import dev.aurorarefresh.metrics.PushgatewayExporter;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.probe.ProbeSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;

/** A command that runs some steps of the pass: it only wires options to the pass and prints the report. */
abstract class StepCommand extends PassCommand {

    @Mixin
    ProbeOptions probeOptions;

    @Mixin
    MetricsOptions metrics;

    private Optional<PushTarget> push = Optional.empty();

    abstract Set<Step> steps();

    @Override
    PassReport pass(Pipeline pipeline, ProbeSettings probeSettings) {
        return wiring.pass(probeSettings).run(pipeline, steps(), plan.dryRun);
    }

    @Override
    ProbeSettings probeSettings(Pipeline pipeline, Map<String, String> env) {
        return probeOptions.toSettings(pipeline.settings().masterPassword(), env);
    }

    @Override
    boolean probesClones() {
        return true;
    }

    @Override
    void checkRunWide(Map<String, String> env, Optional<Fleet> fleet) {
        push = metrics.target(env);
    }

    /** Every run pushes (success, failure, dry run); a failed push is a warning, never the exit code. */
    @Override
    void finished(Pipeline pipeline, PassReport report, Map<AwsCallRecorder.Call, Long> calls) {
        push.ifPresent(t -> new PushgatewayExporter(t).export(pipeline, report, calls));
    }
}
