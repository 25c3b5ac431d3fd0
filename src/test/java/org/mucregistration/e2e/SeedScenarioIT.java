package org.mucregistration.e2e;

import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mucregistration.scenario.RunResult;

/**
 * The acceptance scenario, {@code scenarios/muc_register.scs}, against a real Openfire 5.x (from
 * {@code OPENFIRE_HOME}) running the plugin jar built by {@code package}. Skipped, loudly, without
 * {@code OPENFIRE_HOME}.
 */
class SeedScenarioIT {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension();

    @Test
    void seedScenarioPasses() throws Exception {
        RunResult result = run(openfire.server(), "muc_register.scs");
        assertPassed(openfire.server(), result);
    }
}
