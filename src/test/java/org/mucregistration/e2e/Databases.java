package org.mucregistration.e2e;

import java.sql.SQLException;
import java.util.Optional;

import org.mucregistration.testenv.TestEnvironment;

/** The databases this machine can install an Openfire under test on. */
final class Databases {

    private Databases() {
    }

    /**
     * A fresh database of this kind, or empty when the machine has no such server configured.
     *
     * @throws SQLException when the server is configured but cannot create the database (a failure, not a skip)
     */
    static Optional<OpenfireDatabase> create(OpenfireDatabase.Kind kind) throws SQLException {
        return switch (kind) {
            case EMBEDDED -> Optional.of(OpenfireDatabase.embedded());
            case POSTGRESQL -> {
                final Optional<String> url = TestEnvironment.postgresUrl();
                yield url.isEmpty() ? Optional.empty() : Optional.of(OpenfireDatabase.postgresql(url.get()));
            }
            case MARIADB -> {
                final Optional<String> url = TestEnvironment.mariadbUrl();
                yield url.isEmpty() ? Optional.empty() : Optional.of(OpenfireDatabase.mariadb(url.get()));
            }
        };
    }

    /** Why a database of this kind is not available here, and how to make it so. */
    static String missing(OpenfireDatabase.Kind kind) {
        return switch (kind) {
            case EMBEDDED -> "the embedded database is always available";
            case POSTGRESQL -> "Openfire on PostgreSQL needs " + TestEnvironment.POSTGRES_URL_VARIABLE
                + " (a role that may create databases, e.g. jdbc:postgresql://127.0.0.1:5432/mucreg?user=mucreg"
                + "&password=mucreg; .ci/run sets one up)";
            case MARIADB -> "Openfire on MariaDB needs " + TestEnvironment.MARIADB_URL_VARIABLE
                + " (a user that may create databases, e.g. jdbc:mariadb://127.0.0.1:3306/?user=mucreg&password=mucreg;"
                + " .ci/run sets one up)";
        };
    }
}
