package dev.aurorarefresh.probe;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.PostCloneSql;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.PostCloneSqlRunner;
import dev.aurorarefresh.port.Readiness;
import dev.aurorarefresh.port.ReadinessCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Readiness that means "a client can use it", checked once AWS says the cluster and every
 * instance are available: the endpoint accepts TCP connections and a login can run the probe
 * query. A probe that does not pass yet is polled again within the wait budget (its last error is
 * what a timeout reports). The checks only read; the post-clone SQL hooks, which write, are
 * {@link #postCloneSql()}: a planned action of their own, over the same login and TLS settings.
 */
public final class ProbingReadiness implements ReadinessCheck {
    private static final Logger LOG = Logger.getLogger("aurora-refresh");

    private final ProbeSettings settings;
    private final CredentialResolver credentials;
    /** How long a paused Aurora Serverless v2 instance may take to accept a connection (AWS: about 15 s). */
    static final Duration RESUME_ALLOWANCE = Duration.ofSeconds(30);

    private boolean described;
    /** When the probes were first refused, by clone, for auto-pausing clones. */
    private final Map<String, Long> firstRefusal = new HashMap<>();

    public ProbingReadiness(ProbeSettings settings, CredentialResolver credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    @Override
    public Optional<PostCloneSqlRunner> postCloneSql() {
        return settings.hooks().map(Hooks::new);
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
            login = credentials.credentialsFor(clone, endpoint);
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
        if (clone.serverlessV2().filter(ServerlessScaling::canPause).isEmpty()) {
            return probe(clone, settings.timeout());
        }
        // a paused instance resumes on the first connection (tens of seconds): give each probe that long,
        // and poll on within the wait budget
        Duration timeout = settings.timeout().compareTo(RESUME_ALLOWANCE) < 0 ? RESUME_ALLOWANCE : settings.timeout();
        Readiness answer = probe(clone, timeout);
        if (answer instanceof Readiness.Unready) {
            firstRefusal.putIfAbsent(clone.id(), System.nanoTime());
        } else if (answer instanceof Readiness.Ready ready && firstRefusal.containsKey(clone.id())) {
            long seconds = (System.nanoTime() - firstRefusal.remove(clone.id())) / 1_000_000_000L;
            String note = "resumed: the auto-pausing clone refused the probes at first and passed them " + seconds
                    + "s later";
            LOG.infof("%s: %s", clone.id(), note);
            return new Readiness.Ready(ready.extraTags(), note);
        }
        return answer;
    }

    private Readiness probe(ClusterView clone, Duration timeout) {
        long started = System.nanoTime();
        Optional<SqlDialect> dialect = SqlDialect.forEngine(clone.engine());
        if (dialect.isEmpty() && (settings.sql() || clone.port() == null)) {
            return unsupportedEngine(clone);
        }
        HostPort endpoint = new HostPort(clone.endpoint(),
                clone.port() != null ? clone.port() : dialect.get().defaultPort());
        HostPort address = settings.hostOverride().orElse(endpoint);
        if (settings.tcp()) {
            Optional<String> error = TcpProbe.connect(address, timeout);
            if (error.isPresent()) {
                return new Readiness.Unready("TCP probe: cannot connect to " + where(endpoint) + ": " + error.get());
            }
        }
        if (!settings.sql()) {
            if (settings.tcp()) {
                LOG.infof("%s: TCP probe passed on %s (%d ms)", clone.id(), where(endpoint), elapsedMillis(started));
            }
            return new Readiness.Ready(Map.of());
        }
        return withConnection(clone, dialect.get(), endpoint, timeout, (c, login, as) -> {
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                st.setEscapeProcessing(false);
                st.execute(settings.query());
            } catch (SQLException e) {
                return new Readiness.Unready("SQL probe: '" + settings.query() + "'" + as + " failed: "
                        + JdbcConnector.describe(e, login.password()));
            }
            LOG.infof("%s: probes passed%s (%d ms)", clone.id(), as, elapsedMillis(started));
            return new Readiness.Ready(Map.of());
        });
    }

    /** What to do with an open connection to the clone: {@code as} says " as user on host:port" for messages. */
    private interface Session {
        Readiness use(Connection c, DbCredentials login, String as) throws SQLException;
    }

    private Readiness withConnection(ClusterView clone, SqlDialect dialect, HostPort endpoint, Duration timeout,
            Session session) {
        DbCredentials login;
        try {
            login = credentials.credentialsFor(clone, endpoint);
        } catch (CredentialsException e) {
            return new Readiness.Unready("database credentials: " + e.getMessage());
        }
        HostPort address = settings.hostOverride().orElse(endpoint);
        String as = " as " + login.user() + " on " + where(endpoint);
        try (Connection c = JdbcConnector.open(dialect, address, settings.dbName(), login, settings.tls(),
                endpoint.host(), timeout)) {
            return session.use(c, login, as);
        } catch (SQLException e) {
            return new Readiness.Unready("SQL probe: cannot log in" + as + ": " + JdbcConnector.describe(e, login.password()));
        }
    }

    private String where(HostPort endpoint) {
        return settings.hostOverride().map(o -> o + " (--db-host-override for " + endpoint + ")").orElse(endpoint.toString());
    }

    private static Readiness unsupportedEngine(ClusterView clone) {
        return new Readiness.Failed("engine '" + clone.engine()
                + "' is not one the probes speak (aurora-postgresql, aurora-mysql)");
    }

    /** The hooks, run over the probes' login: a hook statement that fails makes the clone {@code failed}. */
    private final class Hooks implements PostCloneSqlRunner {
        private final HookScripts scripts;

        Hooks(HookScripts scripts) {
            this.scripts = scripts;
        }

        @Override
        public PostCloneSql hooks() {
            return new PostCloneSql(scripts.digest(), scripts.files().stream().map(HookScripts.HookFile::name).toList());
        }

        @Override
        public Readiness run(ClusterView clone) {
            Optional<SqlDialect> dialect = SqlDialect.forEngine(clone.engine());
            if (dialect.isEmpty()) {
                return unsupportedEngine(clone);
            }
            HostPort endpoint = new HostPort(clone.endpoint(),
                    clone.port() != null ? clone.port() : dialect.get().defaultPort());
            return withConnection(clone, dialect.get(), endpoint, settings.timeout(), (c, login, as) -> runAll(clone, dialect.get(), c, login));
        }

        private Readiness runAll(ClusterView clone, SqlDialect dialect, Connection c, DbCredentials login) {
            long started = System.nanoTime();
            int total = 0;
            for (HookScripts.HookFile file : scripts.files()) {
                List<SqlSplitter.Statement> statements = SqlSplitter.split(file.text(), dialect);
                for (SqlSplitter.Statement s : statements) {
                    try (Statement st = c.createStatement()) {
                        st.setEscapeProcessing(false);
                        st.execute(s.sql());
                    } catch (SQLException e) {
                        String what = "post-clone SQL " + file.name() + " statement " + s.number() + " (line " + s.line()
                                + ") failed: " + JdbcConnector.describe(e, login.password());
                        if (JdbcConnector.isConnectionLost(e)) {
                            return new Readiness.Unready(what + "; the hooks run again from the start");
                        }
                        return new Readiness.Failed(what);
                    }
                }
                total += statements.size();
                LOG.infof("%s: post-clone SQL %s: %d statement(s) done", clone.id(), file.name(), statements.size());
            }
            // no commas: RDS tag values take letters, digits, spaces and _ . : / = + - @ only
            String result = scripts.files().size() + " file(s) " + total + " statement(s) in " + elapsedMillis(started) + " ms";
            LOG.infof("%s: post-clone SQL completed: %s", clone.id(), result);
            return new Readiness.Ready(Map.of(Tags.HOOKS_DIGEST, scripts.digest(), Tags.HOOKS_RESULT, result), result);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
