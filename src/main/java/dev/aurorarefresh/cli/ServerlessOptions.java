package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.ServerlessRules;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.pass.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Aurora Serverless v2 clones: a capacity range (instances then default to db.serverless) and,
 * with a minimum of 0 ACUs, how long an idle instance runs before it pauses. Unset: the source's.
 */
public class ServerlessOptions {

    @Option(names = "--serverless-capacity", paramLabel = "MIN-MAX", converter = CapacityConverter.class,
            description = "Aurora Serverless v2 range in ACUs (half steps, MIN 0-256, MAX 1-256), e.g. 0-4; "
                    + "instances become db.serverless unless --instance-class says otherwise. Default: the source's.")
    ServerlessScaling capacity;

    @Option(names = "--auto-pause-after", paramLabel = "DURATION", converter = AutoPauseConverter.class,
            description = "Idle time before a clone instance pauses, 5m to 1d; needs --serverless-capacity with MIN 0. "
                    + "Default: 5m when MIN is 0.")
    Duration autoPauseAfter;

    /** @throws ConfigurationException when --auto-pause-after comes without a minimum of 0 ACUs */
    Optional<ServerlessScaling> toScaling() {
        ServerlessRules.Result<Optional<ServerlessScaling>> r =
                ServerlessRules.fromOptions(Optional.ofNullable(capacity), Optional.ofNullable(autoPauseAfter));
        r.problem().ifPresent(p -> {
            throw new ConfigurationException("--auto-pause-after: '" + Durations.format(autoPauseAfter) + "' " + p);
        });
        return r.value();
    }

    /** {@code MIN-MAX} ACUs. */
    public static final class CapacityConverter implements ITypeConverter<ServerlessScaling> {
        @Override
        public ServerlessScaling convert(String value) {
            return ServerlessRules.parseCapacity(value).orElseThrow(() -> OptionTypes.invalid(value, ServerlessRules.CAPACITY_RULE));
        }
    }

    /** A duration from 5 minutes to 1 day. */
    public static final class AutoPauseConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Durations.parse(value);
                if (ServerlessRules.isAutoPauseInRange(d)) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw OptionTypes.invalid(value, ServerlessRules.AUTO_PAUSE_RULE);
        }
    }
}
