package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Parses options as the real command line does (environment defaults, then the arguments) and
 * turns a bad value into the one line the command would print, as a {@link ConfigurationException}.
 */
public final class Parsing {
    private Parsing() {
    }

    public static <T> T parse(T command, Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(command instanceof CommandLine.Model.CommandSpec ? command
                : CommandLine.Model.CommandSpec.forAnnotatedObject(command));
        parse(cl, env, args);
        return command;
    }

    static void parse(CommandLine cl, Map<String, String> env, String... args) {
        cl.setDefaultValueProvider(new EnvDefaults(env)).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new ConfigurationException(UsageErrors.invalidValue(e, List.of(args), env).orElse(e.getMessage()));
        }
    }

    /** The pipeline `aurora-refresh run` would build from this environment and these arguments. */
    public static Pipeline pipeline(Map<String, String> env, String... args) {
        CommandLine top = new CommandLine(new AuroraRefreshCommand());
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        parse(top, env, all);
        return ((PipelineOptions) top.getSubcommands().get("run").getMixins().get("options")).toPipeline();
    }

    /**
     * The pipelines of a fleet file's text as {@code aurora-refresh run --config} resolves them over
     * this environment: every key, value and pipeline checked by the application.
     */
    public static List<Pipeline> fleet(String text, Map<String, String> env) {
        CommandLine.ParseResult noArguments = new CommandLine(new FleetEntry()).parseArgs();
        return Fleet.resolve(FleetFile.parse("fleet.yaml", text), noArguments, new EnvDefaults(env), List.of(), false)
                .members().stream().map(Fleet.Member::pipeline).toList();
    }
}
