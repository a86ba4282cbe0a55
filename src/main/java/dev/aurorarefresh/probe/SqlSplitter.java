package dev.aurorarefresh.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at top-level semicolons. Semicolons inside quotes
 * ('...', "...", MySQL `...`), comments (--, block comments, MySQL #) and PostgreSQL dollar-quoted
 * bodies ($$...$$, $tag$...$tag$) do not split. Not a parser: an unterminated quote simply runs
 * to the end, and the database then reports the error for that statement. MySQL's client-side
 * DELIMITER command is not supported.
 */
public final class SqlSplitter {

    /** One statement: its number among the file's statements (from 1), the line it starts on, its text. */
    public record Statement(int number, int line, String sql) {
    }

    private final String s;
    private final SqlDialect dialect;
    private int i;
    private int line = 1;

    private SqlSplitter(String script, SqlDialect dialect) {
        this.s = script;
        this.dialect = dialect;
    }

    public static List<Statement> split(String script, SqlDialect dialect) {
        return new SqlSplitter(script, dialect).run();
    }

    private List<Statement> run() {
        List<Statement> out = new ArrayList<>();
        int codeStart = -1;
        int codeLine = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ';') {
                add(out, codeStart, i, codeLine);
                i++;
                codeStart = -1;
                continue;
            }
            if (skipComment()) {
                continue;
            }
            if (!Character.isWhitespace(c) && codeStart < 0) {
                codeStart = i;
                codeLine = line;
            }
            if (c == '\'') {
                skipQuoted('\'', dialect == SqlDialect.MYSQL || isEscapeString());
            } else if (c == '"') {
                skipQuoted('"', dialect == SqlDialect.MYSQL);
            } else if (c == '`' && dialect == SqlDialect.MYSQL) {
                skipQuoted('`', false);
            } else if (c == '$' && dialect == SqlDialect.POSTGRESQL && skipDollarQuoted()) {
                continue;
            } else {
                advance();
            }
        }
        add(out, codeStart, s.length(), codeLine);
        return out;
    }

    private void add(List<Statement> out, int codeStart, int end, int codeLine) {
        if (codeStart >= 0) {
            out.add(new Statement(out.size() + 1, codeLine, s.substring(codeStart, end).strip()));
        }
    }

    private void advance() {
        if (s.charAt(i) == '\n') {
            line++;
        }
        i++;
    }

    private boolean startsWith(String token) {
        return s.startsWith(token, i);
    }

    private boolean skipComment() {
        if (startsWith("--") && (dialect == SqlDialect.POSTGRESQL || i + 2 >= s.length()
                || Character.isWhitespace(s.charAt(i + 2)))) {
            skipToEndOfLine();
            return true;
        }
        if (dialect == SqlDialect.MYSQL && s.charAt(i) == '#') {
            skipToEndOfLine();
            return true;
        }
        if (startsWith("/*")) {
            // PostgreSQL nests block comments; MySQL does not
            int depth = 0;
            do {
                if (startsWith("/*") && (depth == 0 || dialect == SqlDialect.POSTGRESQL)) {
                    depth++;
                    i += 2;
                } else if (startsWith("*/")) {
                    depth--;
                    i += 2;
                } else {
                    advance();
                }
            } while (depth > 0 && i < s.length());
            return true;
        }
        return false;
    }

    private void skipToEndOfLine() {
        while (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
    }

    /** PostgreSQL E'...' strings take backslash escapes. */
    private boolean isEscapeString() {
        return i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                && (i < 2 || !isIdentifierChar(s.charAt(i - 2)));
    }

    /** From the opening quote past the closing one; a doubled quote is part of the text. */
    private void skipQuoted(char quote, boolean backslashEscapes) {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i++;
                if (i < s.length()) {
                    advance();
                }
            } else if (c == quote) {
                i++;
                if (i < s.length() && s.charAt(i) == quote) {
                    i++;
                } else {
                    return;
                }
            } else {
                advance();
            }
        }
    }

    /** $tag$ ... $tag$ (tag possibly empty); false if the $ does not open one (e.g. $1). */
    private boolean skipDollarQuoted() {
        if (i > 0 && isIdentifierChar(s.charAt(i - 1))) {
            return false;
        }
        int j = i + 1;
        while (j < s.length() && isIdentifierChar(s.charAt(j)) && s.charAt(j) != '$') {
            j++;
        }
        if (j >= s.length() || s.charAt(j) != '$' || (j > i + 1 && Character.isDigit(s.charAt(i + 1)))) {
            return false;
        }
        String tag = s.substring(i, j + 1);
        int close = s.indexOf(tag, j + 1);
        int end = close < 0 ? s.length() : close + tag.length();
        while (i < end) {
            advance();
        }
        return true;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
