package org.mucregistration.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Openfire with the plugin jar under test for the end-to-end test class that registers this:
 *
 * <pre>{@code @RegisterExtension static final OpenfireExtension openfire = new OpenfireExtension();}</pre>
 *
 * <p>Started from {@code OPENFIRE_HOME} (see {@link OpenfireServer#distribution()}) in
 * {@code target/openfire-e2e/<TestClass>} before the class's {@code @BeforeAll} methods run, and
 * stopped after its {@code @AfterAll} methods. Without {@code OPENFIRE_HOME} it prints the skip notice once and
 * every test of the class is reported skipped: the assumption is made before each test, not before all, because
 * failsafe counts a class aborted in {@code @BeforeAll} as 0 tests run, 0 skipped, which would look like a pass.
 */
public final class OpenfireExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String SKIP_MESSAGE = "SKIPPED: end-to-end suite needs OPENFIRE_HOME (an Openfire 5.x distribution); "
            + "set it to run against a real Openfire";

    private String skipMessage = SKIP_MESSAGE;
    private Duration startTimeout = OpenfireServer.DEFAULT_START_TIMEOUT;
    private OpenfireServer server;

    /** Prints {@code message} (and gives it as the reason of the skipped tests) instead of {@link #SKIP_MESSAGE}. */
    public OpenfireExtension skipMessage(String message) {
        this.skipMessage = message;
        return this;
    }

    /**
     * Allows Openfire {@code timeout} to start (and restart) instead of {@link OpenfireServer#DEFAULT_START_TIMEOUT},
     * unless {@code -Dopenfire.startTimeoutSeconds} says otherwise.
     */
    public OpenfireExtension startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            System.out.println(skipMessage);
            return;
        }
        server = OpenfireServer.start(distribution.get(), BuildOutput.pluginJar(),
                BuildOutput.workDir(context.getRequiredTestClass()), startTimeout);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(server != null, skipMessage);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Whether Openfire is running; when not, the class's tests are skipped (for {@code @BeforeAll} set-up). */
    public boolean isRunning() {
        return server != null;
    }

    /** The running Openfire. */
    public OpenfireServer server() {
        if (server == null) {
            throw new IllegalStateException("Openfire is not running: " + skipMessage);
        }
        return server;
    }
}
