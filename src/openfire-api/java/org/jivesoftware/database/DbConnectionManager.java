// Openfire 5.1.1 API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.database;

import java.sql.Connection;
import java.sql.SQLException;

public class DbConnectionManager {
    public DbConnectionManager() { throw new UnsupportedOperationException(); }
    public static Connection getConnection() throws SQLException { throw new UnsupportedOperationException(); }
    public static DatabaseType getDatabaseType() { throw new UnsupportedOperationException(); }

    public enum DatabaseType {
        oracle, postgresql, cockroachdb, mysql, mariadb, hsqldb, db2, firebird, sqlserver, interbase, unknown
    }
}
