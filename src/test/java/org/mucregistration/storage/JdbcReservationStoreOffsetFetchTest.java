package org.mucregistration.storage;

/**
 * The HSQLDB contract again through the standard SQL dialect (OFFSET ? ROWS FETCH NEXT ? ROWS ONLY, offset bound
 * first), which HSQLDB also understands: the dialect that SQL Server, Oracle, DB2 and Firebird get. DB2's is the one
 * chosen here, as SQL Server's LIKE escapes {@code [}, which standard SQL refuses.
 */
class JdbcReservationStoreOffsetFetchTest extends JdbcReservationStoreTest {

    @Override
    protected String databaseType() {
        return "db2";
    }

    @Override
    protected String scriptType() {
        return "hsqldb";
    }
}
