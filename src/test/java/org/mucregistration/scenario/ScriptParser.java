package org.mucregistration.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dom4j.Attribute;
import org.dom4j.Element;

/**
 * Reads a scansion {@code .scs} script and rejects a malformed one, with its line number, before anything connects.
 *
 * <p>Accepted: a {@code # Title} line; {@code #} comments; {@code [Client] Name} blocks whose property lines
 * ({@code jid:}, {@code password:}, {@code resource:}, {@code connect_host:}, {@code connect_port:}) may be
 * indented or flush-left; a separator of three or more dashes; then the steps {@code Name connects},
 * {@code Name disconnects}, {@code Name sends:} + XML, {@code Name receives:} + XML and
 * {@code Name receives: nothing}, the colon optional. In the steps part, lines starting with {@code #},
 * {@code //} or {@code --} are comments. An XML block ends when its elements are complete and the next
 * non-blank line does not start with {@code <}; it may hold several elements.
 *
 * <p>Checked here: every step names a declared client and a known action, every XML block is well-formed
 * (namespace-aware, default namespace {@code jabber:client}, {@code scansion:} predeclared), every
 * {@code ${...}} names a declared client's JID, {@code scansion:strict} is {@code true} or {@code false}.
 */
public final class ScriptParser {

    private static final Pattern SEPARATOR = Pattern.compile("-{3,}");
    private static final Pattern PROPERTY = Pattern.compile("([A-Za-z_]+)\\s*:\\s*(.*)");
    private static final Pattern ACTION = Pattern.compile("(connects|disconnects|sends|receives)\\b\\s*(:)?\\s*(.*)");
    private static final Pattern SOME_ACTION = Pattern.compile("(.+?)\\s+(connects|disconnects|sends|receives)\\b.*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    /** Private-use characters stand in for {@code ${...}} while splitting and checking XML (valid in any XML text). */
    private static final char TOKEN_START = '\uE000';
    private static final char TOKEN_END = '\uE001';

    private final String name;
    private final String[] lines;

    private ScriptParser(String name, String text) {
        this.name = name;
        this.lines = text.split("\r?\n", -1);
    }

    /** Parses {@code text}; {@code name} is used in messages and results (usually the file name). */
    public static Script parse(String name, String text) throws ScriptException {
        return new ScriptParser(name, text).parse();
    }

    private ScriptException error(int line, String problem) {
        return new ScriptException(name, line, problem);
    }

    private Script parse() throws ScriptException {
        String title = "";
        Map<String, ClientSpec> clients = new LinkedHashMap<>();
        ClientBuilder current = null;
        int i = 0;
        boolean separator = false;
        for (; i < lines.length; i++) {
            String t = lines[i].strip();
            int lineNo = i + 1;
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("#")) {
                if (title.isEmpty() && clients.isEmpty() && current == null && !t.startsWith("##")) {
                    title = t.substring(1).strip();
                }
                continue;
            }
            if (SEPARATOR.matcher(t).matches()) {
                separator = true;
                break;
            }
            if (t.startsWith("[Client]")) {
                if (current != null) {
                    put(clients, current.build());
                }
                String clientName = t.substring("[Client]".length()).strip();
                if (clientName.isEmpty()) {
                    throw error(lineNo, "[Client] without a name");
                }
                current = new ClientBuilder(clientName, lineNo);
                continue;
            }
            Matcher p = PROPERTY.matcher(t);
            if (p.matches() && current != null) {
                current.set(p.group(1), p.group(2).strip(), lineNo);
                continue;
            }
            if (current == null) {
                throw error(lineNo, "expected '[Client] Name' or a comment, found '" + t + "'");
            }
            throw error(lineNo, "expected a client property (jid:, password:, ...) or the '-----' separator, found '"
                    + t + "'" + (SOME_ACTION.matcher(t).matches() ? " (is the '-----' separator missing?)" : ""));
        }
        if (current != null) {
            put(clients, current.build());
        }
        if (!separator) {
            throw error(lines.length, "missing the '-----' separator between the clients and the steps");
        }
        if (clients.isEmpty()) {
            throw error(i + 1, "no [Client] declared before the separator");
        }
        List<Step> steps = parseSteps(i + 1, clients);
        return new Script(name, title, new ArrayList<>(clients.values()), steps);
    }

    private void put(Map<String, ClientSpec> clients, ClientSpec spec) throws ScriptException {
        if (clients.putIfAbsent(spec.name(), spec) != null) {
            throw error(spec.line(), "client '" + spec.name() + "' is declared twice");
        }
    }

    private List<Step> parseSteps(int from, Map<String, ClientSpec> clients) throws ScriptException {
        List<String> namesLongestFirst = new ArrayList<>(clients.keySet());
        namesLongestFirst.sort(Comparator.comparingInt(String::length).reversed());
        Map<String, String> bareJids = new HashMap<>();
        clients.values().forEach(c -> bareJids.put(c.name(), c.bareJid()));

        List<Step> steps = new ArrayList<>();
        int i = from;
        while (i < lines.length) {
            String t = lines[i].strip();
            int lineNo = i + 1;
            i++;
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("//") || t.startsWith("--")) {
                continue;
            }
            String client = null;
            for (String n : namesLongestFirst) {
                if (t.startsWith(n) && (t.length() == n.length() || Character.isWhitespace(t.charAt(n.length())))) {
                    client = n;
                    break;
                }
            }
            if (client == null) {
                Matcher some = SOME_ACTION.matcher(t);
                if (some.matches()) {
                    throw error(lineNo, "unknown client '" + some.group(1) + "' (declared: "
                            + String.join(", ", clients.keySet()) + ")");
                }
                if (t.startsWith("<")) {
                    throw error(lineNo, "XML outside a 'sends:' or 'receives:' step: " + t);
                }
                throw error(lineNo, "unknown action: '" + t + "'");
            }
            String rest = t.substring(client.length()).strip();
            Matcher a = ACTION.matcher(rest);
            if (!a.matches()) {
                throw error(lineNo, "unknown action '" + rest + "' for " + client
                        + " (expected connects, disconnects, sends:, receives: or receives: nothing)");
            }
            String verb = a.group(1);
            String after = a.group(3).strip();
            int number = steps.size() + 1;
            switch (verb) {
                case "connects", "disconnects" -> {
                    if (!after.isEmpty() || a.group(2) != null) {
                        throw error(lineNo, "unexpected text after '" + client + " " + verb + "': '" + rest + "'");
                    }
                    steps.add(new Step(number, lineNo, client,
                            verb.equals("connects") ? Step.Action.CONNECTS : Step.Action.DISCONNECTS, "", 0, List.of()));
                }
                default -> {
                    if (verb.equals("receives") && after.equals("nothing")) {
                        steps.add(new Step(number, lineNo, client, Step.Action.RECEIVES_NOTHING, "", 0, List.of()));
                        continue;
                    }
                    if (!after.isEmpty() && !after.startsWith("<")) {
                        throw error(lineNo, "unexpected text after '" + client + " " + verb + ":': '" + after + "'");
                    }
                    Block block = readBlock(lineNo, after, i, bareJids, client + " " + verb + ":");
                    i = block.next;
                    steps.add(new Step(number, lineNo, client,
                            verb.equals("sends") ? Step.Action.SENDS : Step.Action.RECEIVES,
                            block.xml, block.startLine, block.stanzas));
                }
            }
        }
        return steps;
    }

    private record Block(String xml, int startLine, List<String> stanzas, int next) {
    }

    /**
     * Reads the XML block of a sends/receives step whose action is on line {@code actionLine}
     * ({@code inline} is XML written on that line after the colon); {@code i} is the index of the next line.
     */
    private Block readBlock(int actionLine, String inline, int i, Map<String, String> bareJids, String what)
            throws ScriptException {
        List<String> tokenNames = new ArrayList<>();
        List<String> elements = new ArrayList<>();
        StringBuilder strayText = new StringBuilder();
        XmlSplitter splitter = XmlSplitter.forFragment(new XmlSplitter.Listener() {
            @Override
            public void element(String xml) {
                elements.add(xml);
            }

            @Override
            public void topLevelText(String text) {
                strayText.append(text.strip());
            }
        });
        StringBuilder raw = new StringBuilder();
        StringBuilder tokenised = new StringBuilder();
        int startLine = 0;
        if (!inline.isEmpty()) {
            startLine = actionLine;
            feedLine(inline, actionLine, splitter, raw, tokenised, tokenNames, bareJids);
        }
        while (true) {
            if (strayText.length() > 0) {
                throw error(lastLine(startLine, raw), "unexpected text outside XML elements: '" + strayText + "'");
            }
            if (!elements.isEmpty() && splitter.atTopLevel()) {
                int k = i;
                while (k < lines.length && lines[k].isBlank()) {
                    k++;
                }
                if (k >= lines.length || !lines[k].strip().startsWith("<")) {
                    break;
                }
            }
            if (i >= lines.length) {
                if (startLine == 0) {
                    throw error(actionLine, "'" + what + "' is not followed by XML");
                }
                throw error(startLine, "unclosed XML: the block starting here never closes its elements");
            }
            String line = lines[i];
            if (startLine == 0) {
                if (line.isBlank()) {
                    i++;
                    continue;
                }
                if (!line.strip().startsWith("<")) {
                    throw error(i + 1, "expected XML after '" + what + "' (line " + actionLine + "), found '"
                            + line.strip() + "'");
                }
                startLine = i + 1;
            }
            feedLine(line, i + 1, splitter, raw, tokenised, tokenNames, bareJids);
            i++;
        }
        String tokenisedXml = tokenised.toString();
        List<Element> parsed;
        try {
            parsed = XmlFragments.parseScriptXml(tokenisedXml);
        } catch (XmlFragments.MalformedXmlException e) {
            throw error(startLine + e.line - 1, "malformed XML: " + e.getMessage());
        }
        for (Element e : parsed) {
            checkScansionAttributes(e, startLine);
        }
        List<String> stanzas = new ArrayList<>();
        for (String element : elements) {
            stanzas.add(untokenise(element, tokenNames));
        }
        return new Block(raw.toString(), startLine, stanzas, i);
    }

    private static int lastLine(int startLine, StringBuilder raw) {
        return startLine + (int) raw.chars().filter(c -> c == '\n').count() - 1;
    }

    private void feedLine(String line, int lineNo, XmlSplitter splitter, StringBuilder raw, StringBuilder tokenised,
                          List<String> tokenNames, Map<String, String> bareJids) throws ScriptException {
        if (line.contains("{scansion:capture:")) {
            throw error(lineNo, "{scansion:capture:...} is not supported by this runner");
        }
        Matcher m = VARIABLE.matcher(line);
        StringBuilder t = new StringBuilder();
        int last = 0;
        while (m.find()) {
            try {
                Variables.parseReference(m.group(1), bareJids.keySet());
            } catch (Variables.UndefinedVariableException e) {
                throw error(lineNo, e.getMessage());
            }
            t.append(line, last, m.start()).append(TOKEN_START).append(tokenNames.size()).append(TOKEN_END);
            tokenNames.add(m.group());
            last = m.end();
        }
        t.append(line.substring(last)).append('\n');
        raw.append(line).append('\n');
        tokenised.append(t);
        splitter.feed(t);
    }

    private static String untokenise(String xml, List<String> tokenNames) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < xml.length()) {
            char c = xml.charAt(i);
            if (c == TOKEN_START) {
                int end = xml.indexOf(TOKEN_END, i);
                out.append(tokenNames.get(Integer.parseInt(xml.substring(i + 1, end))));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private void checkScansionAttributes(Element e, int startLine) throws ScriptException {
        for (Attribute a : e.attributes()) {
            if (XmlFragments.SCANSION_NS.equals(a.getNamespaceURI())) {
                if (!a.getName().equals("strict")) {
                    throw error(startLine, "unknown attribute scansion:" + a.getName() + " on <" + e.getName() + ">");
                }
                if (!a.getValue().equals("true") && !a.getValue().equals("false")) {
                    throw error(startLine, "scansion:strict must be 'true' or 'false', not '" + a.getValue() + "'");
                }
            }
        }
        for (Element child : e.elements()) {
            checkScansionAttributes(child, startLine);
        }
    }

    private final class ClientBuilder {
        private final String name;
        private final int line;
        private String jid;
        private String password;
        private String resource;
        private String connectHost;
        private Integer connectPort;

        ClientBuilder(String name, int line) {
            this.name = name;
            this.line = line;
        }

        void set(String key, String value, int lineNo) throws ScriptException {
            switch (key) {
                case "jid" -> {
                    int slash = value.indexOf('/');
                    String bare = slash < 0 ? value : value.substring(0, slash);
                    if (slash >= 0) {
                        resource = value.substring(slash + 1);
                    }
                    int at = bare.indexOf('@');
                    if (at <= 0 || at == bare.length() - 1) {
                        throw error(lineNo, "jid must be user@domain, not '" + value + "'");
                    }
                    jid = bare;
                }
                case "password" -> password = value;
                case "resource" -> resource = value;
                case "connect_host" -> connectHost = value;
                case "connect_port" -> {
                    try {
                        connectPort = Integer.valueOf(value);
                    } catch (NumberFormatException e) {
                        throw error(lineNo, "connect_port must be a number, not '" + value + "'");
                    }
                    if (connectPort < 1 || connectPort > 65535) {
                        throw error(lineNo, "connect_port out of range: " + value);
                    }
                }
                default -> throw error(lineNo, "unknown client property '" + key + ":' (known: jid, password, "
                        + "resource, connect_host, connect_port)");
            }
        }

        ClientSpec build() throws ScriptException {
            if (jid == null) {
                throw error(line, "client '" + name + "' has no jid:");
            }
            if (password == null) {
                throw error(line, "client '" + name + "' has no password:");
            }
            return new ClientSpec(name, jid, password, resource, connectHost, connectPort, line);
        }
    }
}
