package dev.aurorarefresh.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The options one pipeline of a fleet has: the pipeline's own and its readiness probes. Parsed
 * from no arguments, every value coming through {@link LayeredDefaults}, so the same converters
 * and checks run as for the command line.
 */
@Command(name = "pipeline")
class FleetEntry {
    @Mixin
    PipelineOptions options = new PipelineOptions();

    @Mixin
    ProbeOptions probeOptions = new ProbeOptions();
}
