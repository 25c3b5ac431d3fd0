package org.mucregistration.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OpenfireSuiteContract} on Openfire installed on PostgreSQL (Debian's postgresql), a fresh database. */
class OpenfirePostgresIT extends OpenfireSuiteContract {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().on(OpenfireDatabase.Kind.POSTGRESQL);

    @Override
    OpenfireExtension openfire() {
        return openfire;
    }
}
