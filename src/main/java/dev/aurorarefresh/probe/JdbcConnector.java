package dev.aurorarefresh.probe;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens plain JDBC connections (no pool: the URL is only known at run time, and a pass makes a
 * handful of connections). The drivers are instantiated directly, which the Quarkus JDBC
 * extensions register for the native image. The password goes in the connection properties,
 * never in the URL, so a driver that echoes its URL cannot leak it.
 */
final class JdbcConnector {
    private JdbcConnector() {
    }

    /**
     * @param tls require an encrypted connection (IAM authentication needs it); otherwise the
     *            driver's default (PostgreSQL: TLS when the server offers it)
     */
    static Connection open(SqlDialect dialect, HostPort address, Optional<String> dbName, DbCredentials login,
            boolean tls, Duration timeout) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.user());
        props.setProperty("password", login.password().reveal());
        Driver driver;
        String url;
        if (dialect == SqlDialect.POSTGRESQL) {
            driver = new org.postgresql.Driver();
            url = "jdbc:postgresql://" + address + "/" + dbName.orElse("postgres");
            props.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
            props.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
            props.setProperty("ApplicationName", "aurora-refresh");
            if (tls) {
                props.setProperty("sslmode", "require");
            }
        } else {
            driver = new org.mariadb.jdbc.Driver();
            url = "jdbc:mariadb://" + address + "/" + dbName.orElse("");
            props.setProperty("connectTimeout", String.valueOf(timeout.toMillis()));
            if (tls) {
                props.setProperty("sslMode", "trust");
            }
        }
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the driver does not accept " + url);
        }
        return c;
    }

    /** A driver error as one line: its message and the cause's, with the password scrubbed. */
    static String describe(SQLException e, Secret password) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(" (").append(cause.getMessage()).append(')');
        }
        return password.redact(sb.toString().replaceAll("\\s*\\R\\s*", " ").strip());
    }

    /** Connection-level SQLSTATE class 08: the connection broke, it is not the statement's fault. */
    static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
