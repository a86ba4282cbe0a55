package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one run carries from step to step: the pipeline, its observer (which holds the latest
 * observation), the one deadline of {@code --wait-timeout}, a fresh backoff for each wait, and
 * the events the report lists.
 */
record RunContext(Pipeline pipeline, Observer observer, Instant deadline, Supplier<Backoff> backoffs,
        List<PassReport.Event> events) {
}
