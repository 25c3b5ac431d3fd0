package org.mucregistration.e2e;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

/**
 * {@link OpenfireSuiteContract} on Openfire installed on the embedded HSQLDB (Openfire's default), and what does not
 * depend on the database: MUC services created and deleted while the plugin runs.
 */
class OpenfireEmbeddedIT extends OpenfireSuiteContract {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().on(OpenfireDatabase.Kind.EMBEDDED)
        .users(HostileRun.EXTRA_USERS);

    @Override
    OpenfireExtension openfire() {
        return openfire;
    }

    /**
     * A service created on Openfire's console after the plugin loaded gets the whole behaviour (muc#admin reserved
     * nicknames included) without a reload; deleted and created again under its name (a new service object in
     * Openfire), it gets it again.
     */
    @Test
    @Order(20)
    void aServiceCreatedWhileThePluginRunsGetsEverythingWithoutAReload() throws Exception {
        final OpenfireServer server = openfire().server();
        createService(server, "events");
        assertPassed(server, run(server, "service_created.scs", Map.of("service", "events")));

        deleteService(server, "events");
        createService(server, "events");
        assertPassed(server, run(server, "service_created.scs", Map.of("service", "events")));
        deleteService(server, "events");
    }

    /**
     * The hostile-input run: every row of docs/bad-input.md from every sender, in seeded variants ({@code
     * -Dhostile.seed}, {@code -Dhostile.rounds}), against this Openfire. Each answer is the table's; the room's
     * affiliations and reservations are afterwards exactly what they were; Openfire logged no ERROR and no exception
     * meanwhile; and the seed scenario still passes on the same server.
     */
    @Test
    @Order(30)
    void hostileInputGetsTheAnswersOfTheTable() throws Exception {
        final OpenfireServer server = openfire().server();
        final long seed = Long.getLong("hostile.seed", System.currentTimeMillis());
        final int rounds = Integer.getInteger("hostile.rounds", 3);
        final long mark = server.logMark();
        final HostileRun.Result result;
        final String before;
        final String after;
        try (HostileRun run = new HostileRun(server, 1024)) { // HSQLDB: JIDs and nickname keys up to 1024 characters
            run.setUp();
            before = run.state();
            result = run.run(seed, rounds);
            after = run.state();
        }
        System.out.printf("HOSTILE seed %d: %d cases (%d rows x 5 senders x %d rounds) in %d ms, %d answered "
                + "otherwise than docs/bad-input.md%n", seed, result.cases(), result.perRow().size(), rounds,
            result.millis(), result.wrong().size());
        assertTrue(result.cases() >= 500, "at least 500 cases: " + result.cases());
        assertTrue(result.wrong().isEmpty(), () -> "seed " + seed + " (rerun with -Dhostile.seed=" + seed + "):\n"
            + String.join("\n", result.wrong()));
        assertEquals(before, after, "the room's affiliations and reservations after the run");
        final List<String> errors = server.logErrorsSince(mark);
        assertTrue(errors.isEmpty(), () -> "Openfire logged during the hostile run:\n" + String.join("\n", errors));
        assertPassed(server, run(server, "muc_register.scs"));
    }

    /** The plugin's caches of reservation lookups are Openfire caches: on its Cache Summary page, with their size. */
    @Test
    @Order(40)
    void theReservationCachesAreOnOpenfiresCacheSummaryPage() throws Exception {
        final HttpResponse<String> page = openfire().server().adminGet("/system-cache.jsp");
        assertEquals(200, page.statusCode());
        for (String cache : List.of("MUC Registration Reserved Nicknames", "MUC Registration Reservations By User",
            "MUC Registration Room Listings")) {
            assertTrue(page.body().contains(cache), cache + " is not on Openfire's Cache Summary page");
        }
    }

    private static void createService(OpenfireServer server, String name) throws IOException {
        final HttpResponse<String> created = server.adminPost("/muc-service-edit-form.jsp", Map.of(
            "create", "true", "save", "true", "mucname", name, "mucdesc", "Created by " + OpenfireEmbeddedIT.class
                .getSimpleName()));
        assertEquals(302, created.statusCode(), "Openfire's service page should redirect after creating " + name);
        assertTrue(created.headers().firstValue("location").orElse("").contains("success=true"),
            "Openfire's service page did not create " + name + ": " + created.headers().firstValue("location"));
    }

    private static void deleteService(OpenfireServer server, String name) throws IOException {
        final HttpResponse<String> deleted = server.adminPost("/muc-service-delete.jsp", Map.of(
            "delete", "true", "mucname", name, "reason", "test over"));
        assertEquals(302, deleted.statusCode(), "Openfire's service page should redirect after deleting " + name);
        assertTrue(deleted.headers().firstValue("location").orElse("").contains("muc-service-summary.jsp"),
            "Openfire's service page did not delete " + name + ": " + deleted.headers().firstValue("location"));
    }
}
