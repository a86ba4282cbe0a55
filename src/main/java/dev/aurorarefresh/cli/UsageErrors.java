package dev.aurorarefresh.cli;

import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.ExitCode;
import dev.aurorarefresh.port.PortException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every error a command reports, as one line on stderr, and its exit code: a bad value (from a
 * converter or a check of several options) is "invalid configuration" naming the option, and its
 * variable when the value came from the environment; a misspelt option is "invalid usage" with
 * the option meant; a failed AWS read is exit 1.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final String ZONE_GROUP = "--hosted-zone / --hosted-zone-id";

    private final Map<String, String> env;

    UsageErrors(Map<String, String> env) {
        this.env = env;
    }

    /** Parsing failed: a bad value, an unknown option, two zones on the command line. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        Optional<String> invalid = invalidValue(e, List.of(args), env);
        if (invalid.isPresent()) {
            err.println(configurationLine(invalid.get()));
        } else {
            String hint = e instanceof CommandLine.UnmatchedArgumentException u ? hint(u) : "";
            err.println("aurora-refresh: invalid usage: " + e.getMessage() + hint
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        }
        err.flush();
        return ExitCode.INVALID.code;
    }

    /** A command failed: a configuration error found after parsing (exit 2) or AWS could not be read (exit 1). */
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigurationException c) {
            invalid(cl.getErr(), c.getMessage(), parsed.originalArgs());
            return ExitCode.INVALID.code;
        }
        if (e instanceof PortException p) {
            cl.getErr().println("aurora-refresh: " + p.getMessage());
            cl.getErr().flush();
            return ExitCode.FAILED.code;
        }
        throw e;
    }

    void invalid(PrintWriter err, String message, List<String> args) {
        err.println(configurationLine(namingVariable(message, args, env)));
        err.flush();
    }

    private static String configurationLine(String message) {
        return "aurora-refresh: invalid configuration: " + message;
    }

    /**
     * The one-line message of a parse error that is about a value: "--ttl: 'soon' is not valid; use
     * ...", or "--hosted-zone / --hosted-zone-id: give exactly one of them (both are set)". Empty for
     * a usage error (unknown option, missing value).
     */
    static Optional<String> invalidValue(ParameterException e, List<String> args, Map<String, String> env) {
        if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
            return Optional.of(ZONE_GROUP + ": give exactly one of them (both are set)");
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException bad && e.getArgSpec() instanceof OptionSpec option) {
            return Optional.of(label(option.longestName(), args, env) + ": " + bad.getMessage());
        }
        return Optional.empty();
    }

    /**
     * "--retain: '-2' is not valid..." becomes "--retain (from AURORA_REFRESH_RETAIN): '-2' is not
     * valid..." when --retain is not on the command line but its variable is set: in a CronJob or an
     * ECS task the operator looks for the variable, not the option.
     */
    static String namingVariable(String message, List<String> args, Map<String, String> env) {
        int colon = message.indexOf(": ");
        if (!message.startsWith("--") || colon < 0 || message.substring(0, colon).contains(" ")) {
            return message;
        }
        return label(message.substring(0, colon), args, env) + message.substring(colon);
    }

    private static String label(String option, List<String> args, Map<String, String> env) {
        String variable = EnvDefaults.variableFor(option);
        boolean onCommandLine = args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
        return onCommandLine || env.get(variable) == null ? option : option + " (from " + variable + ")";
    }

    /** "; did you mean --clone-prefix?" for a misspelt option (value attached or not) or subcommand. */
    static String hint(CommandLine.UnmatchedArgumentException u) {
        List<String> meant = u.getUnmatched().isEmpty() ? List.of()
                : closestOption(u.getUnmatched().get(0), u.getCommandLine().getCommandSpec()).map(List::of)
                        .orElse(u.getSuggestions());
        return meant.isEmpty() ? "" : "; did you mean " + String.join(" or ", meant) + "?";
    }

    /** The option a misspelt {@code --name[=value]} most likely meant: at most 3 edits away. */
    static Optional<String> closestOption(String arg, CommandSpec spec) {
        if (!arg.startsWith("--")) {
            return Optional.empty();
        }
        String name = arg.split("=", 2)[0];
        return spec.options().stream().map(OptionSpec::longestName)
                .filter(o -> o.startsWith("--") && distance(name, o) <= 3)
                .min(Comparator.comparingInt(o -> distance(name, o)));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
