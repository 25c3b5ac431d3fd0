package org.mucregistration.storage;

import org.junit.jupiter.api.BeforeAll;
import org.mucregistration.testenv.TestEnvironment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The contract against {@link JdbcReservationStore} on a real MariaDB server, named by the environment variable
 * {@value TestEnvironment#MARIADB_URL_VARIABLE} (e.g. {@code jdbc:mariadb://127.0.0.1:3306/?user=mucreg&password=mucreg},
 * a user that may create databases). Unset: every test here is skipped, saying so (or fails, in a run that requires
 * every suite). Set but unreachable: the tests fail. Works in its own utf8mb4 database, {@value #DATABASE}, dropped and
 * created anew for each test, with the plugin's MariaDB install script.
 */
class MariaDbReservationStoreTest extends JdbcStoreContract {

    static final String DATABASE = "mucreg_store_test";

    private static String url;
    /** Why the tests are skipped; null when a server is configured. */
    private static String skipReason;

    @BeforeAll
    static void findMariaDb() throws SQLException {
        url = TestEnvironment.mariadbUrl().orElse(null);
        if (url == null) {
            skipReason = TestEnvironment.announce(MariaDbReservationStoreTest.class.getSimpleName(),
                    "MariaDB tests need " + TestEnvironment.MARIADB_URL_VARIABLE
                    + " (e.g. jdbc:mariadb://127.0.0.1:3306/?user=mucreg&password=mucreg)");
            return;
        }
        try (Connection con = DriverManager.getConnection(url)) {
            System.out.println("[" + MariaDbReservationStoreTest.class.getSimpleName() + "] running against "
                    + con.getMetaData().getDatabaseProductName() + " " + con.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new SQLException(TestEnvironment.MARIADB_URL_VARIABLE + " is set, but no MariaDB server answers there: "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected String databaseType() {
        return "mariadb";
    }

    /**
     * InnoDB's UPDATE of a row that is not there takes a next-key (gap) lock, which keeps another writer's INSERT of
     * that user out until the put ends: the other writer, staged on the same thread, would wait on itself. The racing
     * tests, on real threads, cover those races here.
     */
    @Override
    protected boolean locksTablesForWriters() {
        return true;
    }

    @Override
    protected void resetDatabase() throws SQLException {
        if (skipReason != null) {
            TestEnvironment.skipOrFail(skipReason);
        }
        try (Connection con = DriverManager.getConnection(url); Statement st = con.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        final Connection con = DriverManager.getConnection(url);
        con.setCatalog(DATABASE);
        return con;
    }
}
