package dev.aurorarefresh.deploy;

import dev.aurorarefresh.cli.AuroraRefreshCommand;
import dev.aurorarefresh.cli.EnvDefaults;
import dev.aurorarefresh.cli.Parsing;
import dev.aurorarefresh.core.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * The environment variables the application reads, derived rather than listed: every option of
 * every command as EnvDefaults maps it, the AURORA_REFRESH_* names the code reads itself, and the
 * settings the AWS SDK reads. A deployment file that sets anything else has a typo in it.
 */
final class AppEnvironment {
    /** "AURORA_REFRESH_X", or EnvDefaults.PREFIX + "X" as MetricsOptions spells it. */
    private static final Pattern LITERAL = Pattern.compile("\"(AURORA_REFRESH_[A-Z0-9_]*[A-Z0-9])\"|PREFIX \\+ \"([A-Z0-9_]*[A-Z0-9])\"");
    /** Services whose endpoint can be overridden with AWS_ENDPOINT_URL_<SERVICE ID>. */
    private static final Set<String> SERVICES = Set.of("RDS", "ROUTE_53", "STS", "SECRETS_MANAGER");

    private AppEnvironment() {
    }

    static Set<String> validNames() {
        Set<String> names = new TreeSet<>(optionVariables());
        names.addAll(variablesReadInSource());
        for (SdkSystemSetting s : SdkSystemSetting.values()) {
            if (s.environmentVariable() != null) {
                names.add(s.environmentVariable());
            }
        }
        for (ProfileFileSystemSetting s : ProfileFileSystemSetting.values()) {
            if (s.environmentVariable() != null) {
                names.add(s.environmentVariable());
            }
        }
        names.add("AWS_ENDPOINT_URL");
        SERVICES.forEach(s -> names.add("AWS_ENDPOINT_URL_" + s));
        return names;
    }

    /** Every long option of every subcommand, as its environment variable (help and version aside). */
    static Set<String> optionVariables() {
        Set<String> names = new TreeSet<>();
        CommandLine top = new CommandLine(new AuroraRefreshCommand());
        for (CommandLine sub : top.getSubcommands().values()) {
            sub.getCommandSpec().options().stream()
                    .filter(o -> !o.usageHelp() && !o.versionHelp() && o.longestName().startsWith("--"))
                    .forEach(o -> names.add(EnvDefaults.variableFor(o.longestName())));
        }
        return names;
    }

    static Set<String> variablesReadInSource() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1) : EnvDefaults.PREFIX + m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * The pipeline `aurora-refresh run` would build from this environment alone (parses every option
     * through its converter). A secret's value, "(from arn:...)", is only known in the account: left out.
     */
    static Pipeline pipelineFrom(Map<String, String> env) {
        Map<String, String> known = new LinkedHashMap<>(env);
        known.values().removeIf(v -> v.startsWith("(from "));
        return Parsing.pipeline(known);
    }
}
