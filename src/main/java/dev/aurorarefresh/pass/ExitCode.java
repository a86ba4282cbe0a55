package dev.aurorarefresh.pass;

/**
 * The exit codes of every command, in one place (README and docs/design.md, "Exit codes"): a
 * pass's outcome maps to one ({@link PassReport.Outcome}), usage errors and the other commands
 * use them directly.
 */
public enum ExitCode {
    /** Done, or nothing to do. */
    OK(0),
    /** A step failed (AWS error, timeout, failed clone) or AWS could not be read. */
    FAILED(1),
    /** Invalid usage or configuration, found before any change. */
    INVALID(2);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
