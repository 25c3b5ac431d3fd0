package org.mucregistration.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A steady mixed load on a MUC service whose every stanza is accounted for, for end-to-end tests that change the
 * server underneath it (a plugin deleted, uploaded, replaced). Lean clients ({@link BenchClient}), each in one role:
 * <ul>
 * <li><b>occupants</b> sit in the chat rooms for the whole run, each sending a groupchat message every
 * {@link Shape#messageInterval}: every message must reach every occupant of its room (its sender included) once;</li>
 * <li><b>joiners</b> enter a chat room under a fresh nickname (answer: the self-presence, status 110), send one
 * groupchat message (answer: their own copy; the room's occupants must get it too), leave (answer: the unavailable
 * self-presence), and again, into the other room;</li>
 * <li><b>registrars</b> go round the rooms (chat and registration rooms), registering a fresh nickname in one
 * ({@code jabber:iq:register} form; answer: result or error) and then asking for their registration there (answer:
 * result or error).</li>
 * </ul>
 * Every request must get exactly one answer within {@link Shape#timeout}: one that gets none is <i>lost</i>, one
 * answered after the timeout is <i>late</i>, a second answer is a <i>duplicate</i>; a groupchat copy that never arrives
 * is lost, one that arrives twice a duplicate, one at an occupant of another room a stray. Everything is counted by the
 * {@link #phase} in which it was sent, so a test can name what the server went through meanwhile.
 */
public final class SteadyLoad implements AutoCloseable {
    /** Body prefix of the load's groupchat messages: {@code L <key>}. */
    private static final String BODY_PREFIX = "L ";

    /** How many clients do what, how often, and how long an answer may take. */
    public record Shape(int chatRooms, int occupantsPerRoom, int joiners, int registrars, int registrationRooms,
                        Duration messageInterval, Duration pause, Duration timeout) {
        /** 2 chat rooms of 3 occupants (a message every 100 ms each), 2 joiners, 2 registrars over 4 rooms. */
        public static Shape small() {
            return new Shape(2, 3, 2, 2, 2, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(10));
        }

        /** Clients needed: an owner that creates the rooms, then the occupants, joiners and registrars. */
        public int users() {
            return 1 + chatRooms * occupantsPerRoom + joiners + registrars;
        }
    }

    /** What a request or a copy is, in the tally. */
    public enum Kind {
        JOIN("join (self-presence)"),
        MESSAGE("joiner's message (own copy)"),
        LEAVE("leave (self-presence)"),
        REGISTER("registration"),
        REGISTRATION_QUERY("registration query"),
        COPY("groupchat copy to an occupant");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private record Pending(Kind kind, String phase, long sentAt, Consumer<String> onAnswer, Runnable onLost) {
    }

    /** A groupchat message sent: who must get a copy, who did. */
    private record Expected(String phase, long sentAt, Set<Integer> recipients, Set<Integer> received) {
    }

    /** A registration that was answered with success: the nickname, and in which phase. */
    public record Registered(String nick, String phase) {
    }

    private final Shape shape;
    private final String host;
    private final int port;
    private final String domain;
    private final List<String> chatRooms = new ArrayList<>();
    private final List<String> registrationRooms = new ArrayList<>();
    private final List<BenchClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Requests answered, and requests given up as lost, by key: what a second or a late answer is counted against. */
    private final Map<String, Pending> answered = new ConcurrentHashMap<>();
    private final Map<String, Pending> lost = new ConcurrentHashMap<>();
    private final Map<String, Expected> messages = new ConcurrentHashMap<>();
    private final Tally tally = new Tally();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    /** Per registrar: room to its last registration answered with success. */
    private final List<Map<String, Registered>> registered = new ArrayList<>();
    private CountDownLatch workers;
    private volatile String phase = "start";
    private volatile boolean stopping;

    private SteadyLoad(Shape shape, String host, int port, String domain) {
        this.shape = shape;
        this.host = host;
        this.port = port;
        this.domain = domain;
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            final Thread thread = new Thread(r, "steady-load");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /**
     * Logs {@code usernames} in on {@code host:port} ({@link Shape#users} of them, all with {@code password}: the first
     * creates the rooms on service {@code mucDomain}, persistent and open to registration), seats the occupants and
     * starts the load, counted under phase {@code phase} until {@link #phase} names another.
     */
    public static SteadyLoad start(Shape shape, String host, int port, String domain, String mucDomain,
                                   List<String> usernames, String password, String phase)
        throws IOException, InterruptedException {
        if (usernames.size() < shape.users()) {
            throw new IllegalArgumentException("the load needs " + shape.users() + " users, got " + usernames.size());
        }
        final SteadyLoad load = new SteadyLoad(shape, host, port, domain);
        try {
            load.setUp(mucDomain, usernames, password);
            load.phase(phase);
            load.run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            load.close();
            throw e;
        }
        return load;
    }

    /** Counts what is sent from now on under this name. */
    public void phase(String name) {
        tally.phase(name);
        phase = name;
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private void setUp(String mucDomain, List<String> usernames, String password)
        throws IOException, InterruptedException {
        final Duration timeout = shape.timeout().plusSeconds(20);
        BenchClient.loginAll(shape.users(), usernames::get, host, port, domain, password, "load", timeout,
            clients::add);
        final BenchClient owner = clients.get(0);
        final Requests ownerRequests = new Requests();
        owner.handler(ownerRequests);
        for (int i = 0; i < shape.chatRooms(); i++) {
            chatRooms.add("chat" + i + "@" + mucDomain);
        }
        for (int i = 0; i < shape.registrationRooms(); i++) {
            registrationRooms.add("reg" + i + "@" + mucDomain);
        }
        for (String room : concat(chatRooms, registrationRooms)) {
            ArmRun.createRoom(owner, ownerRequests, room, shape.timeout());
        }
        owner.handler(BenchClient.IGNORE);
        seatOccupants();
    }

    private List<BenchClient> occupants() {
        return clients.subList(1, 1 + shape.chatRooms() * shape.occupantsPerRoom());
    }

    private List<BenchClient> joiners() {
        final int from = 1 + shape.chatRooms() * shape.occupantsPerRoom();
        return clients.subList(from, from + shape.joiners());
    }

    private List<BenchClient> registrars() {
        final int from = 1 + shape.chatRooms() * shape.occupantsPerRoom() + shape.joiners();
        return clients.subList(from, from + shape.registrars());
    }

    private String roomOf(int occupant) {
        return chatRooms.get(occupant / shape.occupantsPerRoom());
    }

    /** The client indices of the occupants seated in a chat room. */
    private Set<Integer> seatedIn(String room) {
        final Set<Integer> seated = new LinkedHashSet<>();
        final List<BenchClient> occupants = occupants();
        for (int i = 0; i < occupants.size(); i++) {
            if (roomOf(i).equals(room)) {
                seated.add(occupants.get(i).index);
            }
        }
        return seated;
    }

    private void seatOccupants() throws IOException {
        final List<CompletableFuture<String>> answers = new ArrayList<>();
        final List<BenchClient> occupants = occupants();
        for (int i = 0; i < occupants.size(); i++) {
            final BenchClient c = occupants.get(i);
            final String self = roomOf(i) + "/c" + c.index;
            final Requests requests = new Requests();
            c.handler(requests);
            answers.add(requests.expect(xml -> xml.startsWith("<presence") && self.equals(Stanza.attribute(xml, "from"))
                && (Stanza.hasStatus(xml, 110) || "error".equals(Stanza.attribute(xml, "type")))));
            c.send(Muc.join(roomOf(i), "c" + c.index));
        }
        for (int i = 0; i < answers.size(); i++) {
            final String answer = Requests.await(answers.get(i), shape.timeout(), "occupant " + i + " entering");
            if ("error".equals(Stanza.attribute(answer, "type"))) {
                throw new IOException("An occupant could not enter its room: " + answer);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- the load

    private void run() {
        final List<BenchClient> occupants = occupants();
        workers = new CountDownLatch(shape.joiners() + shape.registrars());
        final long interval = shape.messageInterval().toNanos();
        // Every occupant listens before anyone speaks: a copy of the first message could otherwise reach an occupant
        // whose handler is still the seating one, and count as lost.
        for (BenchClient c : occupants) {
            c.handler((client, xml, at) -> occupantReceived(client, xml, at));
        }
        for (int i = 0; i < occupants.size(); i++) {
            final BenchClient c = occupants.get(i);
            final String room = roomOf(i);
            timers.add(scheduler.scheduleAtFixedRate(() -> occupantSends(c, room), interval * i / occupants.size(),
                interval, TimeUnit.NANOSECONDS));
        }
        for (BenchClient j : joiners()) {
            final Joiner joiner = new Joiner(j);
            j.handler((client, xml, at) -> joiner.received(xml, at));
            scheduler.execute(joiner::next);
        }
        final List<String> rooms = concat(chatRooms, registrationRooms);
        for (BenchClient r : registrars()) {
            final Map<String, Registered> last = new ConcurrentHashMap<>();
            registered.add(last);
            final Registrar registrar = new Registrar(r, rooms, last);
            r.handler((client, xml, at) -> {
                if (xml.startsWith("<iq")) {
                    answer("iq:" + Stanza.attribute(xml, "id"), xml, at);
                }
            });
            scheduler.execute(registrar::next);
        }
        timers.add(scheduler.scheduleWithFixedDelay(this::expire, 250, 250, TimeUnit.MILLISECONDS));
    }

    private void occupantSends(BenchClient c, String room) {
        if (stopping) {
            return;
        }
        final String key = "g" + sequence.incrementAndGet();
        expect(key, seatedIn(room));
        if (!c.trySend(groupchat(room, key))) {
            problems.add("occupant " + c.username + " could not send: " + c.closedBecause());
        }
    }

    private void occupantReceived(BenchClient client, String xml, long at) {
        if (!xml.startsWith("<message")) {
            return;
        }
        if ("error".equals(Stanza.attribute(xml, "type"))) {
            refused(Stanza.attribute(xml, "id"), xml);
            return;
        }
        final String key = keyOf(xml);
        if (key != null) {
            copy(client.index, false, key, at);
        }
    }

    private static String groupchat(String room, String key) {
        return "<message to='" + room + "' type='groupchat' id='" + key + "'><body>" + BODY_PREFIX + key
            + "</body></message>";
    }

    private static String keyOf(String message) {
        final String body = Stanza.body(message);
        return body != null && body.startsWith(BODY_PREFIX) ? body.substring(BODY_PREFIX.length()) : null;
    }

    /** Enters a room, says something, leaves; again, in the next room, under a fresh nickname. */
    private final class Joiner {
        private final BenchClient client;
        private int round;
        private volatile String occupancy;

        Joiner(BenchClient client) {
            this.client = client;
        }

        void next() {
            if (stopping) {
                workers.countDown();
                return;
            }
            final String room = chatRooms.get(round % chatRooms.size());
            final String nick = "j" + client.index + "n" + round++;
            occupancy = room + "/" + nick;
            request(client, "join:" + occupancy, Kind.JOIN, Muc.join(room, nick), answer -> {
                if ("error".equals(Stanza.attribute(answer, "type"))) {
                    later(this::next);
                } else {
                    say(room, nick);
                }
            }, () -> later(this::next));
        }

        private void say(String room, String nick) {
            final String key = "g" + sequence.incrementAndGet();
            expect(key, seatedIn(room));
            request(client, "msg:" + key, Kind.MESSAGE, groupchat(room, key), answer -> leave(room, nick),
                () -> leave(room, nick));
        }

        private void leave(String room, String nick) {
            request(client, "leave:" + room + "/" + nick, Kind.LEAVE, Muc.leave(room, nick), answer -> later(this::next),
                () -> later(this::next));
        }

        void received(String xml, long at) {
            if (xml.startsWith("<presence")) {
                final String from = Stanza.attribute(xml, "from");
                final String type = Stanza.attribute(xml, "type");
                if ("error".equals(type)) {
                    answer("join:" + from, xml, at);
                } else if (Stanza.hasStatus(xml, 110)) {
                    answer(("unavailable".equals(type) ? "leave:" : "join:") + from, xml, at);
                }
            } else if (xml.startsWith("<message")) {
                if ("error".equals(Stanza.attribute(xml, "type"))) {
                    final String id = Stanza.attribute(xml, "id");
                    refused(id, xml);
                    answer("msg:" + id, xml, at);
                    return;
                }
                final String key = keyOf(xml);
                if (key == null) {
                    return;
                }
                if (occupancy != null && occupancy.equals(Stanza.attribute(xml, "from"))) {
                    answer("msg:" + key, xml, at);
                } else {
                    copy(client.index, true, key, at);
                }
            }
        }
    }

    /** Registers a fresh nickname with a room and asks for it; then the next room. */
    private final class Registrar {
        private final BenchClient client;
        private final List<String> rooms;
        private final Map<String, Registered> last;
        private int round;

        Registrar(BenchClient client, List<String> rooms, Map<String, Registered> last) {
            this.client = client;
            this.rooms = rooms;
            this.last = last;
        }

        void next() {
            if (stopping) {
                workers.countDown();
                return;
            }
            final String room = rooms.get(round % rooms.size());
            final String nick = "r" + client.index + "n" + round++;
            final String id = "q" + sequence.incrementAndGet();
            final String sentIn = phase;
            request(client, "iq:" + id, Kind.REGISTER, Muc.register(id, room, nick), answer -> {
                if ("result".equals(Stanza.attribute(answer, "type"))) {
                    last.put(room, new Registered(nick, sentIn));
                }
                ask(room);
            }, () -> ask(room));
        }

        private void ask(String room) {
            final String id = "q" + sequence.incrementAndGet();
            request(client, "iq:" + id, Kind.REGISTRATION_QUERY, Muc.registrationQuery(id, room),
                answer -> later(this::next), () -> later(this::next));
        }
    }

    private void later(Runnable step) {
        scheduler.schedule(step, shape.pause().toNanos(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------------------------------- the accounts

    private void request(BenchClient client, String key, Kind kind, String xml, Consumer<String> onAnswer,
                         Runnable onLost) {
        final String in = phase;
        tally.count(in, kind).sent.increment();
        pending.put(key, new Pending(kind, in, System.nanoTime(), onAnswer, onLost));
        if (!client.trySend(xml)) {
            pending.remove(key);
            tally.count(in, kind).lost.increment();
            problems.add(client.username + " could not send (" + client.closedBecause() + "): " + key);
            workers.countDown(); // this worker stops
        }
    }

    private void answer(String key, String xml, long at) {
        final Pending p = pending.remove(key);
        if (p == null) {
            final Pending first = answered.get(key);
            final Pending given = lost.get(key);
            if (first != null) {
                tally.count(first.phase(), first.kind()).duplicates.increment();
                problems.add("a second answer to " + key + ": " + xml);
            } else if (given != null) {
                tally.count(given.phase(), given.kind()).late.increment();
                problems.add("an answer after the timeout to " + key + ": " + xml);
            }
            return;
        }
        answered.put(key, p);
        final Tally.Count count = tally.count(p.phase(), p.kind());
        count.answered(at - p.sentAt());
        if ("error".equals(Stanza.attribute(xml, "type"))) {
            count.error(Stanza.errorCondition(xml));
        }
        scheduler.execute(() -> p.onAnswer().accept(xml));
    }

    /** Requests unanswered for longer than the timeout are lost; the client goes on. */
    private void expire() {
        final long now = System.nanoTime();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            final Pending p = e.getValue();
            if (now - p.sentAt() > shape.timeout().toNanos() && pending.remove(e.getKey(), p)) {
                lost.put(e.getKey(), p);
                tally.count(p.phase(), p.kind()).lost.increment();
                problems.add("no answer within " + shape.timeout().toSeconds() + " s: " + e.getKey() + " (sent in "
                    + p.phase() + ")");
                p.onLost().run();
            }
        }
    }

    private void expect(String key, Set<Integer> recipients) {
        final String in = phase;
        messages.put(key, new Expected(in, System.nanoTime(), recipients, ConcurrentHashMap.newKeySet()));
        tally.count(in, Kind.COPY).sent.add(recipients.size());
    }

    private void copy(int recipient, boolean passingThrough, String key, long at) {
        final Expected e = messages.get(key);
        if (e == null) {
            problems.add("a copy of a message the load never sent: " + key);
            return;
        }
        final Tally.Count count = tally.count(e.phase(), Kind.COPY);
        if (!e.recipients().contains(recipient)) {
            if (!passingThrough) { // a joiner gets what is said while it is in; an occupant only its own room's
                count.stray.increment();
                problems.add("occupant " + recipient + " got " + key + " from another room");
            }
            return;
        }
        if (!e.received().add(recipient)) {
            count.duplicates.increment();
            problems.add("occupant " + recipient + " got " + key + " twice");
            return;
        }
        count.answered(at - e.sentAt());
    }

    private void refused(String key, String xml) {
        final Expected e = key == null ? null : messages.remove(key);
        if (e == null) {
            problems.add("an error to a message the load never sent: " + xml);
            return;
        }
        tally.count(e.phase(), Kind.COPY).error(Stanza.errorCondition(xml) + " (whole message, "
            + e.recipients().size() + " copies)");
    }

    // -------------------------------------------------------------------------------------------------- the end

    /**
     * Stops sending, waits up to {@code drain} for every outstanding answer and copy, counts what never came as lost
     * and returns the tally. The clients stay logged in (for {@link #registrationsKept}).
     */
    public Tally stop(Duration drain) throws InterruptedException {
        stopping = true;
        for (ScheduledFuture<?> timer : timers) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        final long deadline = System.nanoTime() + drain.toNanos();
        timers.add(scheduler.scheduleWithFixedDelay(this::expire, 250, 250, TimeUnit.MILLISECONDS));
        workers.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        Timing.awaitCondition(() -> pending.isEmpty() && messages.values().stream()
            .allMatch(e -> e.received().size() == e.recipients().size()),
            Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) {
                lost.put(e.getKey(), e.getValue());
                tally.count(e.getValue().phase(), e.getValue().kind()).lost.increment();
                problems.add("no answer by the end: " + e.getKey());
            }
        }
        for (Map.Entry<String, Expected> m : messages.entrySet()) {
            final Expected e = m.getValue();
            final int missing = e.recipients().size() - e.received().size();
            if (missing > 0) {
                tally.count(e.phase(), Kind.COPY).lost.add(missing);
                final Set<Integer> without = new LinkedHashSet<>(e.recipients());
                without.removeAll(e.received());
                problems.add("message " + m.getKey() + " (sent in " + e.phase() + ") never reached occupant(s) "
                    + without);
            }
        }
        messages.clear();
        tally.problems(problems);
        return tally;
    }

    /**
     * After {@link #stop}: asks, for every registrar and room, for the registration it last made with success, and
     * returns every one the server does not report as made (the nickname compared ignoring case: Openfire keeps member
     * nicknames lower-cased). Only registrations made in one of {@code phasesWithPlugin} are asked about; a room whose
     * last one was made in another phase is listed as a problem (run the load longer after the last change).
     */
    public List<String> registrationsKept(Set<String> phasesWithPlugin) throws InterruptedException {
        final List<String> wrong = new ArrayList<>();
        final List<BenchClient> registrars = registrars();
        for (int r = 0; r < registrars.size(); r++) {
            final BenchClient client = registrars.get(r);
            final Requests requests = new Requests();
            client.handler(requests);
            for (Map.Entry<String, Registered> e : new java.util.TreeMap<>(registered.get(r)).entrySet()) {
                final String room = e.getKey();
                final Registered made = e.getValue();
                if (!phasesWithPlugin.contains(made.phase())) {
                    wrong.add(client.username + " in " + room + ": last registered '" + made.nick() + "' in phase "
                        + made.phase() + ", without the plugin: nothing to compare");
                    continue;
                }
                final String id = BenchClient.nextId();
                try {
                    final String answer = requests.iq(client, id, Muc.registrationQuery(id, room), shape.timeout());
                    final String nick = "result".equals(Stanza.attribute(answer, "type")) ? Muc.registeredNick(answer)
                        : null;
                    if (!made.nick().equalsIgnoreCase(nick)) {
                        wrong.add(client.username + " in " + room + ": registered '" + made.nick() + "' (" + made.phase()
                            + "), the room answers " + answer);
                    }
                } catch (IOException x) {
                    wrong.add(client.username + " in " + room + ": " + x.getMessage());
                }
            }
            client.handler(BenchClient.IGNORE);
        }
        return wrong;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        final List<BenchClient> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
        }
        all.parallelStream().forEach(BenchClient::close);
    }
}
