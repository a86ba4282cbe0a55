package dev.aurorarefresh.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The four steps of a pass, in the order a pass runs them. */
public enum Step {
    CLONE, WAIT, CONNECT, CLEAN;

    public static final Set<Step> ALL = EnumSet.allOf(Step.class);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
