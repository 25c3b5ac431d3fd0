package org.mucregistration.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runner and CLI behaviour that needs no XMPP server. */
class ScenarioRunnerTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final String SCRIPT = """
            # Unreachable
            [Client] Romeo
            jid: user@localhost
            password: password
            -----
            Romeo connects
            Romeo sends:
            <presence/>
            """;

    @Test
    void unreachableServerFailsTheConnectsStepQuicklyWithoutAStackTrace() throws Exception {
        int port = closedPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunnerOptions options = RunnerOptions.defaults().withPort(port).withLog(new PrintStream(out, true, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        RunResult result = new ScenarioRunner(options).run(ScriptParser.parse("unreachable.scs", SCRIPT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertFalse(result.passed());
        assertEquals(6, result.failedLine().orElseThrow());
        assertEquals(0, result.stepsPassed());
        assertEquals(2, result.totalSteps());
        assertTrue(result.summary().startsWith("FAIL unreachable.scs at line 6 (step 1/2): Romeo connects: cannot connect to 127.0.0.1:"
                + port + ": Connection refused"), result.summary());
        assertTrue(took.compareTo(options.receiveTimeout()) < 0, "no hang: " + took);
        String log = out.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("\tat ") || log.contains("Exception:"), log);
        assertTrue(log.endsWith(result.summary() + "\n"), log);
    }

    @Test
    void clientsOwnConnectPortOverridesTheDefault() throws Exception {
        int port = closedPort();
        String script = SCRIPT.replace("password: password", "password: password\nconnect_port: " + port);
        RunResult result = new ScenarioRunner(RunnerOptions.defaults().withPort(1).withLog(new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run(ScriptParser.parse("s.scs", script));
        assertTrue(result.summary().contains("127.0.0.1:" + port), result.summary());
    }

    @Test
    void stepsOfAClientThatNeverConnectedFailClearly() throws Exception {
        String script = "[Client] Romeo\njid: a@localhost\npassword: p\n-----\nRomeo disconnects\nRomeo receives:\n<message/>\n";
        RunResult result = new ScenarioRunner(RunnerOptions.defaults().withLog(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).run(ScriptParser.parse("s.scs", script));
        assertEquals(6, result.failedLine().orElseThrow());
        assertEquals(1, result.stepsPassed(), "disconnecting a client that is not connected is a no-op");
        assertTrue(result.summary().endsWith("Romeo receives: Romeo is not connected"), result.summary());
    }

    @Test
    void commandLineRejectsBadUsageAndMalformedScriptsWithStatus2(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, ScansionMain.run(new String[0], o, e));
        assertEquals(2, ScansionMain.run(new String[] {"--bogus", "x.scs"}, o, e));
        assertEquals(2, ScansionMain.run(new String[] {"--port", "abc", "x.scs"}, o, e));
        assertEquals(2, ScansionMain.run(new String[] {dir.resolve("missing.scs").toString()}, o, e));

        Path bad = dir.resolve("bad.scs");
        Files.writeString(bad, "[Client] Romeo\njid: a@b\npassword: p\n-----\nRomeo connects\nRomeo sends:\n<presence>\n");
        Path good = dir.resolve("good.scs");
        Files.writeString(good, SCRIPT);
        err.reset();
        // the malformed second script is found before the first one connects anywhere
        assertEquals(2, ScansionMain.run(new String[] {"--port", "1", good.toString(), bad.toString()}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("malformed script bad.scs:7: unclosed XML"), err.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("Romeo connects"), "nothing ran: " + out);
    }

    @Test
    void commandLineReportsAFailedStepWithStatus1() throws Exception {
        Path script = Files.createTempFile("unreachable", ".scs");
        try {
            Files.writeString(script, SCRIPT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            int status = ScansionMain.run(new String[] {"--port", String.valueOf(closedPort()), "--timeout", "2", "--step-delay", "0",
                    "-v", script.toString()}, o, o);
            assertEquals(1, status);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("FAIL " + script.getFileName() + " at line 6 (step 1/2)"),
                    out.toString());
        } finally {
            Files.delete(script);
        }
    }

    @Test
    void theServersOwnVersionQueryIsNotSomethingReceivedForNothing() throws Exception {
        assertTrue(ScenarioRunner.isServersVersionQuery(stanza(
            "<iq type='get' id='v1' from='localhost' to='user@localhost/r'><query xmlns='jabber:iq:version'/></iq>")));
        assertFalse(ScenarioRunner.isServersVersionQuery(stanza(
            "<iq type='get' id='v1' from='room@conference.localhost' to='user@localhost/r'>"
                + "<query xmlns='jabber:iq:version'/></iq>")), "from a room: counts");
        assertFalse(ScenarioRunner.isServersVersionQuery(stanza(
            "<iq type='result' id='v1' from='localhost' to='user@localhost/r'><query xmlns='jabber:iq:version'/></iq>")));
        assertFalse(ScenarioRunner.isServersVersionQuery(stanza(
            "<presence from='localhost' to='user@localhost/r'/>")));
    }

    private static Incoming stanza(String xml) throws Exception {
        return new Incoming.Stanza(xml, org.dom4j.DocumentHelper.parseText(xml).getRootElement(), null);
    }
}
