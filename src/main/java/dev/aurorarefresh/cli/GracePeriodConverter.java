package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** {@code --keep-replaced-for}: 0 (delete a replaced clone at once) or a duration up to 30 days. */
public final class GracePeriodConverter implements CommandLine.ITypeConverter<Duration> {
    static final Duration MAX = Duration.ofDays(30);

    @Override
    public Duration convert(String value) {
        if (value.trim().equals("0")) {
            return Duration.ZERO;
        }
        try {
            Duration d = Durations.parse(value);
            if (!d.isNegative() && d.compareTo(MAX) <= 0) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not valid; use 0 or a duration up to 30d such as 2h, 90m or 1d");
    }
}
