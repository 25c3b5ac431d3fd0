package org.mucregistration.e2e;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
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
    static final OpenfireExtension openfire = new OpenfireExtension().on(OpenfireDatabase.Kind.EMBEDDED);

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
