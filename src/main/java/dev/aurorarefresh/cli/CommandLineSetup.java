package dev.aurorarefresh.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import picocli.CommandLine;

/** The command line Quarkus runs: environment defaults for every option, errors as one line. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create(), System.getenv());
    }

    /** Also used by in-process tests, with their own environment and streams. */
    static CommandLine configure(CommandLine cl, Map<String, String> env) {
        UsageErrors errors = new UsageErrors(env);
        return cl.setDefaultValueProvider(new EnvDefaults(env))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
