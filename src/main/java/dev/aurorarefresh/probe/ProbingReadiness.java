package dev.aurorarefresh.probe;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.pass.RdsPort;
import dev.aurorarefresh.pass.Readiness;
import dev.aurorarefresh.pass.ReadinessCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Readiness that means "a client can use it", checked once AWS says the cluster and every
 * instance are available: the endpoint accepts TCP connections, a login can run the probe
 * query, and the post-clone SQL hooks have run. A probe that does not pass yet is polled again
 * within the wait budget (its last error is what a timeout reports); a hook statement that fails
 * makes the clone {@code failed}. Hooks whose digest the clone's tag already records are not run
 * again.
 */
public final class ProbingReadiness implements ReadinessCheck {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");

    private final ProbeSettings settings;
    private final CredentialResolver credentials;
    private final RdsPort rds;
    private boolean described;

    public ProbingReadiness(ProbeSettings settings, CredentialResolver credentials, RdsPort rds) {
        this.settings = settings;
        this.credentials = credentials;
        this.rds = rds;
    }

    @Override
    public List<String> checks() {
        return settings.checks();
    }

    @Override
    public OptionalInt openSessions(ClusterView clone) {
        Optional<SqlDialect> dialect = SqlDialect.forEngine(clone.engine());
        if (!settings.sql() || dialect.isEmpty()) {
            return OptionalInt.empty();
        }
        HostPort endpoint = new HostPort(clone.endpoint(), clone.port() != null ? clone.port() : dialect.get().defaultPort());
        DbCredentials login;
        try {
            login = credentials.credentialsFor(endpoint);
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
        try {
            try (Connection c = JdbcConnector.open(dialect.get(), settings.hostOverride().orElse(endpoint), settings.dbName(),
                    login, settings.tls(), endpoint.host(), settings.timeout());
                    Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery(dialect.get().openSessionsQuery())) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            LOG.warnf("%s: cannot count its open sessions: %s", clone.id(), JdbcConnector.describe(e, login.password()));
            return OptionalInt.empty();
        }
    }

    @Override
    public Readiness check(ClusterView clone) {
        if (!described) {
            LOG.infof("readiness checks: %s", settings.describe());
            described = true;
        }
        long started = System.nanoTime();
        Optional<SqlDialect> dialect = SqlDialect.forEngine(clone.engine());
        if (dialect.isEmpty() && (settings.sql() || clone.port() == null)) {
            return new Readiness.Failed("engine '" + clone.engine()
                    + "' is not one the probes speak (aurora-postgresql, aurora-mysql)");
        }
        HostPort endpoint = new HostPort(clone.endpoint(),
                clone.port() != null ? clone.port() : dialect.get().defaultPort());
        HostPort address = settings.hostOverride().orElse(endpoint);
        String where = address + (settings.hostOverride().isPresent() ? " (--db-host-override for " + endpoint + ")" : "");
        if (settings.tcp()) {
            Optional<String> error = TcpProbe.connect(address, settings.timeout());
            if (error.isPresent()) {
                return new Readiness.NotYet("TCP probe: cannot connect to " + where + ": " + error.get());
            }
        }
        if (!settings.sql()) {
            if (settings.tcp()) {
                LOG.infof("%s: TCP probe passed on %s (%d ms)", clone.id(), where, elapsedMillis(started));
            }
            return new Readiness.Ready(Map.of());
        }
        DbCredentials login;
        try {
            login = credentials.credentialsFor(endpoint);
        } catch (CredentialsException e) {
            return new Readiness.NotYet("database credentials: " + e.getMessage());
        }
        String as = " as " + login.user() + " on " + where;
        try (Connection c = JdbcConnector.open(dialect.get(), address, settings.dbName(), login, settings.tls(),
                endpoint.host(), settings.timeout())) {
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout((int) Math.max(1, settings.timeout().toSeconds()));
                st.setEscapeProcessing(false);
                st.execute(settings.query());
            } catch (SQLException e) {
                return new Readiness.NotYet("SQL probe: '" + settings.query() + "'" + as + " failed: "
                        + JdbcConnector.describe(e, login.password()));
            }
            LOG.infof("%s: probes passed%s (%d ms)", clone.id(), as, elapsedMillis(started));
            if (settings.hooks().isEmpty()) {
                return new Readiness.Ready(Map.of());
            }
            return runHooks(clone, dialect.get(), settings.hooks().get(), c, login);
        } catch (SQLException e) {
            return new Readiness.NotYet("SQL probe: cannot log in" + as + ": " + JdbcConnector.describe(e, login.password()));
        }
    }

    private Readiness runHooks(ClusterView clone, SqlDialect dialect, HookScripts hooks, Connection c, DbCredentials login) {
        if (hooks.digest().equals(clone.tags().get(Tags.HOOKS_DIGEST))) {
            LOG.infof("%s: post-clone SQL already completed on this clone (digest %s): not run again",
                    clone.id(), hooks.digest().substring(0, 12));
            return new Readiness.Ready(Map.of(), "post-clone SQL already completed on this clone ("
                    + clone.tags().getOrDefault(Tags.HOOKS_RESULT, "digest " + hooks.digest().substring(0, 12)) + ")");
        }
        long started = System.nanoTime();
        int total = 0;
        for (HookScripts.HookFile file : hooks.files()) {
            List<SqlSplitter.Statement> statements = SqlSplitter.split(file.text(), dialect);
            for (SqlSplitter.Statement s : statements) {
                try (Statement st = c.createStatement()) {
                    st.setEscapeProcessing(false);
                    st.execute(s.sql());
                } catch (SQLException e) {
                    String what = "post-clone SQL " + file.name() + " statement " + s.number() + " (line " + s.line()
                            + ") failed: " + JdbcConnector.describe(e, login.password());
                    if (JdbcConnector.isConnectionLost(e)) {
                        return new Readiness.NotYet(what + "; the hooks run again from the start");
                    }
                    return new Readiness.Failed(what);
                }
            }
            total += statements.size();
            LOG.infof("%s: post-clone SQL %s: %d statement(s) done", clone.id(), file.name(), statements.size());
        }
        // no commas: RDS tag values take letters, digits, spaces and _ . : / = + - @ only
        String result = hooks.files().size() + " file(s) " + total + " statement(s) in " + elapsedMillis(started) + " ms";
        Map<String, String> digest = Map.of(Tags.HOOKS_DIGEST, hooks.digest(), Tags.HOOKS_RESULT, result);
        rds.addTags(clone.arn(), digest); // at once: a run that dies before the ready tag does not run them again
        LOG.infof("%s: post-clone SQL completed: %s", clone.id(), result);
        return new Readiness.Ready(digest, "post-clone SQL " + result);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
