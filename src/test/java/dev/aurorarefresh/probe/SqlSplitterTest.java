package dev.aurorarefresh.probe;

import static dev.aurorarefresh.probe.SqlDialect.MYSQL;
import static dev.aurorarefresh.probe.SqlDialect.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> sql(String script, SqlDialect dialect) {
        return SqlSplitter.split(script, dialect).stream().map(SqlSplitter.Statement::sql).toList();
    }

    @Test
    void splitsAtSemicolonsAndNumbersTheStatementsWithTheirLines() {
        List<SqlSplitter.Statement> s = SqlSplitter.split("SELECT 1;\n\nUPDATE t SET a = 1;\n  DELETE FROM t", POSTGRESQL);
        assertThat(s).containsExactly(new SqlSplitter.Statement(1, 1, "SELECT 1"),
                new SqlSplitter.Statement(2, 3, "UPDATE t SET a = 1"), new SqlSplitter.Statement(3, 4, "DELETE FROM t"));
    }

    @Test
    void semicolonsInsideQuotesDoNotSplit() {
        assertThat(sql("UPDATE t SET a = 'x;y', b = 'it''s; fine';SELECT \"odd;name\" FROM t;", POSTGRESQL))
                .containsExactly("UPDATE t SET a = 'x;y', b = 'it''s; fine'", "SELECT \"odd;name\" FROM t");
        assertThat(sql("UPDATE t SET a = 'it\\'s; fine', b = \"x;y\";SELECT `we;ird` FROM t", MYSQL))
                .containsExactly("UPDATE t SET a = 'it\\'s; fine', b = \"x;y\"", "SELECT `we;ird` FROM t");
    }

    @Test
    void backslashEndsNoPostgresStringButEscapesInAnEString() {
        assertThat(sql("SELECT 'C:\\'; SELECT E'a\\';b'; SELECT 2", POSTGRESQL))
                .containsExactly("SELECT 'C:\\'", "SELECT E'a\\';b'", "SELECT 2");
    }

    @Test
    void dollarQuotedBodiesKeepTheirSemicolons() {
        String function = """
                CREATE FUNCTION f() RETURNS int AS $$
                BEGIN
                  UPDATE t SET a = 1;
                  RETURN 1;
                END;
                $$ LANGUAGE plpgsql""";
        String tagged = "DO $mask$ BEGIN PERFORM 1; RAISE NOTICE '$$'; END $mask$";
        assertThat(sql(function + ";\n" + tagged + ";\nSELECT $1, a$b$c FROM t", POSTGRESQL))
                .containsExactly(function, tagged, "SELECT $1, a$b$c FROM t");
    }

    @Test
    void commentsNeitherSplitNorCountAsStatements() {
        String script = """
                -- header; with a semicolon
                /* block; comment
                   over lines */
                UPDATE t SET a = 1; -- trailing; comment
                /* nested /* ; */ still comment; */ SELECT 2;
                -- only a comment at the end;
                """;
        List<SqlSplitter.Statement> s = SqlSplitter.split(script, POSTGRESQL);
        assertThat(s).extracting(SqlSplitter.Statement::sql).containsExactly("UPDATE t SET a = 1", "SELECT 2");
        assertThat(s).extracting(SqlSplitter.Statement::line).containsExactly(4, 5);
    }

    @Test
    void mysqlHashCommentsAndTheDashDashSpaceRule() {
        assertThat(sql("# note; here\nSELECT 5--3;\nSELECT 1 -- c; c\n;", MYSQL)).containsExactly("SELECT 5--3", "SELECT 1 -- c; c");
        assertThat(sql("SELECT 2 # x; y\n, 3", MYSQL)).containsExactly("SELECT 2 # x; y\n, 3");
    }

    @Test
    void anUnterminatedQuoteRunsToTheEndSoTheDatabaseReportsIt() {
        assertThat(sql("SELECT 1; SELECT 'oops; SELECT 2", POSTGRESQL)).containsExactly("SELECT 1", "SELECT 'oops; SELECT 2");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(SqlSplitter.split(" ;; \n ; ", MYSQL)).isEmpty();
        assertThat(SqlSplitter.split("", POSTGRESQL)).isEmpty();
    }
}
