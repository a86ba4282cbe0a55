package dev.aurorarefresh.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Comparator;
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
            String suggestion = e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    ? closestOption(u.getUnmatched().get(0), e.getCommandLine().getCommandSpec()).map(o -> "; did you mean " + o + "?")
                            .orElse("")
                    : "";
            e.getCommandLine().getErr().println("aurora-refresh: invalid usage: " + e.getMessage() + suggestion
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl;
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
