package org.mucregistration.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OpenfireSuiteContract} on Openfire installed on the embedded HSQLDB (Openfire's default). */
class OpenfireEmbeddedIT extends OpenfireSuiteContract {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().on(OpenfireDatabase.Kind.EMBEDDED);

    @Override
    OpenfireExtension openfire() {
        return openfire;
    }
}
