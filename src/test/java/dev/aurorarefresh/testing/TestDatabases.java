package dev.aurorarefresh.testing;

import dev.aurorarefresh.port.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A uniquely named database on the machine's real PostgreSQL (127.0.0.1:5432, trust auth, user
 * postgres) or MariaDB (127.0.0.1:3306, root without password), dropped on close together with
 * any user made for it.
 */
public final class TestDatabases implements AutoCloseable {
    public static final HostPort POSTGRES = new HostPort("127.0.0.1", 5432);
    public static final HostPort MARIADB = new HostPort("127.0.0.1", 3306);

    public final boolean postgres;
    public final String name;
    public final HostPort address;
    private final List<String> users = new ArrayList<>();

    private TestDatabases(boolean postgres) {
        Tool.require(postgres ? Tool.LOCAL_POSTGRESQL : Tool.LOCAL_MARIADB);
        this.postgres = postgres;
        this.name = "ar_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        this.address = postgres ? POSTGRES : MARIADB;
        admin("CREATE DATABASE " + name);
    }

    public static TestDatabases postgres() {
        return new TestDatabases(true);
    }

    public static TestDatabases mariadb() {
        return new TestDatabases(false);
    }

    /** The admin user tests log in as. */
    public String adminUser() {
        return postgres ? "postgres" : "root";
    }

    /** A connection to the test database as the admin user. */
    public Connection connect() throws SQLException {
        return postgres
                ? DriverManager.getConnection("jdbc:postgresql://" + address + "/" + name, "postgres", "")
                : DriverManager.getConnection("jdbc:mariadb://" + address + "/" + name, "root", "");
    }

    /** MariaDB only: a user with a password and every right on the test database. */
    public void createUser(String user, String password) {
        for (String host : List.of("%", "localhost", "127.0.0.1")) {
            admin("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
            admin("GRANT ALL ON " + name + ".* TO '" + user + "'@'" + host + "'");
            users.add("'" + user + "'@'" + host + "'");
        }
    }

    public void exec(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String query) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code customers} table with personal data to mask. */
    public void seedCustomers() {
        exec("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200), note VARCHAR(200))",
                "INSERT INTO customers VALUES (1, 'Ada Lovelace', 'ada@personal.example.com', 'vip'),"
                        + " (2, 'Alan Turing', 'alan@personal.example.com', NULL),"
                        + " (3, 'Grace Hopper', 'grace@personal.example.com', 'call; after 5')");
    }

    private void admin(String sql) {
        try (Connection c = postgres
                ? DriverManager.getConnection("jdbc:postgresql://" + address + "/postgres", "postgres", "")
                : DriverManager.getConnection("jdbc:mariadb://" + address + "/", "root", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        users.forEach(u -> admin("DROP USER IF EXISTS " + u));
        admin(postgres ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }
}
