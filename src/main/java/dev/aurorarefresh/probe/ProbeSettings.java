package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to check before a clone is tagged ready, and what to run on it.
 *
 * @param tcp          connect to the cluster endpoint's port first
 * @param query        the SQL probe's query; the SQL probe runs when credentials are configured
 * @param dbName       the database to log in to (PostgreSQL default {@code postgres}; MySQL none)
 * @param hostOverride connect here instead of the cluster endpoint (tests, tunnels); IAM tokens are
 *                     still made for, and certificates checked against, the real endpoint
 * @param tls          TLS of the probe and hook connections
 * @param hooks        post-clone SQL run after the probes, before the clone is tagged ready
 * @param timeout      connect (and probe query) timeout of one attempt
 */
public record ProbeSettings(
        boolean tcp,
        String query,
        Optional<String> dbName,
        CredentialsConfig credentials,
        Optional<HostPort> hostOverride,
        TlsSettings tls,
        Optional<HookScripts> hooks,
        Duration timeout) {

    public static final String DEFAULT_QUERY = "SELECT 1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public boolean sql() {
        return !(credentials instanceof CredentialsConfig.None);
    }

    /** The checks in the order they run, one name each: what a forecast lists before "ready". */
    public List<String> checks() {
        List<String> checks = new ArrayList<>();
        if (tcp) {
            checks.add("TCP probe");
        }
        if (sql()) {
            checks.add("SQL probe '" + query + "'");
        }
        hooks.ifPresent(h -> h.files().forEach(f -> checks.add("post-clone SQL " + f.name())));
        return checks;
    }

    /** One line for the log: what will be checked and run. */
    public String describe() {
        return "TCP probe " + (tcp ? "on" : "off")
                + ", SQL probe " + (sql() ? "'" + query + "' as " + credentials.describe() + ", " + tls.describe() : "off (no credentials)")
                + hooks.map(h -> ", post-clone SQL " + h.location() + " (" + h.files().size() + " file(s), digest "
                        + h.digest().substring(0, 12) + ")").orElse("")
                + hostOverride.map(h -> ", connecting to " + h + " (--db-host-override)").orElse("");
    }
}
