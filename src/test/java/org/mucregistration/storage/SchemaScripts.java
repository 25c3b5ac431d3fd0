package org.mucregistration.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plugin's schema scripts ({@code database/mucregistration_<type>.sql}), read the way Openfire's SchemaManager
 * reads a plugin's install script: line by line, skipping blank lines and lines that start (after trimming) with
 * {@code //}, {@code --}, {@code #}, {@code REM}, {@code /*} or {@code *}; a statement ends on a line whose trimmed
 * text ends with a semicolon (comment lines included); the semicolon is sent along, except to Oracle and DB2, where
 * the last character is cut off; text left after the last such line is never executed.
 */
final class SchemaScripts {

    static final String KEY = "mucregistration";
    static final int VERSION = 1;
    /** The database types the plugin ships an install script for. */
    static final List<String> TYPES = List.of(
            "hsqldb", "postgresql", "mysql", "mariadb", "sqlserver", "oracle", "db2", "cockroachdb", "firebird");
    /** ofVersion as Openfire creates it before it installs any plugin schema. */
    static final String CREATE_OF_VERSION =
            "CREATE TABLE ofVersion (name VARCHAR(50) NOT NULL, version INTEGER NOT NULL, PRIMARY KEY(name))";

    private SchemaScripts() {
    }

    /** A script cut into statements, and any text Openfire would silently drop at the end. */
    record Parsed(List<String> statements, String droppedAtEnd) {
    }

    static Path script(String type) {
        return Path.of(System.getProperty("basedir", ".")).resolve("database").resolve(KEY + "_" + type + ".sql");
    }

    static List<String> lines(String type) throws IOException {
        return Files.readAllLines(script(type), StandardCharsets.UTF_8);
    }

    static Parsed parse(List<String> lines, String type) {
        final boolean cutLastChar = type.equals("oracle") || type.equals("db2");
        final List<String> statements = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : lines) {
            if (isCommandPart(line)) {
                command.append(' ').append(line);
            }
            if (line.trim().endsWith(";")) {
                if (command.length() > 0) {
                    if (cutLastChar) {
                        command.setLength(command.length() - 1);
                    }
                    statements.add(command.toString());
                }
                command = new StringBuilder();
            }
        }
        return new Parsed(List.copyOf(statements), command.toString().trim());
    }

    static boolean isCommandPart(String line) {
        final String t = line.trim();
        return !t.isEmpty() && !(t.startsWith("//") || t.startsWith("--") || t.startsWith("#")
                || t.startsWith("REM") || t.startsWith("/*") || t.startsWith("*"));
    }

    /** Creates ofVersion, as Openfire's own schema has it. */
    static void createVersionTable(Connection con) throws SQLException {
        try (Statement st = con.createStatement()) {
            st.execute(CREATE_OF_VERSION);
        }
    }

    /** Runs the install script for the type, statement by statement, as SchemaManager does. */
    static void install(Connection con, String type) throws IOException, SQLException {
        final Parsed parsed = parse(lines(type), type);
        if (!parsed.droppedAtEnd().isEmpty()) {
            throw new IllegalStateException("Openfire would drop the end of " + script(type) + ": "
                    + parsed.droppedAtEnd());
        }
        for (String sql : parsed.statements()) {
            try (Statement st = con.createStatement()) {
                st.execute(sql);
            }
        }
    }

    /** The schema version recorded for the plugin in ofVersion, if any. */
    static Optional<Integer> installedVersion(Connection con) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("SELECT version FROM ofVersion WHERE name = ?")) {
            ps.setString(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }
}
