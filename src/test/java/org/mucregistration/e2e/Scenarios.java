package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.mucregistration.scenario.RunResult;
import org.mucregistration.scenario.RunnerOptions;
import org.mucregistration.scenario.ScenarioRunner;
import org.mucregistration.scenario.Script;
import org.mucregistration.scenario.ScriptException;
import org.mucregistration.scenario.ScriptParser;

/** Running the scenario scripts of {@code src/test/resources/scenarios} against the end-to-end suite's Openfire. */
final class Scenarios {

    private Scenarios() {
    }

    static Script script(String resource) throws IOException, ScriptException {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + resource)) {
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
