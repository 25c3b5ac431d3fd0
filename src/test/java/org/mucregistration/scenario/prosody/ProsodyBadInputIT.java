package org.mucregistration.scenario.prosody;

import org.mucregistration.testenv.TestEnvironment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.scenario.RunResult;
import org.mucregistration.scenario.RunnerOptions;
import org.mucregistration.scenario.ScenarioRunner;
import org.mucregistration.scenario.ScriptParserAccess;

/**
 * The runner against a live Prosody when things go wrong: failed login, unknown domain, timeout,
 * unexpected stanzas for {@code receives: nothing}, unexpected IQ requests; and the CLI's exit codes.
 */
class ProsodyBadInputIT {

    private static ProsodyServer prosody;
    private static String skip;

    @BeforeAll
    static void startProsody() throws Exception {
        skip = ProsodyServer.skipReason();
        if (skip != null) {
            TestEnvironment.announce(ProsodyBadInputIT.class.getSimpleName(), skip);
            return;
        }
        prosody = ProsodyServer.start("bad-input");
    }

    /** Reported skipped test by test (or failed, when every suite must run): see {@link TestEnvironment}. */
    @BeforeEach
    void prosodyIsThere() {
        if (skip != null) {
            TestEnvironment.skipOrFail(skip);
        }
    }

    @AfterAll
    static void stopProsody() throws Exception {
        if (prosody != null) {
            prosody.close();
        }
    }

    private record Run(RunResult result, String log, Duration took) {
    }

    private static Run run(String text, RunnerOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        RunResult result = new ScenarioRunner(options.withPort(prosody.port()).withLog(log))
                .run(ScriptParserAccess.parse("test.scs", text));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String logText = out.toString(StandardCharsets.UTF_8);
        System.out.println(logText);
        return new Run(result, logText, took);
    }

    private static Run run(String text) {
        return run(text, RunnerOptions.defaults().withReceiveTimeout(Duration.ofSeconds(2)));
    }

    private static void assertNoStackTrace(String log) {
        assertFalse(log.contains("\tat ") || log.matches("(?s).*\\n\\s+at [a-z]+\\..*"), "stack trace in log:\n" + log);
    }

    private static String checkedClient(String password) {
        return "# Login with a checked password\n[Client] Romeo\n\tjid: " + ProsodyServer.CHECKED_USER + "@"
                + ProsodyServer.CHECKED_HOST + "\n\tpassword: " + password + "\n-----\n";
    }

    @Test
    void rightPasswordOnTheCheckingHostLogsIn() {
        // Control for the wrong-password test: same host and user, right password.
        Run run = run(checkedClient(ProsodyServer.CHECKED_PASSWORD) + """
                Romeo connects
                Romeo sends:
                	<iq type='get' id='p1' to='password.localhost'><ping xmlns='urn:xmpp:ping'/></iq>
                Romeo receives:
                	<iq type='result' id='p1' from='password.localhost'/>
                """);
        assertTrue(run.result().passed(), run.result().summary());
        assertEquals(3, run.result().stepsPassed());
    }

    @Test
    void wrongPasswordFailsTheConnectsStepClearly() {
        Run run = run(checkedClient("wrong-password") + "Romeo connects\nRomeo sends:\n<presence/>\n");
        assertFalse(run.result().passed());
        assertEquals(6, run.result().failedLine().orElseThrow());
        assertEquals(0, run.result().stepsPassed());
        assertTrue(run.result().summary().contains("Romeo connects: login as romeo@password.localhost failed: SASL not-authorized"),
                run.result().summary());
        assertNoStackTrace(run.log());
    }

    @Test
    void unknownDomainFailsTheConnectsStepClearly() {
        Run run = run("[Client] Romeo\njid: user@nowhere.localhost\npassword: password\n-----\nRomeo connects\n");
        assertEquals(5, run.result().failedLine().orElseThrow());
        assertTrue(run.result().summary().contains("host-unknown"), run.result().summary());
        assertNoStackTrace(run.log());
    }

    @Test
    void timeoutFailsWithinTheTimeoutAndReportsWhatWasSkipped() {
        String script = """
                # Timeout
                [Client] Romeo
                jid: user@localhost
                password: password
                -----
                Romeo connects
                Romeo sends:
                <iq type='get' id='ping1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>
                Romeo receives:
                <iq type='result' id='ping2'/>
                """;
        Run run = run(script, RunnerOptions.defaults().withReceiveTimeout(Duration.ofSeconds(1)));
        assertFalse(run.result().passed());
        assertEquals(9, run.result().failedLine().orElseThrow());
        assertEquals(2, run.result().stepsPassed());
        assertTrue(run.took().compareTo(Duration.ofSeconds(1)) >= 0, "waited at least the timeout: " + run.took());
        assertTrue(run.took().compareTo(Duration.ofSeconds(4)) < 0, "gave up soon after the timeout: " + run.took());
        assertEquals("FAIL test.scs at line 9 (step 3/3): Romeo receives: no matching stanza within 1 s "
                + "(1 received, none matched)", run.result().summary());
        String report = run.result().failureReport();
        assertTrue(report.contains("test.scs line 9: Romeo receives:"), report);
        assertTrue(report.contains("Expected:\n  <iq type='result' id='ping2'/>"), report);
        assertTrue(report.contains("Received while waiting (1, none matched):\n  [1] <iq "), report);
        assertTrue(report.contains("id='ping1'") || report.contains("id=\"ping1\""), report);
        assertTrue(report.contains("did not match: iq: attribute id is 'ping1', expected 'ping2'"), report);
        assertNoStackTrace(run.log());
    }

    @Test
    void receivesNothingPassesOnSilenceAndFailsOnAStanza() {
        String script = """
                [Client] Romeo
                jid: user@localhost
                password: password
                [Client] Juliet
                jid: user2@localhost
                password: password
                -----
                Romeo connects
                Juliet connects
                Romeo receives: nothing
                Juliet sends:
                <message to="${Romeo's full JID}" type='chat'><body>Hello</body></message>
                Romeo receives: nothing
                """;
        Run run = run(script);
        assertEquals(13, run.result().failedLine().orElseThrow(), run.result().summary());
        assertEquals(4, run.result().stepsPassed(), "the first receives: nothing passes");
        assertTrue(run.result().summary().contains("expected nothing, received 1 stanza(s)"), run.result().summary());
        assertTrue(run.result().failureReport().contains("<body>Hello</body>"), run.result().failureReport());
    }

    private static final String IQ_REQUESTS = """
            [Client] Romeo
            jid: user@localhost
            password: password
            [Client] Juliet
            jid: user2@localhost
            password: password
            -----
            Romeo connects
            Juliet connects
            Juliet sends:
            <iq type='get' id='v1' to="${Romeo's full JID}"><query xmlns='jabber:iq:version'/></iq>
            <iq type='get' id='p1' to="${Romeo's full JID}"><ping xmlns='urn:xmpp:ping'/></iq>
            <message to="${Romeo's full JID}" type='chat'><body>Wherefore art thou?</body></message>
            Romeo receives:
            <message type='chat'><body>Wherefore art thou?</body></message>
            Juliet receives:
            <iq type='error' id='v1'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            <iq type='result' id='p1'/>
            Juliet disconnects
            Juliet disconnects
            """;

    @Test
    void skippedIqRequestsAreAnswered() {
        Run run = run(IQ_REQUESTS);
        assertTrue(run.result().passed(), run.result().summary() + "\n" + run.result().failureReport());
        assertTrue(run.log().contains("Romeo receives: ok (skipped 2)"), run.log());
    }

    @Test
    void withoutAutoReplyTheRequestsStayUnanswered() {
        // Control: the replies Juliet gets above come from the runner, not from the server.
        Run run = run(IQ_REQUESTS, RunnerOptions.defaults().withReceiveTimeout(Duration.ofSeconds(1)).withAutoReply(false));
        assertEquals(16, run.result().failedLine().orElseThrow(), run.result().summary());
    }

    @Test
    void commandLineExitCodes() throws Exception {
        Path dir = ProsodyServer.targetDir().resolve("scenario-cli");
        Files.createDirectories(dir);
        Path pass = dir.resolve("muc_register-0.12.3.scs");
        Files.writeString(pass, ScenarioScripts.prosody0123(ScenarioScripts.seed()));
        Path fail = dir.resolve("timeout.scs");
        Files.writeString(fail, "[Client] Romeo\njid: user@localhost\npassword: x\n-----\nRomeo connects\n"
                + "Romeo receives:\n<message/>\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String port = String.valueOf(prosody.port());

        assertEquals(0, ScriptParserAccess.main(new String[] {"--port", port, pass.toString()}, o, e), out.toString());
        assertTrue(out.toString().contains("PASS muc_register-0.12.3.scs: 78/78 steps"), out.toString());
        out.reset();
        assertEquals(1, ScriptParserAccess.main(new String[] {"--port", port, "--timeout", "0.5", "-v", pass.toString(),
                fail.toString()}, o, e), out.toString());
        assertTrue(out.toString().contains("FAIL timeout.scs at line 6 (step 2/2): Romeo receives:"), out.toString());
        assertTrue(out.toString().contains("scripts: 1 passed, 1 failed"), out.toString());
    }
}
