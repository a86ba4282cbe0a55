package dev.aurorarefresh.core;

/**
 * How a new period's clone takes over from the pipeline's current one (--clone-cycle; docs/design.md,
 * "The clone cycle").
 */
public enum CloneCycle {
    /**
     * The new clone is made while the current one stays connected, and the record switches once it
     * is ready: the name always has a database. The default for a source in this account.
     */
    OVERLAP,
    /**
     * The current clone is taken off the record and deleted first, and the new one made once it is
     * gone: the name has no database until the new clone is connected. The only cycle AWS allows for
     * a source in another account (one cross-account clone of a cluster per account), and its default.
     */
    REPLACE;

    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
