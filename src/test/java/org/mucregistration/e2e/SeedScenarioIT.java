package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.scenario.RunResult;
import org.mucregistration.scenario.RunnerOptions;
import org.mucregistration.scenario.ScenarioRunner;
import org.mucregistration.scenario.Script;
import org.mucregistration.scenario.ScriptException;
import org.mucregistration.scenario.ScriptParser;

/**
 * The acceptance scenario, {@code scenarios/muc_register.scs}, against a real Openfire 5.x (from
 * {@code OPENFIRE_HOME}) running the plugin jar built by {@code package}. Skipped, loudly, without
 * {@code OPENFIRE_HOME}.
 */
class SeedScenarioIT {

    static final String SKIP_MESSAGE = "SKIPPED: end-to-end suite needs OPENFIRE_HOME (an Openfire 5.x distribution); "
            + "set it to run against a real Openfire";

    private static OpenfireServer server;

    @BeforeAll
    static void startOpenfire() throws IOException {
        Optional<Path> distribution = distributionOrSkipNotice();
        if (distribution.isPresent()) {
            server = OpenfireServer.start(distribution.get(), pluginJar(), workDir(SeedScenarioIT.class));
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
    void seedScenarioPasses() throws Exception {
        RunResult result = run(server, "muc_register.scs");
        assertPassed(server, result);
    }

    // ------------------------------------------------------------------ shared by the end-to-end test classes

    /** The distribution from OPENFIRE_HOME (or -Dopenfire.home); without one, prints the skip notice. */
    static Optional<Path> distributionOrSkipNotice() {
        Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            System.out.println(SKIP_MESSAGE);
        }
        return distribution;
    }

    /**
     * Marks the calling test skipped when there is no Openfire. Done per test (from {@code @BeforeEach}), not in
     * {@code @BeforeAll}: failsafe counts a class aborted in {@code @BeforeAll} as 0 tests run, 0 skipped, which
     * would look like a pass.
     */
    static void assumeOpenfire() {
        Assumptions.assumeTrue(OpenfireServer.distribution().isPresent(), SKIP_MESSAGE);
    }

    /** The plugin jar from {@code -Dplugin.jar} (set by failsafe), else {@code target/mucregistration.jar}. */
    static Path pluginJar() {
        String configured = System.getProperty("plugin.jar");
        Path jar = Path.of(configured != null && !configured.isBlank() ? configured : "target/mucregistration.jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("Plugin jar " + jar + " does not exist: run `mvn package` (or `mvn verify`) first so that the "
                    + "end-to-end suite tests the real plugin jar");
        }
        return jar;
    }

    /** {@code target/openfire-e2e/<TestClass>}: where the class's Openfire copy and its stdout live. */
    static Path workDir(Class<?> testClass) {
        return pluginJar().getParent().resolve("openfire-e2e").resolve(testClass.getSimpleName());
    }

    static Script script(String resource) throws IOException, ScriptException {
        try (InputStream in = SeedScenarioIT.class.getResourceAsStream("/scenarios/" + resource)) {
            if (in == null) {
                throw new IOException("scenario not on the test classpath: /scenarios/" + resource);
            }
            return ScriptParser.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Runs {@code scenarios/<resource>} against {@code server}; prints the summary line whatever the outcome. */
    static RunResult run(OpenfireServer server, String resource) throws IOException, ScriptException {
        RunnerOptions options = RunnerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(server.clientPort())
                .withReceiveTimeout(Duration.ofSeconds(Long.getLong("scenario.receiveTimeoutSeconds", 5)))
                .withVerbose(Boolean.getBoolean("scenario.verbose"))
                .withLog(System.out);
        long t0 = System.nanoTime();
        RunResult result = new ScenarioRunner(options).run(script(resource));
        System.out.printf("SUMMARY %s (%d ms)%n", result.summary(), (System.nanoTime() - t0) / 1_000_000);
        return result;
    }

    /** Fails with the runner's report and the tail of openfire.log unless {@code result} passed. */
    static void assertPassed(OpenfireServer server, RunResult result) {
        if (!result.passed()) {
            System.out.println("----- failure report -----");
            System.out.println(result.failureReport());
            System.out.println("----- openfire.log (last 80 lines) -----");
            System.out.println(server.logTail(80));
            System.out.println("----- (full log: " + server.logFile() + ", stdout: " + server.stdoutFile() + ") -----");
        }
        assertTrue(result.passed(), () -> result.summary() + "\n" + result.failureReport());
    }
}
