package org.mucregistration.storage;

import org.junit.jupiter.api.BeforeAll;
import org.mucregistration.testenv.TestEnvironment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The contract against {@link JdbcReservationStore} on a real PostgreSQL server, named by the environment variable
 * {@value #URL_VARIABLE} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/mucreg?user=mucreg&password=mucreg}).
 * Unset: every test here is skipped, with the reason printed (or fails, in a run that requires every suite). Set but
 * unreachable: the tests fail.
 * Works in its own schema, {@value #SCHEMA}, dropped and created anew for each test; nothing else is touched.
 */
class PostgresReservationStoreTest extends JdbcStoreContract {

    static final String URL_VARIABLE = TestEnvironment.POSTGRES_URL_VARIABLE;
    static final String SCHEMA = "mucreg_test";

    private static String url;
    /** Why the tests are skipped; null when a server is configured. */
    private static String skipReason;

    @BeforeAll
    static void findPostgres() throws SQLException {
        url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            skipReason = TestEnvironment.announce(PostgresReservationStoreTest.class.getSimpleName(),
                    "PostgreSQL tests need " + URL_VARIABLE
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/mucreg?user=mucreg&password=mucreg)");
            return;
        }
        try (Connection con = DriverManager.getConnection(url)) {
            System.out.println("[" + PostgresReservationStoreTest.class.getSimpleName() + "] running against "
                    + con.getMetaData().getDatabaseProductName() + " " + con.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new SQLException(URL_VARIABLE + " is set, but no PostgreSQL server answers there: " + e.getMessage(), e);
        }
    }

    @Override
    protected String databaseType() {
        return "postgresql";
    }

    @Override
    protected void resetDatabase() throws SQLException {
        if (skipReason != null) {
            TestEnvironment.skipOrFail(skipReason); // each test is reported as skipped (or failed), with this reason
        }
        try (Connection con = DriverManager.getConnection(url); Statement st = con.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("currentSchema", SCHEMA);
        return DriverManager.getConnection(url, properties);
    }

    @org.junit.jupiter.api.Test
    void aSearchLeavesThePoolsConnectionAsItFoundIt() throws Exception {
        // One connection handed out again and again, as a pool does: the search's planning setting (SET LOCAL) ends
        // with its transaction, and auto-commit is back on.
        try (Connection shared = rawConnection()) {
            final ConnectionSource pool = TrackingConnections.reusing(shared);
            final JdbcReservationStore onShared = new JdbcReservationStore(pool, databaseType());
            onShared.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            for (String fragment : new String[]{"jul", null, "nobody"}) {
                onShared.search(SERVICE, null, fragment, 0, 10);
                assertEquals("auto", show(shared, "plan_cache_mode"), fragment);
                org.junit.jupiter.api.Assertions.assertTrue(shared.getAutoCommit(), fragment);
            }
            assertEquals(1, onShared.search(SERVICE, null, "JUL", 0, 10).total());
        }
    }

    private static String show(Connection con, String setting) throws SQLException {
        try (Statement st = con.createStatement(); java.sql.ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
