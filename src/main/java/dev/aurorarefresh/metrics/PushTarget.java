package dev.aurorarefresh.metrics;

import dev.aurorarefresh.core.CronSchedule;
import java.net.URL;
import java.util.Optional;

/**
 * Where a run pushes its metrics: the Pushgateway's base URL, the job label, optional basic auth,
 * and the job's schedule if it was told (then each push says when the next run is due).
 */
public record PushTarget(URL gateway, String job, Optional<Credentials> credentials, Optional<CronSchedule> schedule) {

    /** Basic-auth credentials; {@link #toString()} never shows the password. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    /** The gateway URL as it may be printed: never carries credentials (user info is refused). */
    public String where() {
        return gateway.toString();
    }
}
