package dev.aurorarefresh.core;

import java.util.Locale;
import java.util.Optional;

/** The state of a clone, kept in its {@link Tags#LIFECYCLE} tag (see docs/design.md, "Lifecycle"). */
public enum Lifecycle {
    CREATED, READY, CONNECTED, ABORTED, FAILED;

    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for a missing or unknown value: such a cluster is never acted on by lifecycle. */
    public static Optional<Lifecycle> fromTag(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Lifecycle l : values()) {
            if (l.tagValue().equals(value)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** States that clean may delete (subject to retention and the record-target rule). */
    public boolean isDisposable() {
        return this == ABORTED || this == FAILED;
    }
}
