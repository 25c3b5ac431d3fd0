package org.mucregistration.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mucregistration.testenv.TestEnvironment;

/**
 * A real Openfire with the plugin jar under test for the end-to-end test class that registers this:
 *
 * <pre>{@code @RegisterExtension static final OpenfireExtension openfire = new OpenfireExtension();}</pre>
 *
 * <p>Started from the machine's Openfire distribution (see {@link TestEnvironment#openfireDistribution()}) in
 * {@code target/openfire-e2e/<TestClass>}, on the embedded database or a fresh standard database ({@link #on}),
 * before the class's {@code @BeforeAll} methods run, and stopped (its database dropped) after its {@code @AfterAll}
 * methods. Without a distribution, or without the database server, it prints why once and every test of the class is
 * reported skipped, or fails when the run requires every suite ({@link TestEnvironment#skipOrFail}): this is decided
 * before each test, not before all, because failsafe counts a class aborted in {@code @BeforeAll} as 0 tests run,
 * 0 skipped, which would look like a pass.
 */
public final class OpenfireExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String SKIP_MESSAGE = "the end-to-end suite needs OPENFIRE_HOME (an Openfire 5.x distribution); "
            + "set it to run against a real Openfire";

    private String skipMessage = SKIP_MESSAGE;
    private Duration startTimeout = OpenfireServer.DEFAULT_START_TIMEOUT;
    private OpenfireDatabase.Kind databaseKind = OpenfireDatabase.Kind.EMBEDDED;
    private OpenfireServer server;
    private OpenfireDatabase database;
    private final Map<String, String> users = new LinkedHashMap<>();
    private DatabaseSource databaseSource;

    /** A database of the test's own making (e.g. on a server of its own), or empty when this machine cannot make it. */
    public interface DatabaseSource {
        Optional<OpenfireDatabase> create() throws Exception;

        /** Why {@link #create} found nothing, and how to make it so. */
        String missing();
    }

    /** Installs Openfire on a fresh database of this kind instead of the embedded one. */
    public OpenfireExtension on(OpenfireDatabase.Kind kind) {
        this.databaseKind = kind;
        return this;
    }

    /** Installs Openfire on the database {@code source} makes instead of the embedded one (closed afterwards). */
    public OpenfireExtension on(DatabaseSource source) {
        this.databaseSource = source;
        return this;
    }

    /** Creates these users too (username to password), besides Openfire's fixture users. */
    public OpenfireExtension users(Map<String, String> usernamesToPasswords) {
        this.users.putAll(usernamesToPasswords);
        return this;
    }

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
    public void beforeAll(ExtensionContext context) throws Exception {
        final String suite = context.getRequiredTestClass().getSimpleName();
        Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            TestEnvironment.announce(suite, skipMessage);
            return;
        }
        database = (databaseSource != null ? databaseSource.create() : Databases.create(databaseKind)).orElse(null);
        if (database == null) {
            skipMessage = TestEnvironment.announce(suite, databaseSource != null ? databaseSource.missing()
                : Databases.missing(databaseKind));
            return;
        }
        try {
            server = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(),
                    BuildOutput.workDir(context.getRequiredTestClass()))
                    .plugin(BuildOutput.pluginJar()).database(database).startTimeout(startTimeout).users(users));
        } catch (IOException | RuntimeException | Error e) {
            database.close();
            database = null;
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            TestEnvironment.skipOrFail(skipMessage);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            if (database != null) {
                database.close();
                database = null;
            }
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
