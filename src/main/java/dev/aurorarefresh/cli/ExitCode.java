package dev.aurorarefresh.cli;

import dev.aurorarefresh.pass.PassReport;

/** The exit codes of every command, as README documents them. */
enum ExitCode {
    /** Done, or nothing to do. */
    OK(0),
    /** A step failed (AWS error, timeout, failed clone) or AWS could not be read. */
    FAILED(1),
    /** Invalid usage or configuration, found before any change. */
    INVALID(2);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }

    static ExitCode of(PassReport.Outcome outcome) {
        return switch (outcome) {
            case DONE, NOTHING_TO_DO -> OK;
            case FAILED -> FAILED;
            case INVALID -> INVALID;
        };
    }
}
