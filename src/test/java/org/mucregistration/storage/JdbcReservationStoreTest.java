package org.mucregistration.storage;

import org.junit.jupiter.api.AfterEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The contract against {@link JdbcReservationStore} on a real in-process HSQLDB (what Openfire embeds), a fresh
 * in-memory database per test, in HSQLDB's default transaction mode (two-phase locking, as Openfire's embedded
 * database runs).
 */
class JdbcReservationStoreTest extends JdbcStoreContract {

    private String url;
    /** Keeps the in-memory database alive between the store's connections. */
    private Connection keepAlive;

    /** Extra connection properties appended to the URL. */
    protected String urlOptions() {
        return "";
    }

    @Override
    protected boolean locksTablesForWriters() {
        return !urlOptions().contains("mvcc");
    }

    @Override
    protected String databaseType() {
        return "hsqldb";
    }

    @Override
    protected void resetDatabase() throws SQLException {
        url = "jdbc:hsqldb:mem:mucreg" + UUID.randomUUID().toString().replace("-", "") + urlOptions();
        keepAlive = DriverManager.getConnection(url, "SA", "");
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url, "SA", "");
    }

    @AfterEach
    void shutDownDatabase() throws SQLException {
        if (keepAlive != null) {
            try (Statement st = keepAlive.createStatement()) {
                st.execute("SHUTDOWN");
            }
            keepAlive.close();
        }
    }
}
