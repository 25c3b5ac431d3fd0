package org.mucregistration.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mucregistration.admin.XmppTestClient;
import org.mucregistration.protocol.Nickname;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.admin.XmppTestClient.has;

/**
 * Joins and registrations of one nickname at the same moment, against a real Openfire (XEP-0045 §7.10 with the
 * plugin's reserved nicknames). Each round a fresh nickname; released by one barrier: three registrants (two members,
 * one admin: Openfire keeps a member's reservation itself, an admin's only the plugin does) register it, three joiners
 * without affiliation join under it (as registered, in lower case, with its space doubled: the same nickname under
 * PRECIS), and an occupant waiting in the room changes its nickname to it (in upper case). Afterwards, every round:
 * <ul>
 * <li>at most one registration succeeded and only its registrant holds the nickname ({@code x-roomuser-item} of
 * each), the others got {@code conflict};</li>
 * <li>no joiner is in the room under the nickname if a registrant holds it (the joiner's own presences and the
 * room's participant list): one admitted in the race must have been removed by the room (status 307, "This nickname
 * is reserved") within {@code -Drace.graceMillis} (3000).</li>
 * </ul>
 * And Openfire logged no ERROR and no exception meanwhile. {@code -Drace.rounds} rounds (1000), more (up to
 * {@code -Drace.maxRounds}, 3000) until one has raced (a joiner admitted under the nickname a registrant got, what the
 * run is about); none by then fails it. The figures are printed on a line starting {@code NICKRACE}.
 *
 * <p>Without the plugin's check after a join ({@code RoomChanges.afterOccupancy}) the joiners admitted in the race
 * stayed: 21 of them (5 by the nickname change) in 19 of 1000 rounds on a 2-core machine.
 */
class NicknameRaceIT {
    static final String DOMAIN = OpenfireServer.DOMAIN;
    static final String ROOM = "race@conference." + DOMAIN;
    static final List<String> REGISTRANTS = List.of("racer1", "racer2", "racer3");
    /** The registrants' affiliations: Openfire keeps members' reserved nicknames itself, not admins'. */
    static final List<String> AFFILIATIONS = List.of("member", "member", "admin");
    /** Three who join, and one (the last) who waits in the room and changes its nickname. */
    static final List<String> JOINERS = List.of("joiner1", "joiner2", "joiner3", "renamer");
    static final int RENAMER = 3;
    /** The renamer's nickname between rounds. */
    static final String WAITING = "Bystander";
    static final List<String> FORMS = List.of("as registered", "lower case", "space doubled",
        "upper case, by a nickname change");
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern NICK = Pattern.compile("nick=[\"']([^\"']*)[\"']");
    private static final Pattern NAME = Pattern.compile("name=[\"']([^\"']*)[\"']");

    @RegisterExtension
    static final OpenfireExtension openfire = new OpenfireExtension().users(users());

    private static Map<String, String> users() {
        final Map<String, String> users = new LinkedHashMap<>();
        for (String user : REGISTRANTS) {
            users.put(user, "password");
        }
        for (String user : JOINERS) {
            users.put(user, "password");
        }
        return users;
    }

    /** One joiner's part of a round: how its join was answered, and what became of it. */
    private record Join(String nick, String answer) {
        boolean admitted() {
            return answer.startsWith("<presence") && !has(answer, "type", "error");
        }

        boolean refusedByPlugin() {
            return has(answer, "type", "error") && has(answer, "by", ROOM);
        }
    }

    @Test
    void neverAnOccupantUnderAnotherUsersReservationNeverTwoReservations() throws Exception {
        final OpenfireServer server = openfire.server();
        final int rounds = Integer.getInteger("race.rounds", 1000);
        final int maxRounds = Math.max(rounds, Integer.getInteger("race.maxRounds", 3000));
        final Duration grace = Duration.ofMillis(Long.getLong("race.graceMillis", 3000));
        final List<XmppTestClient> clients = new ArrayList<>();
        final ExecutorService racers = Executors.newFixedThreadPool(REGISTRANTS.size() + JOINERS.size());
        try {
            final XmppTestClient owner = login(server, "user", clients);
            final List<XmppTestClient> registrants = new ArrayList<>();
            for (String user : REGISTRANTS) {
                registrants.add(login(server, user, clients));
            }
            final List<XmppTestClient> joiners = new ArrayList<>();
            for (String user : JOINERS) {
                joiners.add(login(server, user, clients));
            }
            createRoom(owner);
            enter(joiners.get(RENAMER), false);
            for (int i = 0; i < REGISTRANTS.size(); i++) {
                ask(owner, "<iq type='set' id='aff" + i + "' to='" + ROOM + "'><query xmlns='"
                    + "http://jabber.org/protocol/muc#admin'><item affiliation='" + AFFILIATIONS.get(i) + "' jid='"
                    + REGISTRANTS.get(i) + "@" + DOMAIN + "'/></query></iq>", "aff" + i, true);
            }
            owner.forget();

            final long mark = server.logMark();
            final List<String> problems = new ArrayList<>();
            final Map<String, Integer> wonBy = new LinkedHashMap<>();
            final int[] admittedByForm = new int[FORMS.size()];
            final int[] removedByForm = new int[FORMS.size()];
            final int[] stayedByForm = new int[FORMS.size()];
            int registrationFirst = 0;
            int joinerFirst = 0;
            int raced = 0;
            int removed = 0;
            int stayed = 0;
            int refusedByPlugin = 0;
            int refusedByOpenfire = 0;
            int conflicts = 0;
            int twoReservations = 0;
            final long t0 = System.nanoTime();
            int round = 0;
            for (; round < rounds || raced == 0 && round < maxRounds; round++) {
                final String nick = "Racer " + round;
                final List<String> forms = List.of(nick, nick.toLowerCase(), nick.replace(" ", "  "),
                    nick.toUpperCase());
                final CyclicBarrier start = new CyclicBarrier(REGISTRANTS.size() + JOINERS.size());
                final List<Future<String>> registered = new ArrayList<>();
                for (int i = 0; i < registrants.size(); i++) {
                    final XmppTestClient registrant = registrants.get(i);
                    final String id = "reg" + round + "-" + i;
                    registered.add(racers.submit(() -> {
                        start.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        registrant.send(registration(nick, id));
                        return registrant.await("the answer to " + id, s -> s.startsWith("<iq") && has(s, "id", id),
                            TIMEOUT);
                    }));
                }
                final List<Future<String>> joined = new ArrayList<>();
                for (int i = 0; i < joiners.size(); i++) {
                    final XmppTestClient joiner = joiners.get(i);
                    final String occupant = ROOM + "/" + forms.get(i);
                    final String presence = i == RENAMER ? "<presence to='" + occupant + "'/>" // XEP-0045 §7.6
                        : "<presence to='" + occupant + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>";
                    joined.add(racers.submit(() -> {
                        start.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        joiner.send(presence);
                        return joiner.await("the answer to joining as " + occupant, s -> s.startsWith("<presence")
                            && has(s, "from", occupant) && (has(s, "type", "error")
                            || !has(s, "type", "unavailable") && has(s, "code", "110")), TIMEOUT);
                    }));
                }

                // Registrations: at most one result, conflict for the others, the winner alone holds the nickname.
                final List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < registrants.size(); i++) {
                    final String answer = registered.get(i).get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                    if (has(answer, "type", "result")) {
                        winners.add(i);
                    } else if (answer.contains("<conflict")) {
                        conflicts++;
                    } else {
                        problems.add("round " + round + ": " + REGISTRANTS.get(i) + "'s registration was answered "
                            + answer);
                    }
                }
                final List<Join> joins = new ArrayList<>();
                for (int i = 0; i < joiners.size(); i++) {
                    joins.add(new Join(forms.get(i), joined.get(i).get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)));
                }
                if (winners.size() > 1) {
                    problems.add("round " + round + ": " + winners.size() + " registrations of '" + nick
                        + "' succeeded");
                }
                final List<Integer> holders = new ArrayList<>();
                for (int i = 0; i < registrants.size(); i++) {
                    final String answer = ask(registrants.get(i), "<iq type='get' id='item" + round + "-" + i
                        + "' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/disco#info' "
                        + "node='x-roomuser-item'/></iq>", "item" + round + "-" + i, false);
                    final Matcher name = NAME.matcher(answer);
                    if (name.find() && Nickname.parse(nick).orElseThrow().sameAs(name.group(1))) {
                        holders.add(i);
                    }
                }
                if (!holders.equals(winners)) {
                    problems.add("round " + round + ": '" + nick + "' registered by " + names(winners)
                        + ", held by " + names(holders));
                }
                if (winners.size() > 1 || holders.size() > 1) {
                    twoReservations++;
                }
                final boolean reserved = !holders.isEmpty();

                // Joins: whoever was admitted while a registrant holds the nickname must be removed by the room.
                boolean joinerIn = false;
                final List<Integer> inRoom = new ArrayList<>();
                for (int i = 0; i < joins.size(); i++) {
                    final Join join = joins.get(i);
                    if (!join.admitted()) {
                        if (join.refusedByPlugin()) {
                            refusedByPlugin++;
                        } else {
                            refusedByOpenfire++;
                        }
                        continue;
                    }
                    joinerIn = true;
                    admittedByForm[i]++;
                    if (!reserved) {
                        inRoom.add(i);
                        continue;
                    }
                    final String occupant = ROOM + "/" + join.nick();
                    try {
                        final String kick = joiners.get(i).await("its removal from " + occupant, s ->
                            s.startsWith("<presence") && has(s, "from", occupant) && has(s, "type", "unavailable")
                            && has(s, "code", "307"), grace);
                        removed++;
                        removedByForm[i]++;
                        if (i == RENAMER) {
                            enter(joiners.get(i), false);
                        }
                        if (!kick.contains("This nickname is reserved")) {
                            problems.add("round " + round + ": " + JOINERS.get(i) + " removed without the reason: "
                                + kick);
                        }
                    } catch (AssertionError e) {
                        stayed++;
                        stayedByForm[i]++;
                        inRoom.add(i);
                        problems.add("round " + round + ": " + JOINERS.get(i) + " still in the room as '"
                            + join.nick() + "' " + grace.toMillis() + " ms after its join, while " + names(holders)
                            + " holds '" + nick + "'");
                    }
                }
                // The room's own view: no participant under a nickname a registrant holds.
                final String participants = ask(owner, "<iq type='get' id='who" + round + "' to='" + ROOM + "'><query "
                    + "xmlns='http://jabber.org/protocol/muc#admin'><item role='participant'/></query></iq>",
                    "who" + round, true);
                final Matcher listed = NICK.matcher(participants);
                while (listed.find()) {
                    if (reserved && Nickname.parse(nick).orElseThrow().sameAs(listed.group(1))) {
                        problems.add("round " + round + ": the room lists a participant '" + listed.group(1)
                            + "' while " + names(holders) + " holds '" + nick + "'");
                    }
                }

                if (reserved && joinerIn) {
                    raced++;
                } else if (reserved) {
                    registrationFirst++;
                } else if (joinerIn) {
                    joinerFirst++;
                }
                for (int winner : winners) {
                    wonBy.merge(AFFILIATIONS.get(winner), 1, Integer::sum);
                }
                for (int i : inRoom) {
                    if (i == RENAMER) {
                        enter(joiners.get(i), true); // back to its nickname between rounds
                    } else {
                        leave(joiners.get(i), ROOM + "/" + joins.get(i).nick());
                    }
                }
                for (XmppTestClient client : clients) {
                    client.forget();
                }
            }
            final long millis = (System.nanoTime() - t0) / 1_000_000;
            final int won = wonBy.values().stream().mapToInt(Integer::intValue).sum();
            final int admitted = Arrays.stream(admittedByForm).sum();
            final List<String> errors = server.logErrorsSince(mark);
            System.out.printf("NICKRACE %d rounds (%d registrants, %d joiners each) in %.1f s: registrations %d won %s, "
                    + "%d conflict; joins %d admitted %s, %d refused by the plugin, %d by Openfire; rounds where "
                    + "only a registration got through %d, only joins %d, both (joiners admitted under the nickname "
                    + "just registered) %d: %d such joiners removed by the room %s, %d stayed %s; violations %d (an "
                    + "occupant left under another user's reservation %d, a nickname held by two %d; problems %d); "
                    + "Openfire log errors %d%n", round, REGISTRANTS.size(), JOINERS.size(), millis / 1000.0, won, wonBy, conflicts,
                admitted, byForm(admittedByForm), refusedByPlugin, refusedByOpenfire, registrationFirst, joinerFirst,
                raced, removed, byForm(removedByForm), stayed, byForm(stayedByForm), stayed + twoReservations, stayed,
                twoReservations, problems.size(), errors.size());
            assertTrue(problems.isEmpty(), () -> problems.size() + " problems:\n" + String.join("\n", problems));
            assertTrue(errors.isEmpty(), () -> "Openfire logged during the race:\n" + String.join("\n", errors));
            final int roundsRun = round;
            assertTrue(raced > 0, () -> "no round of " + roundsRun + " raced (a joiner admitted under the nickname "
                + "a registrant got): the run proves nothing; raise -Drace.maxRounds");
        } finally {
            racers.shutdownNow();
            for (XmppTestClient client : clients) {
                client.close();
            }
        }
    }

    private static String byForm(int[] byForm) {
        final StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < byForm.length; i++) {
            text.append(i == 0 ? "" : ", ").append(FORMS.get(i)).append('=').append(byForm[i]);
        }
        return text.append('}').toString();
    }

    private static String names(List<Integer> registrants) {
        final List<String> names = new ArrayList<>();
        for (int i : registrants) {
            names.add(REGISTRANTS.get(i) + " (" + AFFILIATIONS.get(i) + ")");
        }
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    private static XmppTestClient login(OpenfireServer server, String user, List<XmppTestClient> clients)
        throws Exception {
        final XmppTestClient client = XmppTestClient.login(DOMAIN, server.clientPort(), user, "password", "race");
        clients.add(client);
        return client;
    }

    /** The owner creates the room (instant room) and stays in it, as a moderator who may list its participants. */
    private static void createRoom(XmppTestClient owner) throws Exception {
        owner.send("<presence to='" + ROOM + "/Referee'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the room's creation", s -> s.startsWith("<presence") && has(s, "code", "201"), TIMEOUT);
        ask(owner, "<iq type='set' id='create' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
            + "http://jabber.org/protocol/muc#roomconfig</value></field></x></query></iq>", "create", true);
    }

    private static String registration(String nick, String id) {
        return "<iq type='set' id='" + id + "' to='" + ROOM + "'><query xmlns='jabber:iq:register'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
            + "http://jabber.org/protocol/muc#register</value></field><field var='muc#register_roomnick'><value>"
            + nick + "</value></field></x></query></iq>";
    }

    /** Sends the IQ and returns its answer; {@code mustSucceed}: a result, else the test fails. */
    private static String ask(XmppTestClient client, String iq, String id, boolean mustSucceed) throws Exception {
        client.send(iq);
        final String answer = client.await("the answer to " + id, s -> s.startsWith("<iq") && has(s, "id", id),
            TIMEOUT);
        assertTrue(!mustSucceed || has(answer, "type", "result"), () -> id + " was answered " + answer);
        return answer;
    }

    /** The renamer joins the room as {@link #WAITING}, or changes its nickname back to it. */
    private static void enter(XmppTestClient renamer, boolean inRoom) throws Exception {
        final String occupant = ROOM + "/" + WAITING;
        renamer.send(inRoom ? "<presence to='" + occupant + "'/>"
            : "<presence to='" + occupant + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        renamer.await("being in the room as " + WAITING, s -> s.startsWith("<presence") && has(s, "from", occupant)
            && !has(s, "type", "unavailable") && !has(s, "type", "error") && has(s, "code", "110"), TIMEOUT);
    }

    private static void leave(XmppTestClient joiner, String occupant) throws Exception {
        joiner.send("<presence type='unavailable' to='" + occupant + "'/>");
        joiner.await("leaving " + occupant, s -> s.startsWith("<presence") && has(s, "from", occupant)
            && has(s, "type", "unavailable"), TIMEOUT);
    }
}
