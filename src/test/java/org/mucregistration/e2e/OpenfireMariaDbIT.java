package org.mucregistration.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OpenfireSuiteContract} on Openfire installed on MariaDB (Debian's mariadb-server), a fresh utf8mb4 database. */
class OpenfireMariaDbIT extends OpenfireSuiteContract {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().on(OpenfireDatabase.Kind.MARIADB);

    @Override
    OpenfireExtension openfire() {
        return openfire;
    }
}
