package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.probe.ProbeSettings;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the step commands (run, clone, wait, connect, clean) and the operators' commands (hold,
 * release, rollback) share: the options, one pass per pipeline, the printed report. With
 * {@code --config} every pipeline of the file gets its pass, side by side ({@link FleetRun}).
 */
abstract class PassCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Mixin
    LoggingOptions logging;

    @Mixin
    DryRunOptions plan = new DryRunOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    FleetOptions fleet = new FleetOptions();

    @Inject
    Wiring wiring;

    @Spec
    CommandSpec spec;

    /** One pipeline's pass; {@code probeSettings} is null for a command that does not probe ({@link #probesClones}). */
    abstract PassReport pass(Pipeline pipeline, ProbeSettings probeSettings);

    /** This command's readiness settings for {@code pipeline} (single pipeline), or null when it does not probe. */
    ProbeSettings probeSettings(Pipeline pipeline, Map<String, String> env) {
        return null;
    }

    /** Whether the command probes clones: a fleet then builds (and checks) every pipeline's probe settings. */
    boolean probesClones() {
        return false;
    }

    /** Before any AWS call: checks of the command's own run-wide options (exit 2). */
    void checkRunWide(Map<String, String> env, Optional<Fleet> fleet) {
    }

    /** After a pipeline's pass (in its own thread in a fleet): e.g. push its metrics. */
    void finished(Pipeline pipeline, PassReport report, Map<AwsCallRecorder.Call, Long> calls) {
    }

    /** @throws ConfigurationException for a bad value or an invalid pipeline (exit 2, see {@link UsageErrors}) */
    @Override
    public Integer call() {
        logging.apply();
        EnvDefaults env = EnvDefaults.of(spec.commandLine());
        Optional<FleetFile> file = fleet.file(spec, env);
        if (file.isPresent()) {
            return fleet(Fleet.resolve(file.get(), spec.commandLine().getParseResult(), env, fleet.only(), probesClones()), env);
        }
        Pipeline pipeline = options.toPipeline();
        ProbeSettings probeSettings = probeSettings(pipeline, env.environment());
        checkRunWide(env.environment(), Optional.empty());
        PassReport report = pass(pipeline, probeSettings);
        if (report.outcome() != PassReport.Outcome.INVALID) {
            if (output.json()) {
                Output.json(spec.commandLine(), report);
            } else {
                Output.summary(spec.commandLine(), report, Output.Calls.of(wiring.calls().snapshot()));
            }
        }
        finished(pipeline, report, wiring.calls().snapshot());
        if (report.outcome() == PassReport.Outcome.INVALID) {
            throw new ConfigurationException(report.message());
        }
        return report.exitCode();
    }

    private int fleet(Fleet fleet, EnvDefaults env) {
        checkRunWide(env.environment(), Optional.of(fleet));
        FleetOutput.checkAwsSettings(wiring);
        Instant start = Instant.now();
        List<PassReport> reports = FleetRun.each(fleet.members(), this.fleet.parallel, m -> {
            PassReport report;
            try {
                report = pass(m.pipeline(), m.probeSettings());
            } catch (ConfigurationException e) {
                report = FleetOutput.invalid(m, e, plan.dryRun);
            } catch (RuntimeException e) {
                report = FleetOutput.crashed(m, e, plan.dryRun);
            }
            finished(m.pipeline(), report, wiring.calls().snapshot(m.name()));
            return report;
        }, (m, e) -> FleetOutput.crashed(m, e, plan.dryRun));
        return FleetOutput.print(spec.commandLine(), reports, wiring.calls(), output.format, Duration.between(start, Instant.now()));
    }
}
