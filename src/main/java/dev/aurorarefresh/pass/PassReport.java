package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.Hold;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Plan;
import dev.aurorarefresh.core.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one pass did: the material for the summary, the metrics and the exit code. */
public record PassReport(
        String pipeline,
        Outcome outcome,
        String message,
        boolean dryRun,
        Instant startedAt,
        Duration elapsed,
        List<Event> events,
        Map<Step, Duration> stepDurations,
        Optional<Forecast> forecast,
        Optional<Observation> lastObservation,
        List<Plan.InGrace> inGrace,
        Optional<Hold> hold,
        Map<String, Integer> openSessions,
        /** the account's quotas, where the run read them (once, before the clone step created anything) */
        AccountQuotas quotas) {

    /** A report of a run that read no quotas. */
    public PassReport(String pipeline, Outcome outcome, String message, boolean dryRun, Instant startedAt, Duration elapsed,
            List<Event> events, Map<Step, Duration> stepDurations, Optional<Forecast> forecast,
            Optional<Observation> lastObservation, List<Plan.InGrace> inGrace, Optional<Hold> hold, Map<String, Integer> openSessions) {
        this(pipeline, outcome, message, dryRun, startedAt, elapsed, events, stepDurations, forecast, lastObservation, inGrace, hold,
                openSessions, AccountQuotas.unknown());
    }

    /** The dry run's planned actions, in order (none for a real pass). */
    public List<Action> dryRunActions() {
        return forecast.map(Forecast::actions).orElse(List.of());
    }

    public enum Outcome {
        /** Something was changed and the pass completed. */
        DONE(ExitCode.OK),
        /** The pass found everything already done. */
        NOTHING_TO_DO(ExitCode.OK),
        /** A step failed: AWS error, timeout, failed clone. */
        FAILED(ExitCode.FAILED),
        /** Bad usage or configuration, found before any change. */
        INVALID(ExitCode.INVALID);

        private final ExitCode exit;

        Outcome(ExitCode exit) {
            this.exit = exit;
        }

        public int exitCode() {
            return exit.code;
        }
    }

    /** One thing that changed, in the words the summary prints, and the planned action that changed it. */
    public record Event(Step step, String cloneId, String text, Action action) {
    }

    public int exitCode() {
        return outcome.exitCode();
    }
}
