package org.mucregistration.e2e;

import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mucregistration.scenario.RunResult;

/**
 * Reservations are stored, not just held in memory: Juliet registers "Juliet" in a persistent room, Openfire is
 * restarted on the same home (same embedded database), and the reservation is still returned by
 * {@code x-roomuser-item} with its case, still listed in the member list, and still refused to Rosaline as
 * {@code juliet}. Two runner invocations: {@code reservation_persistence_before.scs}, restart,
 * {@code reservation_persistence_after.scs}.
 */
class ReservationPersistenceIT {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension();

    @Test
    void reservedNicknameSurvivesRestart() throws Exception {
        OpenfireServer server = openfire.server();
        RunResult before = run(server, "reservation_persistence_before.scs");
        assertPassed(server, before);

        long t0 = System.nanoTime();
        server.restart();
        System.out.printf("Openfire restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        RunResult after = run(server, "reservation_persistence_after.scs");
        assertPassed(server, after);
    }
}
