package org.mucregistration.storage;

/** The HSQLDB contract again in MVCC mode, where conflicting writers see serialization failures (SQLState 40001). */
class JdbcReservationStoreMvccTest extends JdbcReservationStoreTest {

    @Override
    protected String urlOptions() {
        return ";hsqldb.tx=mvcc";
    }
}
