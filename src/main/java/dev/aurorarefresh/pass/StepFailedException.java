package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Step;

/** A step could not complete (AWS error after retries, timeout, failed clone): exit code 1. */
public class StepFailedException extends RuntimeException {
    private final Step step;

    public StepFailedException(Step step, String message) {
        super(message);
        this.step = step;
    }

    public StepFailedException(Step step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
    }

    public Step step() {
        return step;
    }
}
