package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        return script(resource, Map.of());
    }

    /**
     * The script, with each {@code {{name}}} of a template replaced by its value ({@code values}: name → value; a
     * placeholder left without a value is an error, so a template cannot run half filled in).
     */
    static Script script(String resource, Map<String, String> values) throws IOException, ScriptException {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + resource)) {
            if (in == null) {
                throw new IOException("scenario not on the test classpath: /scenarios/" + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            Matcher left = PLACEHOLDER.matcher(text);
            if (left.find()) {
                throw new IllegalArgumentException("scenario " + resource + " needs a value for " + left.group());
            }
            return ScriptParser.parse(values.containsKey("room") ? resource + " (room " + values.get("room") + ")"
                    : resource, text);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\w+}}");

    /** How the suites run scripts: loopback, clients on {@code port} unless told otherwise. */
    static RunnerOptions options(int port) {
        return RunnerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(port)
                .withReceiveTimeout(Duration.ofSeconds(Long.getLong("scenario.receiveTimeoutSeconds", 5)))
                .withVerbose(Boolean.getBoolean("scenario.verbose"))
                .withLog(System.out);
    }

    /**
     * What each server logged at ERROR (or with an exception) during a run: {@link #assertPassed} fails a run that
     * passed its script but made Openfire log one. Kept by the run's result, until asserted.
     */
    private static final Map<RunResult, List<String>> LOGGED = java.util.Collections.synchronizedMap(
            new java.util.IdentityHashMap<>());

    /** Runs {@code scenarios/<resource>} against {@code server}; prints the summary line whatever the outcome. */
    static RunResult run(OpenfireServer server, String resource) throws IOException, ScriptException {
        return run(server, resource, Map.of());
    }

    /** Runs the template {@code scenarios/<resource>} filled in with {@code values} against {@code server}. */
    static RunResult run(OpenfireServer server, String resource, Map<String, String> values)
            throws IOException, ScriptException {
        return watching(List.of(server), () -> run(options(server.clientPort()), resource, values));
    }

    interface Run {
        RunResult run() throws IOException, ScriptException;
    }

    /** Runs, and keeps what the servers logged at ERROR meanwhile for {@link #assertPassed}. */
    static RunResult watching(List<OpenfireServer> servers, Run run) throws IOException, ScriptException {
        final Map<OpenfireServer, Long> marks = new java.util.LinkedHashMap<>();
        for (OpenfireServer server : servers) {
            marks.put(server, server.logMark());
        }
        final RunResult result = run.run();
        final List<String> logged = new ArrayList<>();
        for (Map.Entry<OpenfireServer, Long> mark : marks.entrySet()) {
            for (String line : mark.getKey().logErrorsSince(mark.getValue())) {
                logged.add(mark.getKey().logFile() + ": " + line);
            }
        }
        LOGGED.put(result, logged);
        return result;
    }

    /** Runs the template {@code scenarios/<resource>} filled in with {@code values} as {@code options} say. */
    static RunResult run(RunnerOptions options, String resource, Map<String, String> values)
            throws IOException, ScriptException {
        long t0 = System.nanoTime();
        RunResult result = new ScenarioRunner(options).run(script(resource, values));
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
        final List<String> logged = LOGGED.remove(result);
        assertTrue(logged == null || logged.isEmpty(), () -> result.summary() + ", but Openfire logged meanwhile:\n"
                + String.join("\n", logged));
    }
}
