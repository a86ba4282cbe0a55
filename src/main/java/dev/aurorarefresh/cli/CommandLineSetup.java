package dev.aurorarefresh.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Environment defaults for every option, and usage errors as one line with exit code 2. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine cl = factory.create();
        cl.setDefaultValueProvider(new EnvDefaults(System.getenv()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            String hint = e instanceof CommandLine.UnmatchedArgumentException u ? hint(u) : "";
            e.getCommandLine().getErr().println("aurora-refresh: invalid usage: " + e.getMessage() + hint
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl;
    }

    /** "; did you mean --clone-prefix?" for a misspelt option (value attached or not) or subcommand. */
    static String hint(CommandLine.UnmatchedArgumentException u) {
        List<String> meant = u.getUnmatched().isEmpty() ? List.of()
                : closestOption(u.getUnmatched().get(0), u.getCommandLine().getCommandSpec()).map(List::of)
                        .orElse(u.getSuggestions());
        return meant.isEmpty() ? "" : "; did you mean " + String.join(" or ", meant) + "?";
    }

    /** The option a misspelt {@code --name[=value]} most likely meant: at most 3 edits away. */
    static Optional<String> closestOption(String arg, CommandLine.Model.CommandSpec spec) {
        if (!arg.startsWith("--")) {
            return Optional.empty();
        }
        String name = arg.split("=", 2)[0];
        return spec.options().stream().map(CommandLine.Model.OptionSpec::longestName)
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
