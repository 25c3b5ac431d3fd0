package org.mucregistration.e2e;

import static org.mucregistration.e2e.SeedScenarioIT.assertPassed;
import static org.mucregistration.e2e.SeedScenarioIT.pluginJar;
import static org.mucregistration.e2e.SeedScenarioIT.assumeOpenfire;
import static org.mucregistration.e2e.SeedScenarioIT.distributionOrSkipNotice;
import static org.mucregistration.e2e.SeedScenarioIT.run;
import static org.mucregistration.e2e.SeedScenarioIT.workDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.scenario.RunResult;

/**
 * Reservations are stored, not just held in memory: Juliet registers "Juliet" in a persistent room, Openfire is
 * restarted on the same home (same embedded database), and the reservation is still returned by
 * {@code x-roomuser-item} with its case, still listed in the member list, and still refused to Rosaline as
 * {@code juliet}. Two runner invocations: {@code reservation_persistence_before.scs}, restart,
 * {@code reservation_persistence_after.scs}.
 */
class ReservationPersistenceIT {

    private static OpenfireServer server;

    @BeforeAll
    static void startOpenfire() throws IOException {
        Optional<Path> distribution = distributionOrSkipNotice();
        if (distribution.isPresent()) {
            server = OpenfireServer.start(distribution.get(), pluginJar(), workDir(ReservationPersistenceIT.class));
        }
    }

    @BeforeEach
    void skipWithoutOpenfire() {
        assumeOpenfire();
    }

    @AfterAll
    static void stopOpenfire() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void reservedNicknameSurvivesRestart() throws Exception {
        RunResult before = run(server, "reservation_persistence_before.scs");
        assertPassed(server, before);

        long t0 = System.nanoTime();
        server.restart();
        System.out.printf("Openfire restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        RunResult after = run(server, "reservation_persistence_after.scs");
        assertPassed(server, after);
    }
}
