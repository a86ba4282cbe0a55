package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.probe.ProbeSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The pipelines of one fleet run, each built from its layers ({@link LayeredDefaults}) by the
 * options' own converters and checks, then checked against each other: all before any AWS call.
 * Every problem is one line naming the file, the pipeline and the key.
 *
 * @param members the pipelines selected (--only), in the file's order
 */
record Fleet(String origin, List<Member> members) {

    /** One pipeline, for the commands that probe its readiness settings, and what its login needs from IAM. */
    record Member(Pipeline pipeline, ProbeSettings probeSettings, DatabaseLogin login) {
        Member(Pipeline pipeline, ProbeSettings probeSettings) {
            this(pipeline, probeSettings, DatabaseLogin.NONE);
        }

        String name() {
            return pipeline.name();
        }
    }

    /** Options of the run as a whole: only on the command line (or in the environment), never in the file. */
    static final Set<String> RUN_WIDE = Set.of("dry-run", "output", "log-format", "pushgateway-url", "metrics-job",
            "schedule", "schedule-time-zone", "config", "only", "parallel", "to", "reason", "help", "version");

    /**
     * @param commandLine the command's parse: its pipeline options apply to every pipeline
     * @param probesClones whether the command probes clones (the probe settings are then built and checked)
     */
    static Fleet resolve(FleetFile file, CommandLine.ParseResult commandLine, EnvDefaults env, List<String> only,
            boolean probesClones) {
        CommandSpec spec = new CommandLine(new FleetEntry()).getCommandSpec();
        checkKeys(file.origin(), "defaults", file.defaults(), spec);
        Map<String, String> given = commandLineValues(commandLine, spec);
        List<Member> all = new ArrayList<>();
        for (FleetFile.Entry entry : file.entries()) {
            checkKeys(file.origin(), entry.label(), entry.values(), spec);
            all.add(member(file, entry, given, env, probesClones));
        }
        return new Fleet(file.origin(), all).only(only);
    }

    /** The pipelines {@code --only} names (all of them without it), checked against each other. */
    Fleet only(List<String> only) {
        List<Member> selected = select(origin, members, only);
        checkTogether(origin, selected);
        return new Fleet(origin, selected);
    }

    private static Member member(FleetFile file, FleetFile.Entry entry, Map<String, String> given, EnvDefaults env,
            boolean probesClones) {
        FleetEntry values = new FleetEntry();
        LayeredDefaults layers = new LayeredDefaults(given, entry.values(), file.defaults(), env);
        CommandLine cl = new CommandLine(values).setCaseInsensitiveEnumValuesAllowed(true).setDefaultValueProvider(layers);
        String where = file.origin() + ": " + entry.label();
        try {
            cl.parseArgs();
        } catch (CommandLine.ParameterException e) {
            throw new ConfigurationException(naming(where, UsageErrors.invalidValue(e, List.of(), Map.of())
                    .orElse(e.getMessage()), layers));
        }
        try {
            Pipeline pipeline = values.options.toPipeline();
            return new Member(pipeline, probesClones ? values.probeOptions.toSettings(env.environment()) : null,
                    values.probeOptions.policyLogin());
        } catch (ConfigurationException e) {
            throw new ConfigurationException(naming(where, e.getMessage(), layers));
        }
    }

    /** "--ttl: 'x' is not valid" becomes "fleet.yaml: pipeline qa: ttl (from defaults): 'x' is not valid". */
    private static String naming(String where, String message, LayeredDefaults layers) {
        int colon = message.indexOf(": ");
        if (!message.startsWith("--") || colon < 0) {
            return where + ": " + message;
        }
        String option = message.substring(0, colon);
        String key = option.replace("--", "");
        String from = option.contains(" ") ? "" : layers.layerOf(key)
                .filter(l -> l != LayeredDefaults.Layer.ENTRY)
                .map(l -> l == LayeredDefaults.Layer.ENVIRONMENT ? EnvDefaults.variableFor(option) : l.label)
                .map(l -> " (from " + l + ")").orElse("");
        return where + ": " + key + from + message.substring(colon);
    }

    /** The pipeline options given on the command line, as their text (a bare flag as its fallback value). */
    private static Map<String, String> commandLineValues(CommandLine.ParseResult parsed, CommandSpec pipelineSpec) {
        Map<String, String> out = new HashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (pipelineSpec.optionsMap().containsKey(o.longestName())) {
                List<String> texts = o.originalStringValues();
                out.put(LayeredDefaults.key(o), texts.isEmpty() ? o.fallbackValue() : texts.get(texts.size() - 1));
            }
        }
        return out;
    }

    private static void checkKeys(String origin, String where, Map<String, String> values, CommandSpec spec) {
        for (String key : values.keySet()) {
            String at = origin + ": " + where + ": " + key;
            // master-password names what becomes of the clones' master password (managed, keep), not a password
            if (key.toLowerCase(Locale.ROOT).contains("password") && !key.equals("db-password-file")
                    && !key.equals("master-password")) {
                throw new ConfigurationException(at + ": a password does not go in the file; credentials stay in the "
                        + "environment (" + ProbeOptions.PASSWORD_VARIABLE + "), in --db-password-file, "
                        + "or in Secrets Manager (--db-secret-arn)");
            }
            if (RUN_WIDE.contains(key)) {
                throw new ConfigurationException(at + ": is run-wide, not per pipeline; give --" + key
                        + " on the command line (or " + EnvDefaults.variableFor("--" + key) + ")");
            }
            if (!spec.optionsMap().containsKey("--" + key)) {
                String meant = UsageErrors.closestOption("--" + key, spec).map(o -> "; did you mean " + o.substring(2) + "?")
                        .orElse("; keys are the pipeline options without the dashes, e.g. source-cluster");
                throw new ConfigurationException(origin + ": " + where + ": unknown key '" + key + "'" + meant);
            }
        }
    }

    private static List<Member> select(String origin, List<Member> all, List<String> only) {
        if (only.isEmpty()) {
            return all;
        }
        Set<String> names = new LinkedHashSet<>(all.stream().map(Member::name).toList());
        only.stream().filter(n -> !names.contains(n)).findFirst().ifPresent(n -> {
            throw new ConfigurationException("--only: no pipeline '" + n + "' in " + origin + "; use one of "
                    + String.join(", ", names));
        });
        return all.stream().filter(m -> only.contains(m.name())).toList();
    }

    /** Pipelines of one run must not step on each other: own name, own records, prefixes apart. */
    private static void checkTogether(String origin, List<Member> members) {
        for (int j = 0; j < members.size(); j++) {
            Pipeline b = members.get(j).pipeline();
            for (int i = 0; i < j; i++) {
                Pipeline a = members.get(i).pipeline();
                String at = origin + ": pipeline " + b.name() + ": ";
                if (a.name().equals(b.name())) {
                    throw new ConfigurationException(at + "pipeline: '" + b.name() + "' names two pipelines; give each its own");
                }
                Set<String> recordsOfA = Set.copyOf(records(a).toList());
                for (String key : List.of("record", "reader-record")) {
                    String r = key.equals("record") ? b.record().writerRecord() : b.record().readerRecord().orElse(null);
                    if (r != null && recordsOfA.contains(r)) {
                        throw new ConfigurationException(at + key + ": '" + r + "' is also a record of pipeline " + a.name()
                                + "; each pipeline needs its own record(s)");
                    }
                }
                String pa = a.naming().prefix().toLowerCase(Locale.ROOT);
                String pb = b.naming().prefix().toLowerCase(Locale.ROOT);
                if (pa.equals(pb)) {
                    throw new ConfigurationException(at + "clone-prefix: '" + b.naming().prefix()
                            + "' is also the clone prefix of pipeline " + a.name() + "; give each pipeline its own");
                }
                if (pa.startsWith(pb) || pb.startsWith(pa)) {
                    throw new ConfigurationException(at + "clone-prefix: '" + b.naming().prefix() + "' and pipeline " + a.name()
                            + "'s '" + a.naming().prefix() + "': one begins the other; give prefixes that do not "
                            + "(so no pipeline's clone names can be taken for another's)");
                }
            }
        }
    }

    private static Stream<String> records(Pipeline p) {
        return Stream.concat(Stream.of(p.record().writerRecord()), p.record().readerRecord().stream());
    }
}
