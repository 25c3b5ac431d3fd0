package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mucregistration.protocol.Nickname;

/**
 * What the plugin must do on a real Openfire, whatever database Openfire is installed on: the acceptance scenario
 * (the seed), the behaviour scenarios beyond it, and reservations that survive a restart, nicknames at the limits of
 * the database's columns included. One Openfire per concrete class (its database named there); each script uses its own
 * rooms, so they share it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OpenfireSuiteContract {

    /** The Openfire of the concrete class (a static {@code @RegisterExtension} field there). */
    abstract OpenfireExtension openfire();

    /** Rooms and nicknames whose reservations must survive the restart, exactly as registered. */
    record Kept(String room, String nick, String impostor) {
        Map<String, String> values() {
            return Map.of("room", room, "nick", nick, "impostor", impostor);
        }
    }

    /**
     * "Juliet" (case kept; refused as "juliet"), and nicknames at the column limits: the longest nickname accepted,
     * and non-ASCII letters and ideographs (refused in upper case). Characters outside the Basic Multilingual Plane
     * cannot be nicknames on this Openfire (its Resourceprep refuses them; bad_input.scs shows the refusal): the
     * storage contract on each database stores and finds them at the column limits.
     */
    static List<Kept> kept() {
        final String ascii = "R".repeat(Nickname.MAX_LENGTH - 6) + "omeo-x";
        final String wide = "Ĵüłíëť Çåpûłéţ ñ" + "日本語".repeat((Nickname.MAX_LENGTH - 16) / 3);
        return List.of(
            new Kept("balcony", "Juliet", "juliet"),
            new Kept("limits-ascii", ascii, ascii.toLowerCase(Locale.ROOT)),
            new Kept("limits-wide", wide, wide.toUpperCase(Locale.ROOT)));
    }

    @Test
    @Order(1)
    void seedScenarioPasses() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "muc_register.scs"));
    }

    @Test
    @Order(2)
    void badInputIsRefusedAndChangesNothing() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "bad_input.scs"));
    }

    @Test
    @Order(3)
    void precisEqualNicknamesCannotImpersonate() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "impersonation.scs"));
    }

    @Test
    @Order(4)
    void reservationEndsWithTheAffiliation() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "lifetime.scs"));
    }

    @Test
    @Order(4)
    void aRoomRestrictedToReservedNicknamesAdmitsHoldersOnlyUnderThem() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "lockdown.scs"));
    }

    @Test
    @Order(4)
    void everyPresenceAnAffiliationChangeCausesNamesTheActor() throws Exception {
        assertPassed(openfire().server(), run(openfire().server(), "actors.scs"));
    }

    @Test
    @Order(5)
    void reservationEndsWhenOpenfiresOwnConsoleRemovesTheAffiliation() throws Exception {
        OpenfireServer server = openfire().server();
        assertPassed(server, run(server, "console_lifetime_before.scs"));

        String room = URLEncoder.encode("orchard@conference.localhost", StandardCharsets.UTF_8);
        String user = URLEncoder.encode("user2@localhost", StandardCharsets.UTF_8);
        HttpResponse<String> delete = server.adminGet("/muc-room-affiliations.jsp?roomJID=" + room + "&userJID=" + user
                + "&delete=true&affiliation=member&csrf=" + OpenfireServer.ADMIN_CSRF);
        assertEquals(302, delete.statusCode(), "Openfire's affiliation page should redirect after deleting");
        String location = delete.headers().firstValue("location").orElse("");
        assertTrue(location.contains("deletesuccess=true"), "Openfire's affiliation page did not delete: " + location);

        assertPassed(server, run(server, "console_lifetime_after.scs"));
    }

    /**
     * Reservations are stored, not just held in memory: each is registered in a persistent room, Openfire is
     * restarted on the same database, and each is still returned by {@code x-roomuser-item} exactly as registered,
     * still listed in the member list, and still refused to another user in a PRECIS-equal form.
     */
    @Test
    @Order(6)
    void reservedNicknamesSurviveRestartAtTheColumnLimits() throws Exception {
        OpenfireServer server = openfire().server();
        for (Kept kept : kept()) {
            assertPassed(server, run(server, "reservation_persistence_before.scs", kept.values()));
        }

        long t0 = System.nanoTime();
        server.restart();
        System.out.printf("Openfire restarted in %d ms (%s)%n", (System.nanoTime() - t0) / 1_000_000,
                server.database());

        final Map<String, String> failures = new LinkedHashMap<>();
        for (Kept kept : kept()) {
            var result = run(server, "reservation_persistence_after.scs", kept.values());
            if (!result.passed()) {
                failures.put(kept.room(), result.summary() + "\n" + result.failureReport());
            }
        }
        assertTrue(failures.isEmpty(), () -> "after the restart on " + server.database() + ":\n"
                + String.join("\n\n", failures.values()));
    }
}
