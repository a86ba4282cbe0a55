package dev.aurorarefresh.probe;

import java.util.Optional;

/** The two Aurora engines the probes and hooks speak to. */
public enum SqlDialect {
    POSTGRESQL(5432),
    MYSQL(3306);

    private final int defaultPort;

    SqlDialect(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** Client sessions other than the asking one: what a clone about to be deleted would drop. */
    public String openSessionsQuery() {
        return this == POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                : "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND user <> 'system user'"
                        + " AND user <> 'event_scheduler' AND user <> 'rdsadmin'";
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** aurora-postgresql -> POSTGRESQL; aurora-mysql and aurora (MySQL 5.6 compatible) -> MYSQL. */
    public static Optional<SqlDialect> forEngine(String engine) {
        if (engine == null) {
            return Optional.empty();
        }
        return switch (engine) {
            case "aurora-postgresql", "postgres" -> Optional.of(POSTGRESQL);
            case "aurora-mysql", "aurora", "mysql", "mariadb" -> Optional.of(MYSQL);
            default -> Optional.empty();
        };
    }
}
