package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.admin.XmppTestClient.has;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mucregistration.admin.XmppTestClient;

/**
 * Issue 8 §4: the real database stopped in the middle of an end-to-end run. Openfire on a PostgreSQL server of the
 * test's own ({@link ThrowawayPostgres}), the plugin installed; reservations made (owner, admins, members), and looked
 * up since (the room's listing warm in the plugin's cache); then the database stopped
 * ({@code pg_ctl stop -m fast}) with the clients still connected and the admin still logged in to the console (logging
 * in reads the database: nobody can during the outage), and, while it is down:
 * <ul>
 * <li>nobody gets into the room under a nickname reserved by someone else: refused with {@code conflict} when the
 * node knows the holder (the room's cached listing, or a member's nickname, which Openfire keeps in the room itself),
 * with {@code internal-server-error}/{@code wait} when it does not (after the plugin's caches were cleared on
 * Openfire's Cache Summary page, as when entries expire);</li>
 * <li>a user's own reserved nickname, and a nickname the node knows nobody reserved, are let in as usual; a
 * nickname the node knows nothing about is refused with {@code internal-server-error}/{@code wait};</li>
 * <li>every change (a registration, a removal, muc#admin affiliation changes, the admin page's form) is answered
 * {@code internal-server-error}/{@code wait}, or the page's message, and changes nothing, not even in Openfire's
 * room;</li>
 * <li>the admin page answers 200 with its message that the reservations cannot be read now;</li>
 * <li>the plugin logs no ERROR; what else Openfire logs (its connection pool's reports) is listed and excused by
 * rule.</li>
 * </ul>
 * Then the database is started again and, without restarting Openfire, everything works: the refused changes made
 * now, joins decided, the page listing; and the table holds exactly the reservations expected. The run's figures are
 * printed ({@code OUTAGE FIGURES}) and asserted.
 */
class DatabaseOutageIT {
    static final String ROOM = "outage";
    static final String ROOM_JID = ROOM + "@" + OpenfireServer.MUC_SERVICE + "." + OpenfireServer.DOMAIN;
    /** A second room, read before the plugin's caches were cleared and not since: the node knows nothing of it. */
    static final String COLD_JID = "outage-cold@" + OpenfireServer.MUC_SERVICE + "." + OpenfireServer.DOMAIN;
    static final String PAGE = "/plugins/mucregistration/mucregistration-reservations.jsp";
    static final String STORAGE_MESSAGE = "The reserved nicknames cannot be read or written now";
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("outage.timeoutSeconds", 30));

    /** The outcomes of a join or a request, as counted in the figures. */
    static final String CONFLICT = "refused conflict";
    static final String WAIT = "refused internal-server-error/wait";
    static final String ADMITTED = "admitted";
    static final String RESULT = "result";
    static final String NO_ANSWER = "no answer";
    static final String PAGE_MESSAGE = "page: 200 with the storage message";
    static final String PAGE_LISTING = "page: 200 with the listing";

    /** The server the test stops and starts; made by the extension's database source, closed with the database. */
    static ThrowawayPostgres postgres;

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension()
        .on(new OpenfireExtension.DatabaseSource() {
            @Override
            public Optional<OpenfireDatabase> create() throws Exception {
                final Optional<Path> bin = ThrowawayPostgres.binaries();
                if (bin.isEmpty()) {
                    return Optional.empty();
                }
                postgres = ThrowawayPostgres.start(bin.get());
                System.out.println("Outage suite's database server: " + postgres);
                return Optional.of(OpenfireDatabase.postgresql(postgres.adminUrl(), postgres));
            }

            @Override
            public String missing() {
                return ThrowawayPostgres.missing();
            }
        })
        .users(users("adele", "adam", "mia", "max", "ines", "una"))
        .startTimeout(Duration.ofSeconds(180));

    static final List<XmppTestClient> clients = new ArrayList<>();

    @AfterAll
    static void closeClients() {
        for (XmppTestClient client : clients) {
            client.close();
        }
    }

    @Test
    void theDatabaseGoesDownAndComesBack() throws Exception {
        final OpenfireServer server = openfire.server();
        final XmppTestClient owner = login(server, "user");
        final XmppTestClient adele = login(server, "adele");
        final XmppTestClient adam = login(server, "adam");
        final XmppTestClient mia = login(server, "mia");
        final XmppTestClient max = login(server, "max");
        final XmppTestClient ines = login(server, "ines");
        final XmppTestClient una = login(server, "una");
        server.adminCookies(); // the admin logs in to the console while the database is up

        // ---- before: the room, its reservations; some looked up since (warm), some not (cold)
        owner.send("<presence to='" + ROOM_JID + "/Olivia'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the room's creation", s -> s.startsWith("<presence") && has(s, "code", "201"), TIMEOUT);
        assertEquals(RESULT, iq(owner, "<iq type='set' id='config' to='" + ROOM_JID + "'><query xmlns='"
            + "http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
            + "<value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_"
            + "persistentroom'><value>1</value></field></x></query></iq>"));
        assertEquals(RESULT, register(owner, "Olivia"));
        assertEquals(RESULT, admin(owner, "<item affiliation='admin' jid='adele@localhost' nick='Adele'/>"
            + "<item affiliation='admin' jid='adam@localhost' nick='Adam'/>"
            + "<item affiliation='member' jid='mia@localhost' nick='Mia'/>"
            + "<item affiliation='member' jid='max@localhost' nick='Max'/>"));
        final List<String> expectedRows = List.of("adam@localhost=Adam", "adele@localhost=Adele", "max@localhost=Max",
            "mia@localhost=Mia", "user@localhost=Olivia");
        assertEquals(expectedRows, tableRows(server));
        // The cold room: the same holders, then every cached answer of the plugin cleared on Openfire's Cache Summary
        // page (as when entries expire); only the first room is read again before the outage.
        owner.send("<presence to='" + COLD_JID + "/Olivia'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the cold room's creation", s -> s.startsWith("<presence") && has(s, "code", "201"), TIMEOUT);
        assertEquals(RESULT, iq(owner, "<iq type='set' id='config-cold' to='" + COLD_JID + "'><query xmlns='"
            + "http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
            + "<value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_"
            + "persistentroom'><value>1</value></field></x></query></iq>"));
        assertEquals(RESULT, register(owner, COLD_JID, "Olivia"));
        assertEquals(RESULT, admin(owner, COLD_JID, "<item affiliation='admin' jid='adam@localhost' nick='Adam'/>"
            + "<item affiliation='member' jid='max@localhost' nick='Max'/>"));
        clearPluginCaches(server);
        // Warm: the room's listing, read at the first of these joins (Adele, Mia: reserved; Wanderer: nobody's).
        assertEquals(CONFLICT, join(ines, "Adele"));
        assertEquals(CONFLICT, join(ines, "Mia"));
        assertEquals(ADMITTED, join(una, "Wanderer"));
        leave(una, "Wanderer");
        final Snapshot before = snapshot(server, owner);

        // ---- the outage
        final long mark = server.logMark();
        final Instant down = Instant.now();
        postgres.stop();
        System.out.println("DATABASE STOPPED (pg_ctl stop -m fast) after " + Duration.between(down, Instant.now())
            .toMillis() + " ms");
        final Map<String, String> during = new LinkedHashMap<>();
        final Map<String, Long> millis = new LinkedHashMap<>();
        // The room was read before the outage: its listing is in the cache, so the node knows every nickname of it.
        timed(during, millis, "join, reserved by another (admin Adele), known to the node (cached)",
            () -> join(ines, "Adele"));
        timed(during, millis, "join, reserved by another (admin Adam), known to the node (the room's listing)",
            () -> join(ines, "Adam"));
        timed(during, millis, "join, reserved by another (member Mia), Openfire's member nickname, cached",
            () -> join(ines, "Mia"));
        timed(during, millis, "join, reserved by another (owner Olivia, in the room), known (the room's listing)",
            () -> join(ines, "Olivia"));
        timed(during, millis, "join, own reservation (admin Adele), known to the node (cached)",
            () -> join(adele, "Adele"));
        timed(during, millis, "join, nobody's nickname (Wanderer), known to the node (cached)",
            () -> join(una, "Wanderer"));
        timed(during, millis, "join, nobody's nickname (Stranger), known to the node (the room's listing)",
            () -> join(ines, "Stranger"));
        leave(ines, "Stranger");
        // The cold room: the node knows only what Openfire's room says (its members' nicknames).
        timed(during, millis, "join, reserved by another (admin Adam), not known to the node",
            () -> join(ines, COLD_JID, "Adam"));
        timed(during, millis, "join, reserved by another (member Max), Openfire's member nickname, not cached",
            () -> join(ines, COLD_JID, "Max"));
        timed(during, millis, "join, reserved by another (owner Olivia, in the room), not known to the node",
            () -> join(ines, COLD_JID, "Olivia"));
        timed(during, millis, "join, own reservation (admin Adam), not known to the node",
            () -> join(adam, COLD_JID, "Adam"));
        timed(during, millis, "join, own reservation (member Max), Openfire's member nickname",
            () -> join(max, COLD_JID, "Max"));
        timed(during, millis, "join, nobody's nickname (Roamer), not known to the node",
            () -> join(ines, COLD_JID, "Roamer"));
        leave(max, COLD_JID, "Max");
        timed(during, millis, "registration (member Mia registers Mimi)", () -> register(mia, "Mimi"));
        timed(during, millis, "registration removed (admin Adam)", () -> iq(adam, "<iq type='set' id='"
            + id() + "' to='" + ROOM_JID + "'><query xmlns='jabber:iq:register'><remove/></query></iq>"));
        timed(during, millis, "muc#admin: Una made member with nickname Una", () -> admin(owner,
            "<item affiliation='member' jid='una@localhost' nick='Una'/>"));
        timed(during, millis, "muc#admin: admin Adele made member, nickname kept (decidable from the cache)",
            () -> admin(owner, "<item affiliation='member' jid='adele@localhost'/>"));
        timed(during, millis, "muc#admin: Ines made outcast (no nickname involved)", () -> admin(owner,
            "<item affiliation='outcast' jid='ines@localhost'/>"));
        timed(during, millis, "admin page: listing", () -> page(server.adminGet(PAGE + "?service=conference")));
        timed(during, millis, "admin page: add Una's reservation", () -> page(pagePost(server, Map.of(
            "action", "add", "service", "conference", "targetRoom", ROOM, "jid", "una@localhost", "nick", "Una"))));
        for (XmppTestClient admitted : List.of(adele, max, una)) {
            leaveAll(admitted);
        }

        // ---- the database comes back; Openfire is not restarted
        final Instant up = Instant.now();
        postgres.startAgain();
        System.out.println("DATABASE STARTED AGAIN in " + Duration.between(up, Instant.now()).toMillis() + " ms");
        // The first requests after the restart may meet the pool's broken connections: counted, not hidden.
        int failedProbes = 0;
        final Instant probeDeadline = Instant.now().plusSeconds(60);
        while (!PAGE_LISTING.equals(page(server.adminGet(PAGE + "?service=conference")))) {
            failedProbes++;
            assertTrue(Instant.now().isBefore(probeDeadline), "the admin page still shows the storage message 60 s "
                + "after the database came back");
            Thread.sleep(500);
        }
        final long recoveredMillis = Duration.between(up, Instant.now()).toMillis();
        final Snapshot afterOutage = snapshot(server, owner);
        final Map<String, String> after = new LinkedHashMap<>();
        after.put("join, reserved by another (admin Adam)", join(ines, "Adam"));
        after.put("join, nobody's nickname (Stranger)", join(ines, "Stranger"));
        leave(ines, "Stranger");
        after.put("join, own reservation (admin Adam)", join(adam, "Adam"));
        after.put("registration (member Mia registers Mimi)", register(mia, "Mimi"));
        after.put("muc#admin: Una made member with nickname Una", admin(owner,
            "<item affiliation='member' jid='una@localhost' nick='Una'/>"));
        after.put("join, Una's new reservation by Ines", join(ines, "Una"));
        after.put("admin page: listing", page(server.adminGet(PAGE + "?service=conference")));
        final List<String> finalRows = tableRows(server);
        final Snapshot finalState = snapshot(server, owner);
        final LogVerdict log = LogVerdict.of(read(server.logFile(), mark));

        // ---- the figures
        System.out.println("OUTAGE FIGURES (" + postgres + ")");
        System.out.println("  during the outage:");
        during.forEach((what, outcome) -> System.out.printf("    %-100s %s (%d ms)%n", what, outcome,
            millis.get(what)));
        final Map<String, Long> byOutcome = new TreeMap<>(during.values().stream()
            .collect(Collectors.groupingBy(o -> o, Collectors.counting())));
        System.out.println("    by outcome: " + byOutcome);
        System.out.println("  recovery: the admin page listed again " + recoveredMillis + " ms after the restart ("
            + failedProbes + " probe(s) still showed the storage message)");
        System.out.println("  after the database came back (no Openfire restart):");
        after.forEach((what, outcome) -> System.out.printf("    %-100s %s%n", what, outcome));
        System.out.println("  table before the outage: " + before.rows + "; after it: " + afterOutage.rows
            + "; at the end: " + finalRows);
        System.out.println("  Openfire's affiliations before: " + before.affiliations + "; after the outage: "
            + afterOutage.affiliations + "; at the end: " + finalState.affiliations);
        System.out.println("  log since the outage began: " + log.summary());

        // ---- the oracle
        final Map<String, String> expectedDuring = new LinkedHashMap<>();
        final List<String> cases = new ArrayList<>(during.keySet());
        final List<String> outcomes = List.of(CONFLICT, CONFLICT, CONFLICT, CONFLICT, ADMITTED, ADMITTED, ADMITTED,
            WAIT, CONFLICT, WAIT, WAIT, ADMITTED, WAIT,
            WAIT, WAIT, WAIT, WAIT, WAIT, PAGE_MESSAGE, PAGE_MESSAGE);
        for (int i = 0; i < cases.size(); i++) {
            expectedDuring.put(cases.get(i), outcomes.get(i));
        }
        assertEquals(expectedDuring, during, "what the outage's requests were answered");
        assertEquals(before.rows, afterOutage.rows, "the outage changed the table");
        assertEquals(before.affiliations, afterOutage.affiliations, "the outage changed Openfire's room");
        assertEquals(before.stored, afterOutage.stored, "the outage changed Openfire's stored affiliations");
        assertEquals(Map.of("join, reserved by another (admin Adam)", CONFLICT,
            "join, nobody's nickname (Stranger)", ADMITTED,
            "join, own reservation (admin Adam)", ADMITTED,
            "registration (member Mia registers Mimi)", RESULT,
            "muc#admin: Una made member with nickname Una", RESULT,
            "join, Una's new reservation by Ines", CONFLICT,
            "admin page: listing", PAGE_LISTING), after);
        assertEquals(List.of("adam@localhost=Adam", "adele@localhost=Adele", "max@localhost=Max",
            "mia@localhost=Mimi", "una@localhost=Una", "user@localhost=Olivia"), finalRows);
        assertEquals(finalState.affiliations, finalState.stored, "Openfire's room and its database disagree");
        assertTrue(log.pluginRecords.keySet().stream().noneMatch(k -> k.startsWith("ERROR")), log::summary);
        assertTrue(log.unexcused.isEmpty(), () -> "Openfire logged during the outage or after it:\n"
            + String.join("\n", log.unexcused));
    }

    // ------------------------------------------------------------------------------------------------ the log oracle

    /**
     * What Openfire logged since the outage began, record by record (a record: its first line and any stack trace
     * under it), each record at ERROR or naming an exception sorted:
     * <ul>
     * <li>the plugin's ({@code org.mucregistration}) WARN records: expected (a store failure is a WARN, and the
     * request is answered); a plugin record at ERROR is never excused;</li>
     * <li>Openfire's connection pool ({@code org.jivesoftware.database}: {@code DbConnectionManager} reports at INFO,
     * with the driver's exception, each failed attempt to get a connection, for whoever asked, the plugin included;
     * {@code DefaultConnectionProvider}): excused, being the pool's report that the database is down, not an error
     * of the caller;</li>
     * <li>Openfire's PubSub service on its own timer ({@code org.jivesoftware.openfire.pubsub}, thread
     * {@code TaskEngine-*}, no plugin frame in the record): its periodic flush of pending changes and purge of old
     * items fail while the database is down, whatever the plugin does (they ran, and failed alike, during the run's
     * outage with no request in flight);</li>
     * <li>anything else: not excused.</li>
     * </ul>
     */
    record LogVerdict(Map<String, Integer> pluginRecords, Map<String, Integer> excused, List<String> unexcused) {
        private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} (\\w+)\\s+\\[([^]]*)]: (\\S+) - ");

        static LogVerdict of(String text) {
            final Map<String, Integer> pluginRecords = new TreeMap<>();
            final Map<String, Integer> excused = new TreeMap<>();
            final List<String> unexcused = new ArrayList<>();
            final List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                final Matcher head = RECORD.matcher(lines.get(i));
                if (!head.find()) {
                    continue;
                }
                final StringBuilder record = new StringBuilder(lines.get(i));
                int j = i + 1;
                while (j < lines.size() && !RECORD.matcher(lines.get(j)).find()) {
                    record.append('\n').append(lines.get(j));
                    j++;
                }
                final String level = head.group(1);
                final String thread = head.group(2);
                final String logger = head.group(3);
                final String all = record.toString();
                if (logger.startsWith("org.mucregistration.")) {
                    pluginRecords.merge(level + " " + logger.substring(logger.lastIndexOf('.') + 1), 1, Integer::sum);
                }
                if (!level.equals("ERROR") && !all.contains("Exception")) {
                    continue;
                }
                final String firstLine = lines.get(i);
                if (logger.startsWith("org.mucregistration.") && !level.equals("ERROR")) {
                    excused.merge("plugin " + level + " " + logger.substring(logger.lastIndexOf('.') + 1), 1,
                        Integer::sum);
                } else if (logger.startsWith("org.jivesoftware.database.") && !level.equals("ERROR")) {
                    excused.merge("Openfire's pool " + level + " " + logger.substring(logger.lastIndexOf('.') + 1)
                        + ": " + message(firstLine), 1, Integer::sum);
                } else if (logger.startsWith("org.jivesoftware.openfire.pubsub.") && thread.startsWith("TaskEngine")
                    && !all.contains("org.mucregistration.")) {
                    excused.merge("Openfire's PubSub timer task " + level + ": " + message(firstLine), 1,
                        Integer::sum);
                } else {
                    unexcused.add(all.length() > 2000 ? all.substring(0, 2000) + " ..." : all);
                }
            }
            return new LogVerdict(pluginRecords, excused, unexcused);
        }

        private static String message(String line) {
            final String msg = line.substring(line.indexOf(" - ") + 3);
            return msg.replaceAll("\\d+", "N");
        }

        String summary() {
            return "the plugin's records by level " + pluginRecords + "; records at ERROR or with an exception "
                + "excused " + excused + "; not excused: " + unexcused.size();
        }
    }

    // ------------------------------------------------------------------------------------------------ the state

    record Snapshot(List<String> rows, String affiliations, String stored) {
    }

    /** The table's rows, Openfire's room's affiliations (as an owner lists them) and what Openfire stored of them. */
    private static Snapshot snapshot(OpenfireServer server, XmppTestClient owner) throws Exception {
        final StringBuilder affiliations = new StringBuilder();
        for (String affiliation : List.of("owner", "admin", "member", "outcast")) {
            final String id = id();
            owner.send("<iq type='get' id='" + id + "' to='" + ROOM_JID + "'><query xmlns='http://jabber.org/"
                + "protocol/muc#admin'><item affiliation='" + affiliation + "'/></query></iq>");
            final String reply = owner.await("the " + affiliation + " list", s -> s.startsWith("<iq")
                && has(s, "id", id), TIMEOUT);
            final Matcher jids = Pattern.compile("jid=['\"]([^'\"]+)['\"]").matcher(reply);
            final List<String> found = new ArrayList<>();
            while (jids.find()) {
                found.add(jids.group(1));
            }
            found.sort(null);
            affiliations.append(affiliation).append('=').append(found).append(' ');
        }
        return new Snapshot(tableRows(server), affiliations.toString().trim(), storedAffiliations(server));
    }

    private static List<String> tableRows(OpenfireServer server) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Connection con = server.database().connect(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT bareJid, nickname FROM ofMucRegReservation WHERE roomName = '"
                 + ROOM + "' ORDER BY bareJid")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getString(2));
            }
        }
        return rows;
    }

    /** Openfire's stored affiliations of the room, in the same form as the owner's lists. */
    private static String storedAffiliations(OpenfireServer server) throws SQLException {
        final Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String affiliation : List.of("owner", "admin", "member", "outcast")) {
            lists.put(affiliation, new ArrayList<>());
        }
        try (Connection con = server.database().connect(); Statement st = con.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT a.jid, a.affiliation FROM ofMucAffiliation a JOIN ofMucRoom r "
                + "ON a.roomID = r.roomID WHERE r.name = '" + ROOM + "'")) {
                while (rs.next()) {
                    lists.get(switch (rs.getInt(2)) {
                        case 10 -> "owner";
                        case 20 -> "admin";
                        case 40 -> "outcast";
                        default -> "member";
                    }).add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT m.jid FROM ofMucMember m JOIN ofMucRoom r ON m.roomID = "
                + "r.roomID WHERE r.name = '" + ROOM + "'")) {
                while (rs.next()) {
                    lists.get("member").add(rs.getString(1));
                }
            }
        }
        final StringBuilder text = new StringBuilder();
        lists.forEach((affiliation, jids) -> {
            jids.sort(null);
            text.append(affiliation).append('=').append(jids).append(' ');
        });
        return text.toString().trim();
    }

    // ---------------------------------------------------------------------------------------------------- XMPP

    private static int ids;

    private static String id() {
        return "outage" + (++ids);
    }

    private static XmppTestClient login(OpenfireServer server, String user) throws Exception {
        final XmppTestClient client = XmppTestClient.login(OpenfireServer.DOMAIN, server.clientPort(), user,
            "password", "outage");
        clients.add(client);
        return client;
    }

    private static Map<String, String> users(String... names) {
        final Map<String, String> users = new LinkedHashMap<>();
        for (String name : names) {
            users.put(name, "password");
        }
        return users;
    }

    interface Case {
        String run() throws Exception;
    }

    private static void timed(Map<String, String> outcomes, Map<String, Long> millis, String what, Case run)
        throws Exception {
        final long t0 = System.nanoTime();
        String outcome;
        try {
            outcome = run.run();
        } catch (AssertionError noAnswer) {
            outcome = NO_ANSWER;
            System.out.println("NO ANSWER to " + what + ": " + noAnswer.getMessage());
        }
        outcomes.put(what, outcome);
        millis.put(what, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Clears the plugin's caches on Openfire's Cache Summary page, as an admin can: the node then knows nothing of
     * the reservations until it reads them again.
     */
    private static void clearPluginCaches(OpenfireServer server) throws Exception {
        final String page = server.adminGet("/system-cache.jsp").body();
        final List<String> ids = new ArrayList<>();
        for (String cache : List.of("MUC Registration Room Listings", "MUC Registration Reserved Nicknames",
            "MUC Registration Reservations By User")) {
            final java.util.regex.Matcher id = java.util.regex.Pattern.compile("name=\"cacheID\" value=\"(\\d+)\"")
                .matcher(page);
            final int at = page.indexOf(cache);
            assertTrue(at >= 0 && id.find(at), cache + " is not on the Cache Summary page");
            ids.add(id.group(1));
        }
        final StringBuilder form = new StringBuilder("clear=Clear&csrf=" + OpenfireServer.ADMIN_CSRF);
        for (String id : ids) {
            form.append("&cacheID=").append(id);
        }
        final java.net.http.HttpResponse<String> cleared = server.adminPostForm("/system-cache.jsp", form.toString());
        assertTrue(cleared.statusCode() == 200 || cleared.statusCode() == 302, "clearing the caches: "
            + cleared.statusCode());
    }

    /** Asks to join the room under the nickname: {@link #ADMITTED}, {@link #CONFLICT}, {@link #WAIT}, or the error. */
    private static String join(XmppTestClient client, String nick) throws Exception {
        return join(client, ROOM_JID, nick);
    }

    private static String join(XmppTestClient client, String roomJid, String nick) throws Exception {
        final String from = roomJid + "/" + nick;
        client.send("<presence to='" + from + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        final String reply = client.await("the answer to joining as " + nick, s -> s.startsWith("<presence")
            && (s.contains(from + "'") || s.contains(from + "\""))
            && (has(s, "type", "error") || has(s, "code", "110")), TIMEOUT);
        return outcome(reply);
    }

    private static void leave(XmppTestClient client, String nick) throws Exception {
        leave(client, ROOM_JID, nick);
    }

    private static void leave(XmppTestClient client, String roomJid, String nick) throws Exception {
        final String from = roomJid + "/" + nick;
        client.send("<presence type='unavailable' to='" + from + "'/>");
        client.await("leaving as " + nick, s -> s.startsWith("<presence") && has(s, "type", "unavailable")
            && has(s, "code", "110"), TIMEOUT);
    }

    /** Leaves the room, whatever the nickname. */
    private static void leaveAll(XmppTestClient client) throws Exception {
        client.send("<presence type='unavailable' to='" + ROOM_JID + "'/>");
        client.unmatched(Duration.ofMillis(300));
        client.forget();
    }

    private static String register(XmppTestClient client, String nick) throws Exception {
        return register(client, ROOM_JID, nick);
    }

    private static String register(XmppTestClient client, String roomJid, String nick) throws Exception {
        return iq(client, "<iq type='set' id='" + id() + "' to='" + roomJid + "'><query xmlns='jabber:iq:register'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/"
            + "muc#register</value></field><field var='muc#register_roomnick'><value>" + nick + "</value></field>"
            + "</x></query></iq>");
    }

    private static String admin(XmppTestClient client, String items) throws Exception {
        return admin(client, ROOM_JID, items);
    }

    private static String admin(XmppTestClient client, String roomJid, String items) throws Exception {
        return iq(client, "<iq type='set' id='" + id() + "' to='" + roomJid + "'><query xmlns='http://jabber.org/"
            + "protocol/muc#admin'>" + items + "</query></iq>");
    }

    /** Sends the IQ (its id attribute in single quotes): {@link #RESULT}, {@link #WAIT}, or the error. */
    private static String iq(XmppTestClient client, String xml) throws Exception {
        final Matcher idMatch = Pattern.compile("id='([^']+)'").matcher(xml);
        assertTrue(idMatch.find(), xml);
        final String id = idMatch.group(1);
        client.send(xml);
        return outcome(client.await("the answer to " + id, s -> s.startsWith("<iq") && has(s, "id", id), TIMEOUT));
    }

    private static String outcome(String stanza) {
        if (has(stanza, "type", "error")) {
            if (stanza.contains("<conflict")) {
                return CONFLICT;
            }
            if (stanza.contains("<internal-server-error") && has(stanza, "type", "wait")) {
                return WAIT;
            }
            return "other error: " + stanza;
        }
        if (stanza.startsWith("<iq") && has(stanza, "type", "result")) {
            return RESULT;
        }
        return has(stanza, "code", "110") ? ADMITTED : "other: " + stanza;
    }

    // ---------------------------------------------------------------------------------------------- admin page

    private static String page(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return "page: HTTP " + response.statusCode();
        }
        if (response.body().contains(STORAGE_MESSAGE)) {
            return PAGE_MESSAGE;
        }
        return response.body().contains("Reservations found in") ? PAGE_LISTING : "page: 200 without the listing";
    }

    /** A POST of the page's form, with the page's own CSRF cookie and field. */
    private static HttpResponse<String> pagePost(OpenfireServer server, Map<String, String> fields)
        throws IOException, InterruptedException {
        final String token = "outagecsrf0001";
        final Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("csrf", token);
        final String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
            + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
            HttpRequest.newBuilder(server.adminUrl().resolve(PAGE)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", server.adminCookies() + "; mucregistration_csrf=" + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file, long from) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(from, Files.size(file)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        }
    }
}
