package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.ExitCode;
import dev.aurorarefresh.pass.Observer;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the pipeline's clones: lifecycle, AWS status, age, endpoint, and which one the record points at.")
class StatusCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Mixin
    LoggingOptions logging;

    @Mixin
    FleetOptions fleet = new FleetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Inject
    Wiring wiring;

    @Spec
    CommandSpec spec;

    /** @throws ConfigurationException (exit 2) or PortException (exit 1), see {@link UsageErrors} */
    @Override
    public Integer call() {
        logging.apply();
        EnvDefaults env = EnvDefaults.of(spec.commandLine());
        Optional<FleetFile> file = fleet.file(spec, env);
        PrintWriter out = spec.commandLine().getOut();
        if (file.isEmpty()) {
            View view = view(options.toPipeline());
            if (output.json()) {
                Output.print(spec.commandLine(), view.document());
            } else {
                view.print(out);
            }
            out.flush();
            return ExitCode.OK.code;
        }
        Fleet members = Fleet.resolve(file.get(), spec.commandLine().getParseResult(), env, fleet.only(), false);
        FleetOutput.checkAwsSettings(wiring);
        List<Object> views = FleetRun.each(members.members(), fleet.parallel, m -> (Object) view(m.pipeline()), (m, e) -> e);
        int exit = ExitCode.OK.code;
        List<Object> docs = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            String name = members.members().get(i).name();
            if (views.get(i) instanceof View view) {
                docs.add(view.document());
                if (!output.json()) {
                    view.print(out);
                    out.println();
                }
            } else {
                Throwable e = (Throwable) views.get(i);
                ExitCode code = e instanceof ConfigurationException ? ExitCode.INVALID : ExitCode.FAILED;
                exit = Math.max(exit, code.code);
                String why = (code == ExitCode.INVALID ? "invalid configuration: " : "") + e.getMessage();
                docs.add(Map.of("pipeline", name, "error", why));
                spec.commandLine().getErr().println("aurora-refresh: pipeline " + name + ": " + why);
            }
        }
        if (output.json()) {
            Output.print(spec.commandLine(), Map.of("pipelines", docs));
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return exit;
    }

    private View view(Pipeline pipeline) {
        Observation obs = Observer.forRun(wiring.rds(), wiring.dns(), pipeline).observe();
        Instant now = Instant.now();
        List<StatusRow> clones = Planner.ownedClones(pipeline, obs).stream().map(c -> StatusRow.of(c, obs, now)).toList();
        Plan clean = Planner.plan(pipeline, obs, now, Set.of(Step.CLEAN));
        Map<String, String> hooks = new LinkedHashMap<>();
        Planner.ownedClones(pipeline, obs).forEach(c -> Optional.ofNullable(c.tags().get(Tags.HOOKS_RESULT))
                .ifPresent(h -> hooks.put(c.id(), h)));
        return new View(pipeline, obs, now, clones, clean, hooks);
    }

    /** One pipeline's status, as a table or a JSON document. */
    private record View(Pipeline pipeline, Observation obs, Instant now, List<StatusRow> clones, Plan clean,
            Map<String, String> hooks) {
        Map<String, Object> document() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", pipeline.name());
            doc.put("source", pipeline.sourceClusterId());
            doc.put("record", pipeline.record().writerRecord());
            doc.put("recordValue", obs.writerRecord().value().orElse(null));
            doc.put("clones", clones);
            clean.hold().ifPresent(h -> doc.put("hold", Map.of("since", h.since().toString(), "reason", h.reason(),
                    "clone", h.cloneId())));
            doc.put("kept", clean.inGrace().stream().map(k -> Map.of("clone", k.cloneId(), "until", k.until().toString(),
                    "graceLeftSeconds", Duration.between(now, k.until()).getSeconds())).toList());
            doc.put("hooks", hooks);
            return doc;
        }

        void print(PrintWriter out) {
            table(out, pipeline, obs, clones);
            operatorLines(out, clean, hooks, now);
        }
    }

    /** The hold, what the post-clone SQL did on each clone, the grace left for each replaced clone. */
    static void operatorLines(PrintWriter out, Plan clean, Map<String, String> hooks, Instant now) {
        clean.hold().ifPresent(h -> out.println(h.describe() + "; 'aurora-refresh release' lifts it"));
        hooks.forEach((clone, result) -> out.printf("%s: post-clone SQL %s%n", clone, result));
        clean.inGrace().forEach(k -> out.printf("%s: replaced, kept %s more (--keep-replaced-for), until %s%n",
                k.cloneId(), Durations.format(Duration.between(now, k.until())), k.until()));
    }

    static void table(PrintWriter out, Pipeline pipeline, Observation obs, List<StatusRow> clones) {
        out.printf("pipeline %s, source %s, record %s -> %s%n", pipeline.name(), pipeline.sourceClusterId(),
                pipeline.record().writerRecord(), obs.writerRecord().value().orElse("(none)"));
        if (clones.isEmpty()) {
            out.println("no clones");
            return;
        }
        String fmt = "%-1s %-34s %-10s %-12s %8s  %-14s %-32s %s%n";
        out.printf(fmt, "", "CLONE", "LIFECYCLE", "STATUS", "AGE", "CLASS", "CAPACITY", "ENDPOINT");
        for (StatusRow row : clones) {
            out.printf(fmt, row.recordTarget() ? "*" : "", row.id(), row.lifecycle(), row.status(),
                    Durations.format(Duration.ofSeconds(row.ageSeconds())), row.instanceClass(), row.capacity(), row.endpoint());
            if (row.masterUserSecretArn() != null) {
                out.printf("  %s: master password in the RDS-managed secret %s%n", row.id(), row.masterUserSecretArn());
            }
            if (row.masterPasswordSecretArn() != null) {
                out.printf("  %s: master password set from the secret %s%n", row.id(), row.masterPasswordSecretArn());
            }
        }
        out.println("* = the record points at this clone");
    }
}
