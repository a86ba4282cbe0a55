package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.Secret;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens plain JDBC connections (no pool: the URL is only known at run time, and a pass makes a
 * handful of connections). The drivers are instantiated directly, which the Quarkus JDBC
 * extensions register for the native image. Every connection tries TLS, through the drivers'
 * TLS hooks so that both engines accept and refuse the same servers ({@link ServerTrust}).
 */
final class JdbcConnector {
    private JdbcConnector() {
    }

    /**
     * @param tls        how the connection uses TLS (see {@link ServerTrust})
     * @param serverName the name the server's certificate must carry: the clone's real endpoint,
     *                   also when {@code address} is a --db-host-override
     */
    static Connection open(SqlDialect dialect, HostPort address, Optional<String> dbName, DbCredentials login,
            TlsSettings tls, String serverName, Duration timeout) throws SQLException {
        if (dialect == SqlDialect.MYSQL && tls.mode() == TlsMode.PREFER) {
            // Connector/J has no "prefer": try TLS, and only a server without it gets a clear connection
            try {
                return mariadb(address, dbName, login, tls, serverName, timeout, true);
            } catch (SQLException e) {
                if (!offersNoTls(e)) {
                    throw e;
                }
                return mariadb(address, dbName, login, tls, serverName, timeout, false);
            }
        }
        return dialect == SqlDialect.POSTGRESQL
                ? postgres(address, dbName, login, tls, serverName, timeout)
                : mariadb(address, dbName, login, tls, serverName, timeout, true);
    }

    private static Connection postgres(HostPort address, Optional<String> dbName, DbCredentials login,
            TlsSettings tls, String serverName, Duration timeout) throws SQLException {
        Properties props = login(login);
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        props.setProperty("ApplicationName", "aurora-refresh");
        // verify-full is ServerTrust's work during the handshake; the driver only insists on TLS
        props.setProperty("sslmode", tls.mode() == TlsMode.PREFER ? "prefer" : "require");
        props.setProperty("sslfactory", PostgresTlsSocketFactory.class.getName());
        DriverTls.put(props, tls, serverName);
        return connect(new org.postgresql.Driver(), "jdbc:postgresql://" + address + "/" + dbName.orElse("postgres"), props);
    }

    private static Connection mariadb(HostPort address, Optional<String> dbName, DbCredentials login,
            TlsSettings tls, String serverName, Duration timeout, boolean encrypted) throws SQLException {
        Properties props = login(login);
        props.setProperty("connectTimeout", String.valueOf(timeout.toMillis()));
        if (encrypted) {
            // "trust" only stops the driver checking the connected host's name: ServerTrust does the checking
            props.setProperty("sslMode", "trust");
            props.setProperty("tlsSocketType", MariadbTlsPlugin.TYPE);
            DriverTls.put(props, tls, serverName);
        } else {
            props.setProperty("sslMode", "disable");
        }
        return connect(new org.mariadb.jdbc.Driver(), "jdbc:mariadb://" + address + "/" + dbName.orElse(""), props);
    }

    /** The password goes in the properties, never in the URL, so a driver that echoes its URL cannot leak it. */
    private static Properties login(DbCredentials login) {
        Properties props = new Properties();
        props.setProperty("user", login.user());
        props.setProperty("password", login.password().reveal());
        return props;
    }

    private static Connection connect(Driver driver, String url, Properties props) throws SQLException {
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the driver does not accept " + url);
        }
        return c;
    }

    /** The drivers' own words for "the server answered the TLS request with no". */
    private static boolean offersNoTls(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("The server does not support SSL") || m.contains("ssl not enabled in the server");
    }

    /**
     * A driver error as one line: its message and the cause's, with the password scrubbed. A TLS
     * failure is said in TLS terms, the same for both drivers: the server offers no TLS, its
     * certificate is not trusted, or it does not match the name.
     */
    static String describe(SQLException e, Secret password) {
        Optional<String> tls = tlsFailure(e);
        if (tls.isPresent()) {
            return password.redact(tls.get());
        }
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(" (").append(cause.getMessage()).append(')');
        }
        return password.redact(oneLine(sb.toString()));
    }

    private static Optional<String> tlsFailure(SQLException e) {
        if (offersNoTls(e)) {
            return Optional.of("TLS: the server does not offer TLS, and --db-tls asks for an encrypted connection");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsFailure f) {
                return Optional.of("TLS: " + f.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException ssl) {
                return Optional.of("TLS: handshake failed: " + oneLine(String.valueOf(ssl.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Connection-level SQLSTATE class 08: the connection broke, it is not the statement's fault. */
    static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
