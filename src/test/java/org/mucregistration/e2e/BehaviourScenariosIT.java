package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin's rules beyond the seed, each a scenario against the real Openfire with the plugin: bad input refused
 * with the right error and nothing changed, PRECIS-equal nicknames refused for every affiliation, and reservations
 * that end with the affiliation, whether the plugin or Openfire's own admin console removes it. Each script uses its
 * own room, so they share one server.
 */
class BehaviourScenariosIT {

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension();

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        assertPassed(openfire.server(), run(openfire.server(), "bad_input.scs"));
    }

    @Test
    void precisEqualNicknamesCannotImpersonate() throws Exception {
        assertPassed(openfire.server(), run(openfire.server(), "impersonation.scs"));
    }

    @Test
    void reservationEndsWithTheAffiliation() throws Exception {
        assertPassed(openfire.server(), run(openfire.server(), "lifetime.scs"));
    }

    @Test
    void reservationEndsWhenOpenfiresOwnConsoleRemovesTheAffiliation() throws Exception {
        OpenfireServer server = openfire.server();
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
}
