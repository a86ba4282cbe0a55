package dev.aurorarefresh.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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
            String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
            e.getCommandLine().getErr().println("aurora-refresh: invalid usage: " + e.getMessage() + hint
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl;
    }
}
