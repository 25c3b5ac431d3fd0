package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.admin.XmppTestClient.has;
import static org.mucregistration.e2e.Scenarios.assertPassed;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mucregistration.admin.AdminConsoleBrowser;
import org.mucregistration.admin.XmppTestClient;
import org.mucregistration.scenario.RunResult;
import org.mucregistration.scenario.RunnerOptions;
import org.openqa.selenium.By;

/**
 * The plugin on a two-node Openfire cluster (Hazelcast, one PostgreSQL database; {@link OpenfireClusterExtension}), with
 * clients spread over the nodes, each scenario also run the other way round: a reservation made through one node is
 * enforced and reported through the other; a {@code muc#admin} nickname set through one node removes the impostor on
 * the other; the admin page of one node manages reservations made through the other, and the other enforces the change
 * at once; two registrations of one nickname sent at the same moment through the two nodes: exactly one wins; a node
 * killed ({@code kill -9}): the other keeps enforcing and accepting reservations, and the killed node, back, enforces
 * those made while it was down; a node without the plugin: the admin page of the other says so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final String DOMAIN = OpenfireServer.DOMAIN;
    static final String ROMEO = "user@" + DOMAIN;
    static final String JULIET = "user2@" + DOMAIN;
    static final String ROSALINE = "user3@" + DOMAIN;
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int RACE_ROUNDS = 50;

    @RegisterExtension
    static final OpenfireClusterExtension cluster = new OpenfireClusterExtension();

    private static final List<AutoCloseable> open = new ArrayList<>();

    @AfterAll
    static void closeClients() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
        open.clear();
    }

    /** Node "A" or "B". */
    static OpenfireServer node(String name) {
        return "A".equals(name) ? cluster.nodeA() : cluster.nodeB();
    }

    static OpenfireServer other(String name) {
        return "A".equals(name) ? cluster.nodeB() : cluster.nodeA();
    }

    /** Runs a cluster scenario, its first clients on {@code first}, the others (and "...Elsewhere") on the other node. */
    static RunResult runSpread(String script, String room, String first, List<String> onFirst) throws Exception {
        RunnerOptions options = Scenarios.options(other(first).clientPort());
        for (String client : onFirst) {
            options = options.withClientPort(client, node(first).clientPort());
        }
        final RunnerOptions spread = options;
        return Scenarios.watching(List.of(cluster.nodeA(), cluster.nodeB()),
            () -> Scenarios.run(spread, "cluster/" + script, Map.of("room", room)));
    }

    @ParameterizedTest(name = "registered through node {0}")
    @ValueSource(strings = {"A", "B"})
    @Order(1)
    void aReservationMadeThroughOneNodeHoldsThroughTheOther(String first) throws Exception {
        RunResult result = runSpread("reservation_across_nodes.scs", "across-" + first.toLowerCase(), first,
            List.of("Romeo", "Juliet"));
        assertPassed(node(first), result);
    }

    @ParameterizedTest(name = "nickname set through node {0}")
    @ValueSource(strings = {"A", "B"})
    @Order(2)
    void aNicknameSetThroughOneNodeRemovesTheImpostorOnTheOther(String first) throws Exception {
        RunResult result = runSpread("admin_kick_across_nodes.scs", "kick-" + first.toLowerCase(), first,
            List.of("Romeo"));
        assertPassed(node(first), result);
    }

    @ParameterizedTest(name = "reserved through node {0}, managed on the admin page of the other")
    @ValueSource(strings = {"A", "B"})
    @Order(3)
    void theAdminPageOfOneNodeManagesReservationsMadeThroughTheOther(String first) throws Exception {
        final String room = "console-" + first.toLowerCase();
        final String roomJid = room + "@conference." + DOMAIN;
        final OpenfireServer through = node(first);
        final XmppTestClient romeo = login(through, "user", room);
        createRoom(romeo, roomJid);
        makeMember(romeo, roomJid, JULIET);
        final XmppTestClient juliet = login(through, "user2", room);
        register(juliet, roomJid, "Juliet");

        try (AdminConsoleBrowser browser = AdminConsoleBrowser.start(other(first).adminUrl())) {
            browser.login(OpenfireServer.ADMIN_USER, OpenfireServer.ADMIN_PASSWORD);
            final ReservationsPageInBrowser page = new ReservationsPageInBrowser(browser);
            page.open();
            assertEquals(2, page.driver().findElements(By.className("mucregistration-node")).size(),
                "both nodes listed: " + page.text(By.id("mucregistration-cluster")));
            assertTrue(page.messages().stream().noneMatch(m -> m.startsWith("warning")), page.messages().toString());

            page.search(room, "");
            assertEquals("Juliet", page.row(JULIET).nick, "the reservation made through node " + first);

            page.edit(JULIET, "Julia");
            assertEquals(List.of("success:Changed the reserved nickname of " + JULIET + " in " + roomJid
                + " from Juliet to Julia."), page.messages());
            // Node `first` enforces the change at once: "Julia" is refused there, "Juliet" is free.
            final XmppTestClient rosaline = login(through, "user3", room);
            assertRefused(rosaline, roomJid, "julia");
            assertJoins(rosaline, roomJid, "Juliet");
            leave(rosaline, roomJid, "Juliet");

            page.search(room, "");
            page.remove(JULIET);
            assertEquals("success:Removed the reserved nickname Julia of " + JULIET + " in " + roomJid
                + ". The affiliation (member) is unchanged.", page.messages().get(0));
            assertJoins(rosaline, roomJid, "Julia");
            leave(rosaline, roomJid, "Julia");
        }
        // Juliet's own view through node `first` agrees: no reserved nickname any more. (A connection made now: on
        // this 2-core machine Openfire, clustered, now and then stops reading from a connection that sat idle while
        // Chromium started; see the README's notes on the cluster suite.)
        final XmppTestClient julietNow = login(through, "user2", room + "-after");
        julietNow.send("<iq type='get' id='nick-after' to='" + roomJid + "'><query "
            + "xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
        final String answer = julietNow.await("the x-roomuser-item answer", s -> s.contains("nick-after"), TIMEOUT);
        assertTrue(!answer.contains("identity"), answer);
    }

    /**
     * Two users register the same nickname at the same moment, one through each node, {@value #RACE_ROUNDS} times:
     * each time exactly one gets a result, the other a conflict, and exactly one row holds it, the winner's.
     */
    @Test
    @Order(4)
    void simultaneousRegistrationsThroughBothNodesHaveExactlyOneWinner() throws Exception {
        final String roomJid = "race@conference." + DOMAIN;
        final XmppTestClient romeo = login(cluster.nodeA(), "user", "race");
        createRoom(romeo, roomJid);
        makeMember(romeo, roomJid, JULIET);
        makeMember(romeo, roomJid, ROSALINE);
        final XmppTestClient onA = login(cluster.nodeA(), "user2", "race");
        final XmppTestClient onB = login(cluster.nodeB(), "user3", "race");
        int winsA = 0;
        int winsB = 0;
        for (int round = 0; round < RACE_ROUNDS; round++) {
            final String nick = "Racer " + round;
            final CyclicBarrier start = new CyclicBarrier(2);
            final String idA = "ra" + round;
            final String idB = "rb" + round;
            final CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> raceRegister(onA, roomJid, nick,
                idA, start));
            final CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> raceRegister(onB, roomJid, nick,
                idB, start));
            final String answerA = a.get(30, TimeUnit.SECONDS);
            final String answerB = b.get(30, TimeUnit.SECONDS);
            final boolean aWon = has(answerA, "type", "result");
            final boolean bWon = has(answerB, "type", "result");
            assertTrue(aWon != bWon, "round " + round + ": exactly one must win:\nA: " + answerA + "\nB: " + answerB);
            final String loser = aWon ? answerB : answerA;
            assertTrue(loser.contains("<conflict"), "round " + round + ": the other gets conflict: " + loser);
            final List<String> holders = holdersOf("race", nick.toLowerCase());
            assertEquals(List.of(aWon ? JULIET : ROSALINE), holders, "round " + round + ": one row, the winner's");
            if (aWon) {
                winsA++;
            } else {
                winsB++;
            }
        }
        System.out.printf("RACE %d rounds: %d won through node A, %d through node B; each time one winner, one "
            + "conflict, one row%n", RACE_ROUNDS, winsA, winsB);
    }

    /**
     * Node A killed while users are in a room: node B goes on enforcing every reservation and accepts new ones; node A,
     * started again, rejoins the cluster and enforces the reservations made while it was down.
     */
    @Test
    @Order(5)
    void aKilledNodeLeavesTheOtherEnforcingAndComesBackEnforcingWhatChanged() throws Exception {
        final String roomJid = "vigil@conference." + DOMAIN;
        final XmppTestClient romeo = login(cluster.nodeB(), "user", "vigil");
        createRoom(romeo, roomJid);
        makeMember(romeo, roomJid, JULIET);
        makeMember(romeo, roomJid, ROSALINE);
        final XmppTestClient julietOnA = login(cluster.nodeA(), "user2", "vigil");
        register(julietOnA, roomJid, "Juliet");
        assertJoins(julietOnA, roomJid, "Juliet");
        final XmppTestClient rosalineOnA = login(cluster.nodeA(), "user3", "vigil");
        assertJoins(rosalineOnA, roomJid, "Rosaline");

        final long t0 = System.nanoTime();
        cluster.nodeA().kill();
        cluster.nodeB().awaitClusterSize(1, TIMEOUT);
        System.out.printf("KILL node A killed; node B alone after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        final XmppTestClient rosalineOnB = login(cluster.nodeB(), "user3", "vigil-b");
        assertRefused(rosalineOnB, roomJid, "JULIET");
        register(rosalineOnB, roomJid, "Rosalind");
        final XmppTestClient julietOnB = login(cluster.nodeB(), "user2", "vigil-b");
        assertRefused(julietOnB, roomJid, "rosalind");

        final long t1 = System.nanoTime();
        cluster.nodeA().startAgain();
        cluster.nodeA().awaitClusterSize(2, Duration.ofSeconds(120));
        cluster.nodeB().awaitClusterSize(2, Duration.ofSeconds(120));
        System.out.printf("KILL node A back in the cluster after %d ms%n", (System.nanoTime() - t1) / 1_000_000);

        final XmppTestClient julietBackOnA = login(cluster.nodeA(), "user2", "vigil-back");
        assertRefused(julietBackOnA, roomJid, "Rosalind");
        final XmppTestClient rosalineBackOnA = login(cluster.nodeA(), "user3", "vigil-back");
        rosalineBackOnA.send("<iq type='get' id='nick-back' to='" + roomJid + "'><query "
            + "xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
        final String answer = rosalineBackOnA.await("the x-roomuser-item answer", s -> s.contains("nick-back"),
            TIMEOUT);
        assertTrue(answer.contains("Rosalind"), answer);
        assertRefused(rosalineBackOnA, roomJid, "juliet");
    }

    /**
     * The plugin deleted from node B on its Plugins page: node A's admin page names B as not running it. What the
     * warning says holds: through node B, Openfire itself still refuses a member's nickname (it is Openfire's own member
     * nickname), but an owner's reservation (the plugin's alone) is not checked there.
     */
    @Test
    @Order(6)
    void theAdminPageWarnsAboutANodeWithoutThePlugin() throws Exception {
        final OpenfireServer nodeB = cluster.nodeB();
        final String roomJid = "vigil@conference." + DOMAIN;
        final XmppTestClient romeo = login(cluster.nodeA(), "user", "unguarded");
        register(romeo, roomJid, "Montague"); // the owner's reservation
        final HttpResponse<String> delete = nodeB.adminPost("/plugin-admin.jsp",
            Map.of("deleteplugin", OpenfireServer.PLUGIN_NAME));
        assertEquals(302, delete.statusCode(), "the Plugins page answered " + delete.statusCode());
        assertTrue(delete.headers().firstValue("location").orElse("").contains("deletesuccess=true"),
            delete.headers().toString());
        nodeB.awaitLog("Successfully unloaded plugin", TIMEOUT);

        try (AdminConsoleBrowser browser = AdminConsoleBrowser.start(cluster.nodeA().adminUrl())) {
            browser.login(OpenfireServer.ADMIN_USER, OpenfireServer.ADMIN_PASSWORD);
            final ReservationsPageInBrowser page = new ReservationsPageInBrowser(browser);
            page.open();
            final List<String> warnings = page.messages().stream().filter(m -> m.startsWith("warning"))
                .toList();
            assertEquals(1, warnings.size(), page.messages().toString());
            assertTrue(warnings.get(0).contains("does not run the MUC Registration plugin"), warnings.get(0));
            assertTrue(page.text(By.id("mucregistration-cluster")).contains("Not running"),
                page.text(By.id("mucregistration-cluster")));
        }
        final XmppTestClient rosalineOnB = login(nodeB, "user3", "unguarded");
        assertRefusedByOpenfire(rosalineOnB, roomJid, "juliet");
        assertJoins(rosalineOnB, roomJid, "Montague");
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    static XmppTestClient login(OpenfireServer node, String user, String resource) throws Exception {
        final XmppTestClient client = XmppTestClient.login(DOMAIN, node.clientPort(), user, "password", resource);
        open.add(client);
        return client;
    }

    static void createRoom(XmppTestClient owner, String roomJid) throws Exception {
        owner.send("<presence to='" + roomJid + "/Romeo'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the room's creation", s -> s.startsWith("<presence") && has(s, "code", "201"), TIMEOUT);
        owner.send("<iq type='set' id='create-" + roomJid + "' to='" + roomJid + "'><query "
            + "xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field "
            + "var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field></x></query></iq>");
        owner.await("the configuration's result", s -> s.startsWith("<iq") && s.contains("create-" + roomJid)
            && has(s, "type", "result"), TIMEOUT);
    }

    static void makeMember(XmppTestClient owner, String roomJid, String jid) throws Exception {
        final String id = "member-" + jid + "-" + System.nanoTime();
        owner.send("<iq type='set' id='" + id + "' to='" + roomJid + "'><query "
            + "xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member' jid='" + jid + "'/></query></iq>");
        final String answer = owner.await("the member change's answer", s -> s.startsWith("<iq") && s.contains(id),
            TIMEOUT);
        assertTrue(has(answer, "type", "result"), answer);
    }

    static String registration(String roomJid, String nick, String id) {
        return "<iq type='set' id='" + id + "' to='" + roomJid + "'><query xmlns='jabber:iq:register'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
            + "http://jabber.org/protocol/muc#register</value></field><field var='muc#register_roomnick'><value>"
            + nick + "</value></field></x></query></iq>";
    }

    static void register(XmppTestClient user, String roomJid, String nick) throws Exception {
        final String id = "reg-" + System.nanoTime();
        user.send(registration(roomJid, nick, id));
        final String answer = user.await("the registration's answer", s -> s.startsWith("<iq") && s.contains(id),
            TIMEOUT);
        assertTrue(has(answer, "type", "result"), "registering " + nick + ": " + answer);
    }

    static String raceRegister(XmppTestClient user, String roomJid, String nick, String id, CyclicBarrier start) {
        try {
            start.await(10, TimeUnit.SECONDS);
            user.send(registration(roomJid, nick, id));
            return user.await("the registration's answer", s -> s.startsWith("<iq")
                && (s.contains("'" + id + "'") || s.contains("\"" + id + "\"")), TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertJoins(XmppTestClient user, String roomJid, String nick) throws Exception {
        user.send("<presence to='" + roomJid + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        final String answer = user.await("the answer to joining as " + nick, s -> s.startsWith("<presence")
            && s.contains(roomJid + "/" + nick) && (s.contains("code=\"110\"") || s.contains("code='110'")
            || has(s, "type", "error")), TIMEOUT);
        assertTrue(!has(answer, "type", "error"), "joining as " + nick + " was refused: " + answer);
    }

    static void assertRefused(XmppTestClient user, String roomJid, String nick) throws Exception {
        user.send("<presence to='" + roomJid + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        final String answer = user.await("the answer to joining as " + nick, s -> s.startsWith("<presence")
            && s.contains(roomJid + "/" + nick) && (s.contains("code=\"110\"") || s.contains("code='110'")
            || has(s, "type", "error")), TIMEOUT);
        assertTrue(has(answer, "type", "error") && answer.contains("<conflict"), "joining as " + nick
            + " should be refused with conflict: " + answer);
    }

    /** Refused with conflict by Openfire itself (no {@code by}: the plugin's refusals name the room). */
    static void assertRefusedByOpenfire(XmppTestClient user, String roomJid, String nick) throws Exception {
        user.send("<presence to='" + roomJid + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        final String answer = user.await("the answer to joining as " + nick, s -> s.startsWith("<presence")
            && s.contains(roomJid + "/" + nick) && has(s, "type", "error"), TIMEOUT);
        assertTrue(answer.contains("<conflict") && !answer.contains("by="), "Openfire's own conflict: " + answer);
    }

    static void leave(XmppTestClient user, String roomJid, String nick) throws Exception {
        user.send("<presence type='unavailable' to='" + roomJid + "/" + nick + "'/>");
        user.await("leaving " + nick, s -> s.startsWith("<presence") && has(s, "type", "unavailable")
            && s.contains(roomJid + "/" + nick), TIMEOUT);
    }

    /** The holders of a nickname key in a room, from the cluster's database. */
    static List<String> holdersOf(String room, String nickKey) throws Exception {
        try (Connection con = cluster.database().connect();
             PreparedStatement ps = con.prepareStatement(
                 "SELECT bareJid FROM ofMucRegReservation WHERE service = 'conference' AND roomName = ? AND nickKey = ?")) {
            ps.setString(1, room);
            ps.setString(2, nickKey);
            final List<String> holders = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(rs.getString(1));
                }
            }
            return holders;
        }
    }
}
