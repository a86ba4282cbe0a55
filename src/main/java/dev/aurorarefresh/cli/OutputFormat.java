package dev.aurorarefresh.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code --output} of every command that prints a result (the passes, the operators' commands,
 * status): readable text, or one JSON document for scripts. {@code table} is another name for
 * {@code text}, as status called it before.
 */
enum OutputFormat {
    TEXT, JSON;

    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "text", "table" -> TEXT;
                case "json" -> JSON;
                default -> throw OptionTypes.invalid(value, "text or json");
            };
        }
    }
}
