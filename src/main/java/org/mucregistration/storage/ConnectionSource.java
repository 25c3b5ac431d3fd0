package org.mucregistration.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out JDBC connections; the caller closes each one it gets. In Openfire this is
 * {@code DbConnectionManager::getConnection} (a pooled connection in auto-commit mode); tests pass a
 * {@code DriverManager} lambda.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** A connection that the caller owns and must close. */
    Connection getConnection() throws SQLException;
}
