package org.mucregistration.e2e;

import org.dom4j.Document;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.mucregistration.admin.XmppTestClient;
import org.mucregistration.badinput.BadInputCases;
import org.mucregistration.badinput.BadInputTable;
import org.mucregistration.badinput.BadInputTable.Row;
import org.mucregistration.badinput.BadInputTable.Sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The hostile-input run of {@code docs/bad-input.md} against a real Openfire: the table's cast set up in a room by
 * XMPP (an owner, an admin, a member, an outcast, a stranger; Tybalt with a reserved nickname; Benvolio in the room),
 * then every row from every sender, round after round, each time in a variant a seeded {@link Random} chooses; every
 * answer compared with the table. What the room and the reservations are afterwards is for the caller to check
 * ({@link #state}).
 */
final class HostileRun implements AutoCloseable {
    static final String DOMAIN = "localhost";
    static final String ROOM = "hostile@conference." + DOMAIN;
    static final String CLOSED_ROOM = "hostile-closed@conference." + DOMAIN;
    static final String MISSING_ROOM = "hostile-nowhere@conference." + DOMAIN;
    /** The users of the cast beyond Openfire's fixture users (user: owner, user2: admin, user3: member). */
    static final Map<String, String> EXTRA_USERS = Map.of("outcast", "password", "stranger", "password",
        "tybalt", "password", "benvolio", "password");
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Map<Sender, XmppTestClient> senders = new EnumMap<>(Sender.class);
    private final XmppTestClient tybalt;
    private final XmppTestClient benvolio;
    private final BadInputCases.Cast cast;
    private int next;

    /** What one run did. */
    record Result(int cases, Map<String, Integer> perRow, List<String> wrong, long millis) {
    }

    HostileRun(OpenfireServer server, int maxKeyChars) throws Exception {
        final int port = server.clientPort();
        senders.put(Sender.owner, XmppTestClient.login(DOMAIN, port, "user", "password", "hostile"));
        senders.put(Sender.admin, XmppTestClient.login(DOMAIN, port, "user2", "password", "hostile"));
        senders.put(Sender.member, XmppTestClient.login(DOMAIN, port, "user3", "password", "hostile"));
        senders.put(Sender.outcast, XmppTestClient.login(DOMAIN, port, "outcast", "password", "hostile"));
        senders.put(Sender.stranger, XmppTestClient.login(DOMAIN, port, "stranger", "password", "hostile"));
        tybalt = XmppTestClient.login(DOMAIN, port, "tybalt", "password", "hostile");
        benvolio = XmppTestClient.login(DOMAIN, port, "benvolio", "password", "hostile");
        cast = new BadInputCases.Cast(ROOM, CLOSED_ROOM, MISSING_ROOM, "user@" + DOMAIN, "Tybalt", "Benvolio",
            DOMAIN, maxKeyChars);
    }

    /** Creates the two rooms and gives everyone their part. */
    void setUp() throws Exception {
        final XmppTestClient owner = senders.get(Sender.owner);
        create(owner, ROOM, "");
        create(owner, CLOSED_ROOM, "<field var='x-muc#roomconfig_registration'><value>0</value></field>");
        expectResult(owner, admin(ROOM, "<item affiliation='admin' jid='user2@" + DOMAIN + "'/>"
            + "<item affiliation='member' jid='user3@" + DOMAIN + "'/>"
            + "<item affiliation='member' jid='tybalt@" + DOMAIN + "' nick='Tybalt'/>"
            + "<item affiliation='outcast' jid='outcast@" + DOMAIN + "'/>"));
        benvolio.send("<presence to='" + ROOM + "/Benvolio'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        benvolio.await("Benvolio's own presence", HostileRun::isSelfPresence, ANSWER_TIMEOUT);
    }

    private void create(XmppTestClient owner, String room, String fields) throws Exception {
        owner.send("<presence to='" + room + "/Romeo'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the new room " + room, xml -> XmppTestClient.has(xml, "code", "201"), ANSWER_TIMEOUT);
        expectResult(owner, "<iq type='set' to='" + room + "' id='{id}'><query xmlns='http://jabber.org/protocol/muc#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
            + "http://jabber.org/protocol/muc#roomconfig</value></field>" + fields + "</x></query></iq>");
    }

    private static String admin(String room, String items) {
        return "<iq type='set' to='" + room + "' id='{id}'><query xmlns='http://jabber.org/protocol/muc#admin'>" + items
            + "</query></iq>";
    }

    private void expectResult(XmppTestClient client, String iq) throws Exception {
        final String answer = ask(client, iq.replace("{id}", nextId()), lastId());
        if (!"result".equals(describe(answer))) {
            throw new AssertionError("Setting up the hostile run: " + iq + " was answered " + answer);
        }
    }

    /**
     * {@code rounds} times every row from every sender, each in a variant the seeded generator picks; returns how many
     * cases were sent and which were answered otherwise than the table says.
     */
    Result run(long seed, int rounds) throws Exception {
        final Random random = new Random(seed);
        final List<Row> rows = BadInputTable.rows();
        final Map<String, Integer> perRow = new LinkedHashMap<>();
        final List<String> wrong = new ArrayList<>();
        int cases = 0;
        final long t0 = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Row row : rows) {
                final BadInputCases.Case c = BadInputCases.of(row.id());
                for (Sender sender : Sender.values()) {
                    final int variant = random.nextInt(c.variants().size());
                    final String id = nextId();
                    final String xml = c.variants().get(variant).xml(cast, id);
                    final XmppTestClient client = senders.get(sender);
                    final String answer = c.kind() == BadInputCases.Kind.JOIN ? joinAnswer(client, xml)
                        : ask(client, xml, id);
                    final String got = answer == null ? "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s"
                        : describe(answer);
                    final String expected = row.answerTo(sender).toString();
                    if (!expected.equals(got)) {
                        wrong.add(row.id() + " #" + variant + " from " + sender + ": expected " + expected + ", got "
                            + got + "\n    sent: " + abbreviate(xml) + "\n    answer: " + abbreviate(answer));
                    }
                    perRow.merge(row.id(), 1, Integer::sum);
                    cases++;
                }
            }
        }
        return new Result(cases, perRow, wrong, (System.nanoTime() - t0) / 1_000_000);
    }

    private String nextId() {
        return "hostile" + (++next);
    }

    private String lastId() {
        return "hostile" + next;
    }

    /** Sends the IQ; the answer with its id, or null. */
    private static String ask(XmppTestClient client, String xml, String id) throws Exception {
        client.send(xml);
        try {
            return client.await("the answer to " + id, answer -> answer.startsWith("<iq")
                && XmppTestClient.has(answer, "id", id), ANSWER_TIMEOUT);
        } catch (AssertionError e) {
            return null;
        }
    }

    /** Sends the join; the error presence from the occupant JID it asked for, or the sender's own presence. */
    private static String joinAnswer(XmppTestClient client, String xml) throws Exception {
        final Element presence = parse(xml);
        final String to = presence.attributeValue("to");
        client.send(xml);
        try {
            return client.await("the answer to the join of " + to, answer -> answer.startsWith("<presence")
                && (XmppTestClient.has(answer, "type", "error") || isSelfPresence(answer))
                && sameOccupant(parse(answer).attributeValue("from"), to), ANSWER_TIMEOUT);
        } catch (AssertionError e) {
            return null;
        }
    }

    /**
     * Whether the presence is the receiver's own (status 110): another occupant's presence in the room is not the
     * answer to a join, though its text may hold "110" (an occupant-id hash did, and CI took it for the answer).
     */
    static boolean isSelfPresence(String presence) {
        final Element x = parse(presence).element(QName.get("x", "http://jabber.org/protocol/muc#user"));
        if (x == null) {
            return false;
        }
        for (Element status : x.elements("status")) {
            if ("110".equals(status.attributeValue("code"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameOccupant(String from, String to) {
        return from != null && from.equalsIgnoreCase(to) || from != null && to != null
            && from.substring(0, Math.max(0, from.indexOf('/'))).equals(to.substring(0, Math.max(0, to.indexOf('/'))));
    }

    /** "condition/type" of an error answer, "result" for a result, else what it is. */
    static String describe(String answer) {
        final Element root = parse(answer);
        if ("result".equals(root.attributeValue("type"))) {
            return "result";
        }
        final Element error = root.element("error");
        if (error == null) {
            return root.getName() + " without an error: " + abbreviate(answer);
        }
        for (Element condition : error.elements()) {
            if ("urn:ietf:params:xml:ns:xmpp-stanzas".equals(condition.getNamespaceURI())
                && !"text".equals(condition.getName())) {
                return condition.getName() + "/" + error.attributeValue("type");
            }
        }
        return "an error without a condition: " + abbreviate(answer);
    }

    private static Element parse(String xml) {
        try {
            final Document document = DocumentHelper.parseText(xml);
            return document.getRootElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("Not XML: " + abbreviate(xml), e);
        }
    }

    private static String abbreviate(String xml) {
        return xml == null ? "(none)" : xml.length() <= 400 ? xml : xml.substring(0, 400) + "... (" + xml.length()
            + " characters)";
    }

    /**
     * The room as its owner sees it, for a before/after comparison: each affiliation list (with reserved nicknames),
     * and each user's own reserved nickname.
     */
    String state() throws Exception {
        final XmppTestClient owner = senders.get(Sender.owner);
        final StringBuilder state = new StringBuilder();
        for (String affiliation : List.of("owner", "admin", "member", "outcast")) {
            final String id = nextId();
            final String answer = ask(owner, "<iq type='get' to='" + ROOM + "' id='" + id + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='" + affiliation + "'/>"
                + "</query></iq>", id);
            final TreeSet<String> items = new TreeSet<>();
            if (answer != null) {
                final Element query = parse(answer).element("query");
                if (query != null) {
                    for (Element item : query.elements("item")) {
                        items.add(item.attributeValue("jid") + (item.attributeValue("nick") == null ? ""
                            : " as " + item.attributeValue("nick")));
                    }
                }
            }
            state.append(affiliation).append(": ").append(items).append('\n');
        }
        final List<XmppTestClient> everyone = new ArrayList<>(senders.values());
        everyone.add(tybalt);
        everyone.add(benvolio);
        for (XmppTestClient client : everyone) {
            final String id = nextId();
            final String answer = ask(client, "<iq type='get' to='" + ROOM + "' id='" + id + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>", id);
            final Element identity = answer == null || parse(answer).element("query") == null ? null
                : parse(answer).element("query").element("identity");
            state.append(client.jid().replaceAll("/.*", "")).append(" reserved: ")
                .append(identity == null ? "none" : identity.attributeValue("name")).append('\n');
        }
        return state.toString();
    }

    @Override
    public void close() {
        for (XmppTestClient client : senders.values()) {
            client.close();
        }
        tybalt.close();
        benvolio.close();
    }
}
