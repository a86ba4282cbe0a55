package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Forecast;
import dev.aurorarefresh.core.Plan;
import java.util.Map;
import java.util.Optional;

/**
 * How a run or an operator command ended: the outcome and its message, and what the report shows
 * besides what the run's frame collected (the dry run's forecast, the last plan, the sessions
 * counted). A value: {@link RefreshPass} builds the report from it and the frame.
 */
record Ending(PassReport.Outcome outcome, String message, Optional<Forecast> forecast, Optional<Plan> lastPlan,
        Map<String, Integer> openSessions) {

    static Ending of(PassReport.Outcome outcome, String message) {
        return new Ending(outcome, message, Optional.empty(), Optional.empty(), Map.of());
    }

    Ending withForecast(Forecast forecast) {
        return new Ending(outcome, message, Optional.of(forecast), lastPlan, openSessions);
    }

    Ending withLastPlan(Optional<Plan> plan, Map<String, Integer> sessions) {
        return new Ending(outcome, message, forecast, plan, sessions);
    }

    /** Done, or nothing to do when there were no actions. */
    static PassReport.Outcome doneIf(boolean acted) {
        return acted ? PassReport.Outcome.DONE : PassReport.Outcome.NOTHING_TO_DO;
    }
}
