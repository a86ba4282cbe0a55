package dev.aurorarefresh.cli;

import java.util.Locale;
import picocli.CommandLine;

/** {@code --output} of the pass commands: the readable summary, or one JSON document for scripts. */
enum OutputFormat {
    TEXT, JSON;

    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not valid; use text or json");
            };
        }
    }
}
