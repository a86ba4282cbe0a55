package dev.aurorarefresh.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

/** The version Quarkus was built with (quarkus.application.version). */
public class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"aurora-refresh " + ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class).orElse("unknown")};
    }
}
