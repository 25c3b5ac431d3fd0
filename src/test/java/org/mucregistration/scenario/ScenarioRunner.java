package org.mucregistration.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;

/**
 * Runs a {@link Script} against a live XMPP server and decides pass or fail, step by step.
 *
 * <p>The receive model: each client has its own queue of received stanzas ({@link ScenarioClient}). A
 * {@code receives} takes stanzas from that queue in arrival order until one matches ({@link StanzaMatcher});
 * those it passes are discarded (logged with the reason with {@code -v}, listed in the report if the step fails),
 * and an IQ get/set among them is answered (ping → result, anything else → service-unavailable). No match
 * within the receive timeout, or the end of the stream, fails the step. {@code receives: nothing} fails if the
 * client has any unread stanza or one arrives within the nothing-wait, the server's own software-version query
 * (XEP-0092, which Openfire sends each client after login) aside. {@code disconnects} closes the stream and
 * drops unread stanzas; disconnecting a client that is not connected does nothing. The first failing step ends
 * the run; every client still connected is then disconnected.
 */
public final class ScenarioRunner {

    private final RunnerOptions options;
    private final PrintStream log;

    public ScenarioRunner(RunnerOptions options) {
        this.options = options;
        this.log = options.log();
    }

    /** A step that did not pass: a one-line reason and the detailed report. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;
        final String details;

        StepFailure(String reason, String details) {
            super(reason, null, false, false);
            this.reason = reason;
            this.details = details;
        }

        StepFailure(String reason) {
            this(reason, "");
        }
    }

    /** A stanza taken from the queue and passed over, with why. */
    private record Skipped(String raw, String why) {
    }

    public RunResult run(Script script) {
        Variables variables = new Variables();
        script.clients().forEach(c -> variables.bindBare(c.name(), c.bareJid()));
        Map<String, ScenarioClient> clients = new LinkedHashMap<>();
        int total = script.steps().size();
        log.println("== " + script.name() + (script.title().isEmpty() ? "" : ": " + script.title()) + " ("
                + script.clients().size() + " clients, " + total + " steps, default server " + options.host() + ":"
                + options.port() + ")");
        try {
            for (Step step : script.steps()) {
                if (step.number() > 1 && !options.stepDelay().isZero()) {
                    Thread.sleep(options.stepDelay().toMillis());
                }
                String prefix = String.format("[%" + digits(total) + "d/%d] line %4d: %s", step.number(), total,
                        step.line(), step.title());
                try {
                    String note = execute(script, step, clients, variables);
                    log.println(prefix + " ok" + (note.isEmpty() ? "" : " " + note));
                } catch (StepFailure f) {
                    log.println(prefix + " FAIL: " + f.reason);
                    String report = report(script, step, f);
                    RunResult result = RunResult.failed(script, step, f.reason, report);
                    log.print(indent(report, "    "));
                    log.println(result.summary());
                    return result;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            for (Map.Entry<String, ScenarioClient> c : clients.entrySet()) {
                List<Incoming> left = c.getValue().disconnect();
                if (options.verbose() && !left.isEmpty()) {
                    log.println("    (" + c.getKey() + " had " + left.size() + " unread stanza(s) at the end)");
                }
            }
        }
        RunResult result = RunResult.passed(script);
        log.println(result.summary());
        return result;
    }

    private String execute(Script script, Step step, Map<String, ScenarioClient> clients, Variables variables)
            throws StepFailure, InterruptedException {
        ClientSpec spec = script.client(step.client()).orElseThrow();
        ScenarioClient client = clients.get(step.client());
        switch (step.action()) {
            case CONNECTS -> {
                if (client != null && client.isConnected()) {
                    throw new StepFailure(step.client() + " is already connected");
                }
                String host = spec.connectHost() != null ? spec.connectHost() : options.host();
                int port = spec.connectPort() != null ? spec.connectPort() : options.portOf(step.client());
                client = new ScenarioClient(spec, host, port, options.receiveTimeout(), raw -> { });
                clients.put(step.client(), client);
                try {
                    String fullJid = client.connect();
                    variables.bindFull(step.client(), fullJid);
                    return "(" + fullJid + " via " + host + ":" + port + ")";
                } catch (ScenarioClient.ConnectFailedException e) {
                    clients.remove(step.client());
                    throw new StepFailure(e.getMessage());
                }
            }
            case DISCONNECTS -> {
                if (client == null || !client.isConnected()) {
                    return "(was not connected)";
                }
                List<Incoming> left = client.disconnect();
                clients.remove(step.client());
                if (options.verbose()) {
                    for (Incoming i : left) {
                        log.println("    dropped unread: " + oneLine(rawOf(i)));
                    }
                }
                return left.isEmpty() ? "" : "(dropped " + left.size() + " unread)";
            }
            case SENDS -> {
                requireConnected(step, client);
                for (String stanza : step.stanzas()) {
                    String xml = substitute(variables, stanza);
                    try {
                        client.send(xml);
                    } catch (IOException e) {
                        throw new StepFailure("cannot send: " + e.getMessage());
                    }
                    if (options.verbose()) {
                        log.println("    sent: " + oneLine(xml));
                    }
                }
                return "";
            }
            case RECEIVES -> {
                requireConnected(step, client);
                int skipped = 0;
                for (String stanza : step.stanzas()) {
                    skipped += receive(client, substitute(variables, stanza), stanza);
                }
                return skipped == 0 ? "" : "(skipped " + skipped + ")";
            }
            case RECEIVES_NOTHING -> {
                requireConnected(step, client);
                List<Incoming> got = new ArrayList<>(client.drain());
                got.removeIf(ScenarioRunner::isServersVersionQuery);
                final long until = System.nanoTime() + options.nothingWait().toNanos();
                while (got.isEmpty() && System.nanoTime() < until) {
                    Incoming late = client.poll(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
                    if (late == null) {
                        break;
                    }
                    if (!isServersVersionQuery(late)) {
                        got.add(late);
                        got.addAll(client.drain());
                    }
                }
                if (!got.isEmpty()) {
                    StringBuilder details = new StringBuilder("Expected: nothing within "
                            + seconds(options.nothingWait()) + "\nReceived (" + got.size() + "):\n");
                    int n = 1;
                    for (Incoming i : got) {
                        details.append("  [").append(n++).append("] ").append(indentTail(rawOf(i), "      ")).append('\n');
                    }
                    throw new StepFailure("expected nothing, received " + got.size() + " stanza(s)", details.toString());
                }
                return "";
            }
            default -> throw new IllegalStateException(step.action().name());
        }
    }

    /**
     * Whether a stanza is the software-version query (XEP-0092) a server sends its clients on its own (Openfire does,
     * after login): not something a scenario's {@code receives: nothing} is about.
     */
    static boolean isServersVersionQuery(Incoming incoming) {
        if (!(incoming instanceof Incoming.Stanza stanza) || stanza.element() == null) {
            return false;
        }
        final Element iq = stanza.element();
        final String from = iq.attributeValue("from");
        final Element query = iq.element(org.dom4j.QName.get("query", "jabber:iq:version"));
        return "iq".equals(iq.getName()) && "get".equals(iq.attributeValue("type")) && query != null
            && from != null && from.indexOf('@') < 0 && from.indexOf('/') < 0;
    }

    /** Consumes stanzas until one matches {@code expectedXml}; returns how many were skipped. */
    private int receive(ScenarioClient client, String expectedXml, String asWritten) throws StepFailure, InterruptedException {
        Element expected;
        try {
            expected = XmlFragments.parseScriptXml(expectedXml).get(0);
        } catch (XmlFragments.MalformedXmlException e) {
            throw new StepFailure("expected stanza is not well-formed after substitution: " + e.getMessage());
        }
        List<Skipped> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + options.receiveTimeout().toNanos();
        while (true) {
            Incoming next = client.poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (next == null) {
                throw new StepFailure("no matching stanza within " + seconds(options.receiveTimeout())
                        + (skipped.isEmpty() ? " (nothing received)" : " (" + skipped.size() + " received, none matched)"),
                        expectedAndSkipped(expectedXml, skipped));
            }
            if (next instanceof Incoming.StreamEnd end) {
                throw new StepFailure("the stream ended before a matching stanza arrived: " + end.reason(),
                        expectedAndSkipped(expectedXml, skipped));
            }
            Incoming.Stanza stanza = (Incoming.Stanza) next;
            String why;
            if (stanza.element() == null) {
                why = "not well-formed: " + stanza.parseError();
            } else {
                StanzaMatcher.Result r = StanzaMatcher.match(expected, stanza.element());
                if (r.matched()) {
                    if (options.verbose()) {
                        log.println("    matched: " + oneLine(stanza.raw()));
                    }
                    return skipped.size();
                }
                why = r.reason();
            }
            skipped.add(new Skipped(stanza.raw(), why));
            if (options.verbose()) {
                log.println("    skipped: " + oneLine(stanza.raw()));
                log.println("      because " + why);
            }
            if (stanza.element() != null) {
                autoReply(client, stanza.element());
            }
        }
    }

    /** Answers an IQ request the script did not expect, so the server is not left waiting. */
    private void autoReply(ScenarioClient client, Element iq) {
        String type = iq.attributeValue("type", "");
        if (!options.autoReply() || !iq.getName().equals("iq") || !(type.equals("get") || type.equals("set"))) {
            return;
        }
        String id = XmlFragments.escape(iq.attributeValue("id", ""));
        String from = iq.attributeValue("from");
        String to = from == null ? "" : " to='" + XmlFragments.escape(from) + "'";
        Element child = iq.elements().isEmpty() ? null : iq.elements().get(0);
        String reply = child != null && child.getName().equals("ping") && child.getNamespaceURI().equals("urn:xmpp:ping")
                ? "<iq type='result' id='" + id + "'" + to + "/>"
                : "<iq type='error' id='" + id + "'" + to + "><error type='cancel'>"
                  + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
        try {
            client.send(reply);
            if (options.verbose()) {
                log.println("    auto-replied: " + reply);
            }
        } catch (IOException e) {
            log.println("    (could not answer a skipped IQ: " + e.getMessage() + ")");
        }
    }

    private static void requireConnected(Step step, ScenarioClient client) throws StepFailure {
        if (client == null || !client.isConnected()) {
            throw new StepFailure(step.client() + " is not connected");
        }
    }

    private static String substitute(Variables variables, String xml) throws StepFailure {
        try {
            return variables.substitute(xml);
        } catch (Variables.UndefinedVariableException e) {
            throw new StepFailure(e.getMessage());
        }
    }

    private String expectedAndSkipped(String expectedXml, List<Skipped> skipped) {
        StringBuilder sb = new StringBuilder("Expected:\n").append(indent(expectedXml.strip() + "\n", "  "));
        if (skipped.isEmpty()) {
            sb.append("Received while waiting: nothing\n");
        } else {
            sb.append("Received while waiting (").append(skipped.size()).append(", none matched):\n");
            int n = 1;
            for (Skipped s : skipped) {
                sb.append("  [").append(n++).append("] ").append(indentTail(s.raw(), "      ")).append('\n');
                sb.append("      did not match: ").append(s.why()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String report(Script script, Step step, StepFailure f) {
        StringBuilder sb = new StringBuilder();
        sb.append("Step ").append(step.number()).append('/').append(script.steps().size()).append(" failed: ")
                .append(script.name()).append(" line ").append(step.line()).append(": ").append(step.title()).append('\n');
        sb.append("Reason: ").append(f.reason).append('\n');
        if (!f.details.isEmpty()) {
            sb.append(f.details);
        }
        return sb.toString();
    }

    private static String rawOf(Incoming i) {
        return i instanceof Incoming.Stanza s ? s.raw() : "(" + ((Incoming.StreamEnd) i).reason() + ")";
    }

    private static String oneLine(String xml) {
        return xml.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    private static String indent(String text, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(prefix).append(line);
            }
            sb.append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    private static String indentTail(String text, String prefix) {
        return text.strip().replace("\n", "\n" + prefix);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static int digits(int n) {
        return String.valueOf(n).length();
    }
}
