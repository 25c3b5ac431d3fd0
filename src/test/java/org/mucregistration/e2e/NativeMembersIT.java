package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.e2e.Scenarios.assertPassed;
import static org.mucregistration.e2e.Scenarios.run;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mucregistration.testenv.TestEnvironment;

/**
 * One truth with Openfire's own reserved nicknames, end to end on a real Openfire: a server that ran without the plugin,
 * with a room whose member nicknames Openfire reserved itself (its own registration form, its own console); then the
 * plugin uploaded on the console's Plugins page: those nicknames are reported and enforced like the plugin's own, and
 * one registered through the plugin becomes Openfire's member nickname; then the plugin deleted on the Plugins page:
 * Openfire itself still refuses the members' nicknames.
 */
class NativeMembersIT {
    static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void openfiresMemberNicknamesAreTheReservationsBeforeDuringAndAfterThePlugin() throws Exception {
        final Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            TestEnvironment.skipOrFail(TestEnvironment.announce("NativeMembersIT", OpenfireExtension.SKIP_MESSAGE));
            return;
        }
        try (OpenfireServer openfire = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(),
            BuildOutput.workDir(NativeMembersIT.class)))) {
            assertPassed(openfire, run(openfire, "native/before_plugin.scs"));
            final HttpResponse<String> added = openfire.adminPost("/muc-room-affiliations.jsp", Map.of(
                "roomJID", "capulets@conference.localhost", "affiliation", "member", "userJID", "user3@localhost",
                "nickName", "Rosie", "add", "true"));
            assertEquals(302, added.statusCode(), "Openfire's affiliation page answered " + added.statusCode());
            assertTrue(added.headers().firstValue("location").orElse("").contains("addsuccess=true"),
                added.headers().toString());

            openfire.uploadPlugin(BuildOutput.pluginJar(), PLUGIN_TIMEOUT);
            openfire.awaitLog("Took over 2 member nickname(s)", PLUGIN_TIMEOUT);
            assertPassed(openfire, run(openfire, "native/with_plugin.scs"));

            openfire.deletePluginOnConsole(PLUGIN_TIMEOUT);
            assertPassed(openfire, run(openfire, "native/after_uninstall.scs"));
        }
    }
}
