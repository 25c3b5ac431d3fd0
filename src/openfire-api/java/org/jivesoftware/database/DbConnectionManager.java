// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.database;

import java.sql.Connection;
import java.sql.SQLException;

public class DbConnectionManager {
    public DbConnectionManager() { throw new UnsupportedOperationException(); }
    public static Connection getConnection() throws SQLException { throw new UnsupportedOperationException(); }
    public static DatabaseType getDatabaseType() { throw new UnsupportedOperationException(); }

    /**
     * Only the constants of both 5.0.x and 5.1.x: 5.1.0 added cockroachdb, mariadb and firebird (5.0.x reports MariaDB
     * as mysql). The plugin reads the type by name only, so it runs on either.
     */
    public enum DatabaseType {
        oracle, postgresql, mysql, hsqldb, db2, sqlserver, interbase, unknown
    }
}
