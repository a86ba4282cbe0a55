package dev.aurorarefresh.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;

/** A text option checked against a pattern at parse time: one line naming the value and what is valid (exit 2). */
abstract class PatternConverter implements CommandLine.ITypeConverter<String> {
    private final Pattern pattern;
    private final String valid;

    PatternConverter(Pattern pattern, String valid) {
        this.pattern = pattern;
        this.valid = valid;
    }

    @Override
    public String convert(String value) {
        String v = value.trim();
        if (!pattern.matcher(v).matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not valid; use " + valid);
        }
        return v;
    }
}
