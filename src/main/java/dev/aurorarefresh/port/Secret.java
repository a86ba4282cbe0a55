package dev.aurorarefresh.port;

import java.util.Objects;

/**
 * A password or token. It prints as {@code ****}, so it cannot reach a log line, an exception
 * message or {@code status} output by accident; {@link #redact} scrubs it from text that came
 * from elsewhere (a driver's error message).
 */
public final class Secret {
    private static final String MASK = "****";
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The value itself: only for handing to a driver or an AWS client. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The text with every occurrence of this secret replaced by {@code ****}. */
    public String redact(String text) {
        if (text == null || value.length() < 4) {
            return text; // too short to scrub without mangling ordinary words
        }
        return text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
