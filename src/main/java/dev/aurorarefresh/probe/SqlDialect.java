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
