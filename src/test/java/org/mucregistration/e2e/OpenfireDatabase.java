package org.mucregistration.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The database an Openfire under test is installed on. The embedded HSQLDB lives in the Openfire home; a standard
 * database (PostgreSQL, MariaDB) is a fresh database created for one test class on a server the machine runs, and
 * dropped when the class is done. Openfire creates its own schema in it at setup, and the plugin its table.
 */
public abstract sealed class OpenfireDatabase implements AutoCloseable {

    /** The database kinds the end-to-end suites run on. */
    public enum Kind {
        EMBEDDED("embedded HSQLDB"), POSTGRESQL("PostgreSQL"), MARIADB("MariaDB");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public abstract Kind kind();

    /** The {@code <database>} element of {@code <autosetup>}. */
    abstract String autosetupXml();

    /**
     * The {@code <connectionProvider>} and {@code <database>} elements of the {@code openfire.xml} of a node that joins
     * an Openfire already set up on this database (no autosetup).
     */
    abstract String setUpXml();

    /** A connection to Openfire's database, for tests that look at or change what is stored. */
    public abstract Connection connect() throws SQLException;

    @Override
    public abstract void close();

    @Override
    public String toString() {
        return kind().label;
    }

    public static OpenfireDatabase embedded() {
        return new Embedded();
    }

    /** A fresh database on the PostgreSQL server at {@code adminUrl} (a role that may create databases). */
    public static OpenfireDatabase postgresql(String adminUrl) throws SQLException {
        return new Standard(Kind.POSTGRESQL, adminUrl, "org.postgresql.Driver",
            "CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0", "DROP DATABASE IF EXISTS %s WITH (FORCE)");
    }

    /**
     * A fresh database on the PostgreSQL server at {@code adminUrl}, which is {@code server}'s: closing the database
     * drops it, then closes the server.
     */
    public static OpenfireDatabase postgresql(String adminUrl, AutoCloseable server) throws SQLException {
        final Standard database = (Standard) postgresql(adminUrl);
        database.server = server;
        return database;
    }

    /** A fresh utf8mb4 database on the MariaDB server at {@code adminUrl} (a user that may create databases). */
    public static OpenfireDatabase mariadb(String adminUrl) throws SQLException {
        return new Standard(Kind.MARIADB, adminUrl, "org.mariadb.jdbc.Driver",
            "CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", "DROP DATABASE IF EXISTS %s");
    }

    static final class Embedded extends OpenfireDatabase {
        @Override
        public Kind kind() {
            return Kind.EMBEDDED;
        }

        @Override
        String autosetupXml() {
            return "<database><mode>embedded</mode></database>";
        }

        @Override
        String setUpXml() {
            throw new UnsupportedOperationException("The embedded database belongs to one Openfire home");
        }

        @Override
        public Connection connect() {
            throw new UnsupportedOperationException("Openfire holds the embedded database's files while it runs");
        }

        @Override
        public void close() {
        }
    }

    static final class Standard extends OpenfireDatabase {
        private final Kind kind;
        private final String adminUrl;
        private final String driver;
        private final String name;
        private final String url;
        private final String user;
        private final String password;
        private final String drop;
        /** The server the database lives on, when it is the test's own: closed after the database is dropped. */
        private AutoCloseable server;

        Standard(Kind kind, String adminUrl, String driver, String create, String drop) throws SQLException {
            this.kind = kind;
            this.adminUrl = adminUrl;
            this.driver = driver;
            this.drop = drop;
            this.name = "mucreg_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            final URI server = URI.create(adminUrl.substring("jdbc:".length()));
            final Map<String, String> params = query(server.getRawQuery());
            this.user = params.get("user");
            this.password = params.get("password");
            if (user == null || password == null) {
                throw new IllegalArgumentException(kind.label + " URL " + adminUrl + " must name user= and password=");
            }
            this.url = "jdbc:" + server.getScheme() + "://" + server.getHost() + ":" + server.getPort() + "/" + name;
            try (Connection con = DriverManager.getConnection(adminUrl); Statement st = con.createStatement()) {
                st.execute(create.formatted(name));
            }
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        String autosetupXml() {
            return "<database><mode>standard</mode>" + providerXml() + "</database>";
        }

        @Override
        String setUpXml() {
            return "<connectionProvider><className>org.jivesoftware.database.DefaultConnectionProvider</className>"
                + "</connectionProvider><database>" + providerXml() + "</database>";
        }

        private String providerXml() {
            return "<defaultProvider><driver>" + driver + "</driver><serverURL>" + url + "</serverURL>"
                + "<username>" + user + "</username><password>" + password + "</password>"
                + "<testSQL>SELECT 1</testSQL><testBeforeUse>false</testBeforeUse><testAfterUse>false</testAfterUse>"
                + "<minConnections>2</minConnections><maxConnections>25</maxConnections>"
                + "<connectionTimeout>1.0</connectionTimeout></defaultProvider>";
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public void close() {
            try (Connection con = DriverManager.getConnection(adminUrl); Statement st = con.createStatement()) {
                st.execute(drop.formatted(name));
            } catch (SQLException e) {
                System.err.println("Could not drop the test database " + name + " on " + kind.label + ": " + e);
            }
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("Could not close " + server + ": " + e);
                }
            }
        }

        @Override
        public String toString() {
            return kind.label + " database " + name;
        }

        private static Map<String, String> query(String raw) {
            final Map<String, String> params = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    final int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(pair.substring(0, eq).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return params;
        }
    }
}
