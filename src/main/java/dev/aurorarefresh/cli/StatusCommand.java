package dev.aurorarefresh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Planner;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.Observer;
import dev.aurorarefresh.pass.PortException;
import jakarta.inject.Inject;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the pipeline's clones: lifecycle, AWS status, age, endpoint, and which one the record points at.")
class StatusCommand implements Callable<Integer> {

    enum Format { table, json }

    @Mixin
    PipelineOptions options;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--output", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Inject
    Wiring wiring;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Observation obs;
        Pipeline pipeline;
        try {
            logging.apply();
            pipeline = options.toPipeline();
            Observer observer = new Observer(wiring.rds(), wiring.dns());
            obs = observer.observe(pipeline, observer.resolveZone(pipeline));
        } catch (ConfigurationException e) {
            return Output.invalid(e.getMessage(), spec);
        } catch (PortException e) {
            System.err.println("aurora-refresh: " + e.getMessage());
            return 1;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> clones = new ArrayList<>();
        for (ClusterView c : Planner.ownedClones(pipeline, obs)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.id());
            row.put("lifecycle", c.lifecycle().map(l -> l.tagValue()).orElse("unknown"));
            row.put("status", c.status());
            row.put("createdAt", c.createdAt().toString());
            row.put("ageSeconds", Duration.between(c.createdAt(), now).getSeconds());
            row.put("endpoint", c.endpoint());
            row.put("readerEndpoint", c.readerEndpoint());
            row.put("recordTarget", obs.writerRecord().pointsAt(c.endpoint()));
            Optional.ofNullable(c.tags().get(Tags.HOOKS_RESULT)).ifPresent(h -> row.put("hooks", h));
            row.put("instances", obs.instancesOf(c.id()).stream()
                    .map(i -> Map.of("id", i.id(), "status", String.valueOf(i.status()))).toList());
            clones.add(row);
        }
        Plan clean = Planner.plan(pipeline, obs, now, Set.of(Step.CLEAN));
        for (Map<String, Object> row : clones) {
            clean.kept().stream().filter(k -> k.cloneId().equals(row.get("id"))).findFirst().ifPresent(k -> {
                row.put("keptUntil", k.until().toString());
                row.put("graceLeftSeconds", Duration.between(now, k.until()).getSeconds());
            });
        }
        if (format == Format.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            clean.hold().ifPresent(h -> doc.put("hold", Map.of("since", h.since().toString(), "reason", h.reason(),
                    "clone", h.cloneId())));
            doc.put("pipeline", pipeline.name());
            doc.put("source", pipeline.sourceClusterId());
            doc.put("record", pipeline.record().writerRecord());
            doc.put("recordValue", obs.writerRecord().value().orElse(null));
            doc.put("clones", clones);
            Output.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            return 0;
        }
        Output.out().printf("pipeline %s, source %s, record %s -> %s%n", pipeline.name(), pipeline.sourceClusterId(),
                pipeline.record().writerRecord(), obs.writerRecord().value().orElse("(none)"));
        clean.hold().ifPresent(h -> Output.out().println(h.describe() + "; 'aurora-refresh release' lifts it"));
        if (clones.isEmpty()) {
            Output.out().println("no clones");
            return 0;
        }
        String fmt = "%-1s %-34s %-10s %-12s %8s  %s%n";
        Output.out().printf(fmt, "", "CLONE", "LIFECYCLE", "STATUS", "AGE", "ENDPOINT");
        for (Map<String, Object> row : clones) {
            Output.out().printf(fmt, Boolean.TRUE.equals(row.get("recordTarget")) ? "*" : "", row.get("id"),
                    row.get("lifecycle"), row.get("status"),
                    Durations.format(Duration.ofSeconds((Long) row.get("ageSeconds"))), row.get("endpoint"));
        }
        clones.stream().filter(r -> r.containsKey("hooks"))
                .forEach(r -> Output.out().printf("%s: post-clone SQL %s%n", r.get("id"), r.get("hooks")));
        clean.kept().forEach(k -> Output.out().printf("%s: replaced, kept %s more (--keep-replaced-for), until %s%n",
                k.cloneId(), Durations.format(Duration.between(now, k.until())), k.until()));
        Output.out().println("* = the record points at this clone");
        return 0;
    }
}
